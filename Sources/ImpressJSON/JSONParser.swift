/// A strict RFC 8259 parser. Built for input from outside (tokens, DynamoDB replies, the
/// embedded store's lines): it never traps, bounds nesting depth, validates UTF-8 and
/// escapes, and can refuse duplicate member names. The grammar is `JSONScanner`'s.
public struct JSONParser {
    public struct Options: Sendable {
        public var rejectDuplicateKeys: Bool
        public var maxDepth: Int
        public init(rejectDuplicateKeys: Bool = false, maxDepth: Int = 64) {
            self.rejectDuplicateKeys = rejectDuplicateKeys
            self.maxDepth = maxDepth
        }
    }

    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ text: String, options: Options = Options()) throws(Error) -> JSONValue {
        var copy = text
        return try copy.withUTF8 { buffer in
            Result { () throws(Error) in try parse(bytes: buffer, options: options) }
        }.get()
    }

    public static func parse<C: Collection>(_ bytes: C, options: Options = Options()) throws(Error) -> JSONValue
    where C.Element == UInt8 {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer in
            Result { () throws(Error) in try parse(bytes: buffer, options: options) }
        }.get()
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>, options: Options = Options()) throws(Error) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes, options: options)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        try scanner.finish()
        return value
    }
}

extension JSONScanner {
    /// The value at the cursor, `depth` containers deep, as a tree.
    public mutating func value(depth: Int) throws(JSONParser.Error) -> JSONValue {
        try checkDepth(depth)
        guard let byte = peek else { throw fail("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [(key: String, value: JSONValue)] = []
            var seen: Set<String> = []
            guard beginObject() else { return .object(members) }
            repeat {
                let key = text(try memberName())
                if options.rejectDuplicateKeys {
                    guard seen.insert(key).inserted else { throw fail("duplicate member name") }
                }
                members.append((key, try value(depth: depth + 1)))
            } while try nextMember()
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            guard beginArray() else { return .array(elements) }
            repeat { elements.append(try value(depth: depth + 1)) } while try nextElement()
            return .array(elements)
        case UInt8(ascii: "\""): return .string(text(try scanString()))
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(String(decoding: slice(try scanNumber()), as: UTF8.self))
        default: throw fail("unexpected character")
        }
    }
}
