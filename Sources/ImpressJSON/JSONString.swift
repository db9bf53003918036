/// A string the scanner validated: the span of its contents between the quotes, and whether
/// it holds escapes (when not, the span is the text itself).
public struct JSONString: Sendable, Equatable {
    public var content: Range<Int>
    public var escaped: Bool

    public init(content: Range<Int>, escaped: Bool) {
        self.content = content
        self.escaped = escaped
    }

    /// The text of validated string contents that hold escapes. Validation already refused
    /// bad escapes and lone surrogates; anything else still decodes (to U+FFFD), never traps.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4() -> UInt32? {
            guard raw.count - i >= 4 else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let d = JSONScanner.hexValue(raw[i]) else { return nil }
                v = v << 4 | d
                i += 1
            }
            return v
        }
        while i < raw.count {
            let b = raw[i]
            i += 1
            guard b == UInt8(ascii: "\\"), i < raw.count else {
                out.append(b)
                continue
            }
            let e = raw[i]
            i += 1
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4() ?? 0xFFFD
                if (0xD800...0xDBFF).contains(scalar), raw.count - i >= 6, raw[i] == UInt8(ascii: "\\") {
                    i += 2
                    let low = hex4() ?? 0xDC00
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + ((low &- 0xDC00) & 0x3FF)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
