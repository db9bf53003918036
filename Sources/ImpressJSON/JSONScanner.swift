/// A validating cursor over JSON bytes (RFC 8259), the one place the grammar is read: it never
/// traps, validates UTF-8 and escapes, and hands out strings and numbers as spans of the input,
/// so a reader that wants only some of a document (the DynamoDB item decoder) builds nothing
/// for the rest. `JSONParser` builds a `JSONValue` with it.
public struct JSONScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let options: JSONParser.Options
    /// The next byte to read.
    public var index: Int

    public init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options = JSONParser.Options(), index: Int = 0) {
        self.bytes = bytes
        self.options = options
        self.index = index
    }

    public func fail(_ reason: String) -> JSONParser.Error { JSONParser.Error(offset: index, reason: reason) }

    public var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Only whitespace is left.
    public mutating func finish() throws(JSONParser.Error) {
        skipWhitespace()
        guard index == bytes.count else { throw fail("trailing characters") }
    }

    public mutating func checkDepth(_ depth: Int) throws(JSONParser.Error) {
        guard depth <= options.maxDepth else { throw fail("nesting deeper than \(options.maxDepth)") }
    }

    public mutating func expect(_ literal: StaticString) throws(JSONParser.Error) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("unexpected end") }
        let matches = literal.withUTF8Buffer { lit in
            (0..<count).allSatisfy { bytes[index + $0] == lit[$0] }
        }
        guard matches else { throw fail("unexpected literal") }
        index += count
    }

    // MARK: Structure. A value starts at a non-space byte; these leave the cursor on one.

    /// On `{`: consumes it; false when the object is empty (its `}` consumed too).
    public mutating func beginObject() -> Bool { begin(closing: UInt8(ascii: "}")) }

    /// A member's name and its `:`.
    public mutating func memberName() throws(JSONParser.Error) -> JSONString {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected member name") }
        let name = try scanString()
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
        index += 1
        skipWhitespace()
        return name
    }

    /// After a member's value: true when another member follows, false at the object's end.
    public mutating func nextMember() throws(JSONParser.Error) -> Bool {
        try next(closing: UInt8(ascii: "}"), "expected ',' or '}'")
    }

    /// On `[`: consumes it; false when the array is empty (its `]` consumed too).
    public mutating func beginArray() -> Bool { begin(closing: UInt8(ascii: "]")) }

    private mutating func begin(closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard peek == closing else { return true }
        index += 1
        return false
    }

    /// After an element: true when another element follows, false at the array's end.
    public mutating func nextElement() throws(JSONParser.Error) -> Bool {
        try next(closing: UInt8(ascii: "]"), "expected ',' or ']'")
    }

    private mutating func next(closing: UInt8, _ reason: String) throws(JSONParser.Error) -> Bool {
        skipWhitespace()
        guard let b = peek, b == UInt8(ascii: ",") || b == closing else { throw fail(reason) }
        index += 1
        guard b == UInt8(ascii: ",") else { return false }
        skipWhitespace()
        return true
    }

    // MARK: Scalars.

    /// A number's text (on its first byte), by the JSON grammar.
    public mutating func scanNumber() throws(JSONParser.Error) -> Range<Int> {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, Self.isDigit(first) else { throw fail("bad number") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let d = peek, Self.isDigit(d) else { throw fail("bad fraction") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let d = peek, Self.isDigit(d) else { throw fail("bad exponent") }
            skipDigits()
        }
        return start..<index
    }

    private mutating func skipDigits() {
        while let d = peek, Self.isDigit(d) { index += 1 }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// A string (on its opening quote), validated whole: escapes, surrogate pairs, UTF-8.
    /// Nearly every string in a DynamoDB page is plain ASCII: that case is one tight loop.
    public mutating func scanString() throws(JSONParser.Error) -> JSONString {
        index += 1  // opening quote
        let start = index
        var plain = true
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return JSONString(content: start..<(index - 1), escaped: false)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 {
                plain = false
                break
            }
            index += 1
        }
        if plain { throw fail("unterminated string") }
        return try scanSpecialString(from: start)
    }

    /// The rest of a string that holds an escape, a control byte or a non-ASCII byte.
    mutating func scanSpecialString(from start: Int) throws(JSONParser.Error) -> JSONString {
        var escaped = false
        var ascii = true
        while true {
            guard let b = peek else { throw fail("unterminated string") }
            index += 1
            switch b {
            case UInt8(ascii: "\""):
                let content = start..<(index - 1)
                if !ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[content]), as: UTF8.self) == nil {
                    throw fail("invalid UTF-8")
                }
                return JSONString(content: content, escaped: escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                try scanEscape()
            case 0..<0x20: throw fail("control character in string")
            case 0x80...: ascii = false
            default: break
            }
        }
    }

    /// One escape, after its backslash.
    private mutating func scanEscape() throws(JSONParser.Error) {
        guard let e = peek else { throw fail("unterminated escape") }
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800...0xDBFF).contains(high) {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw fail("lone surrogate") }
                index += 2
                guard (0xDC00...0xDFFF).contains(try hex4()) else { throw fail("lone surrogate") }
            } else if (0xDC00...0xDFFF).contains(high) {
                throw fail("lone surrogate")
            }
        default: throw fail("bad escape")
        }
    }

    private mutating func hex4() throws(JSONParser.Error) -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Self.hexValue(bytes[index]) else { throw fail("bad hex digit") }
            index += 1
            v = v << 4 | d
        }
        return v
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// The bytes of a span of the input.
    public func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

    /// A scanned string's text.
    public func text(_ string: JSONString) -> String {
        let raw = slice(string.content)
        return string.escaped ? JSONString.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }
}
