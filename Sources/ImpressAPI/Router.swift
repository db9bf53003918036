import ImpressHTTP
import ImpressJSON

/// A route's work once the caller is authorized: parse parameters, read, analyse, encode.
/// What it returns is the `200` body, written (see `ReadOutcome.body`).
public typealias RouteHandler = @Sendable (RouteContext) throws(APIError) -> [UInt8]

/// The authenticated routes, built once at start and then only read. Patterns are literal
/// segments plus at most one `{name}` segment that captures a percent-decoded id.
public struct Router: Sendable {
    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter
    }

    private struct Entry: Sendable {
        var pattern: [Segment]
        var handler: RouteHandler
    }

    private var entries: [Entry] = []

    public init() {}

    /// Registers `GET pattern`, e.g. `/users/{id}`; a later registration of the same pattern
    /// replaces the earlier one (how a placeholder gives way to the real route).
    public mutating func get(_ pattern: String, _ handler: @escaping RouteHandler) {
        let segments: [Segment] = pattern.split(separator: "/").map {
            $0.hasPrefix("{") && $0.hasSuffix("}") ? .parameter : .literal(String($0))
        }
        entries.removeAll { $0.pattern == segments }
        entries.append(Entry(pattern: segments, handler: handler))
    }

    /// The handler for decoded path segments and the captured id, if any.
    func match(_ segments: [String]) -> (handler: RouteHandler, parameter: String?)? {
        for entry in entries where entry.pattern.count == segments.count {
            var parameter: String?
            let matches = zip(entry.pattern, segments).allSatisfy { pattern, segment in
                switch pattern {
                case .literal(let literal): return literal == segment
                case .parameter:
                    parameter = segment
                    return !segment.isEmpty
                }
            }
            if matches { return (entry.handler, parameter) }
        }
        return nil
    }
}
