/// A number written plainly: an optional `-`, digits, at most one `.`, no exponent, at most
/// 300 bytes after the sign (so finite as a Double, and an integer's trailing zeros stay within
/// what `DecimalParts` calls integral). Scanned without allocating; what the number rules need
/// to decide the common cases.
struct PlainDecimal {
    var negative = false
    var hasPoint = false
    var integerDigits = 0
    var fractionDigits = 0
    /// The first byte after the sign (a digit, or `.`).
    var first: UInt8 = 0
    /// The first digit after the point; 0 when there is none.
    var firstFraction: UInt8 = 0
    /// The last byte.
    var last: UInt8 = 0

    init?(_ text: String) {
        // Scanned as one contiguous buffer: iterating the UTF8View goes through String's
        // index machinery for every byte.
        var text = text
        guard let scanned = text.withUTF8(PlainDecimal.init(utf8:)) else { return nil }
        self = scanned
    }

    private init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var utf8 = bytes[...]
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        guard let first = utf8.first, utf8.count <= 300 else { return nil }
        self.first = first
        for c in utf8 {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                if !hasPoint {
                    integerDigits += 1
                } else {
                    if fractionDigits == 0 { firstFraction = c }
                    fractionDigits += 1
                }
            } else if c == UInt8(ascii: "."), !hasPoint {
                hasPoint = true
            } else {
                return nil
            }
            last = c
        }
    }
}
