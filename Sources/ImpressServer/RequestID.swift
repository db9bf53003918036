/// Request ids: the web server's when it is safe to log and echo, else a random one.
enum RequestID {
    /// 1–128 characters of `[A-Za-z0-9._-]`.
    static func isSane(_ id: String) -> Bool {
        // Over the contiguous bytes: through `String.UTF8View` this was most of the cost of
        // taking nginx's 32-digit id.
        var id = id
        return id.withUTF8 { bytes in
            (1...128).contains(bytes.count)
                && bytes.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                        true
                    default:
                        false
                    }
                }
        }
    }

    /// 32 lower-case hex digits, like nginx's `$request_id`.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
