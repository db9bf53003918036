import ImpressJSON

/// Why bytes are not an event's item: not JSON (or duplicate names, or too deep), or JSON that
/// is not a typed item, or an item without the fields every event has.
public enum ItemDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    case json(JSONParser.Error)
    case attribute(AttributeValueError)

    public var description: String {
        switch self {
        case .json(let error): return error.description
        case .attribute(let error): return error.description
        }
    }
}
