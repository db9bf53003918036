import ImpressJSON

/// Attributes kept as their DynamoDB-typed JSON text (`{"browser":{"S":"Chrome"},…}`), as the
/// item decoder validated them: an event keeps here what its typed fields do not hold, and
/// parses it only when a response shows the event. Equal texts are shared by the embedded
/// store (most events pass through the same few browser and device attributes).
public struct ItemText: Sendable, Hashable {
    public let bytes: [UInt8]

    /// No attributes.
    public static let empty = ItemText(bytes: Array("{}".utf8))

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The bytes hashed as one block: hashing them one `UInt8` at a time was a tenth of the
    /// embedded store's load.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// The attributes as an item. The text was validated when it was cut out, so the empty
    /// fallback is never taken; it only keeps this path free of traps.
    public var item: Item {
        (try? JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: true)))
            .flatMap { try? Item(wire: $0) } ?? [:]
    }
}
