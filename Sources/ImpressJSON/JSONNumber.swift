#if canImport(Glibc)
import Glibc  // rounding calls into libm
#endif

/// The contract's number rules (API.md §1, "the DecimalEncoder rule"): a stored number is
/// written as an integer literal, with all its digits, when its value is integral, and as a
/// floating-point number otherwise. Computed values are rounded to 2 decimals.
public enum JSONNumber {
    /// The JSON literal for a decimal number's text (a DynamoDB `N` or a JSON number), or nil
    /// when the text is not a number. `100.0` → `100`, `1.5E2` → `150`, `-0` → `0`,
    /// `12345678901234567890123` unchanged, `0.25` → `0.25`.
    public static func literal(decimal text: String) -> String? {
        if isOwnLiteral(text) { return text }
        guard let d = DecimalParts(text) else { return nil }
        if let integer = d.integralDigits() { return integer }
        guard let value = Double(text), value.isFinite else { return nil }
        return formatDouble(value)
    }

    /// Whether `text` is already the literal `literal(decimal:)` would give, decided without
    /// allocating (most stored numbers are: scores, coordinates), so it is echoed as it is:
    /// - an integer without leading zeros, not `-0`: the integral rule keeps every digit;
    /// - a plain fraction `[-]I.F`, no leading zeros, `F` ending in a nonzero digit, at most 15
    ///   significant digits, at least 0.1 in magnitude. Two decimals of at most 15 significant
    ///   digits never round to the same Double (its spacing is under 2.3·10⁻¹⁶ relative), so
    ///   the shortest text that round-trips is the text itself, and Swift writes values from
    ///   0.1 to 10¹⁵ without an exponent.
    private static func isOwnLiteral(_ text: String) -> Bool {
        guard let p = PlainDecimal(text), p.integerDigits > 0 else { return false }
        let leadingZero = p.first == UInt8(ascii: "0")
        guard p.hasPoint else { return leadingZero ? p.integerDigits == 1 && !p.negative : true }
        guard p.fractionDigits > 0, p.last != UInt8(ascii: "0") else { return false }
        if leadingZero {
            return p.integerDigits == 1 && p.firstFraction != UInt8(ascii: "0") && p.fractionDigits <= 15
        }
        return p.integerDigits + p.fractionDigits <= 15
    }

    /// Whether `literal(decimal:)` has an answer for `text`, without writing it: what makes
    /// a DynamoDB `N` valid, checked for every number an item holds.
    public static func isDecimal(_ text: String) -> Bool {
        if isPlainDecimal(text) { return true }
        guard let d = DecimalParts(text) else { return false }
        return d.isIntegral || Double(text)?.isFinite == true
    }

    /// The common case decided without allocating: a plain decimal (`PlainDecimal`) with a
    /// digit, short enough that the value is finite as a Double.
    private static func isPlainDecimal(_ text: String) -> Bool {
        guard let p = PlainDecimal(text) else { return false }
        return p.integerDigits + p.fractionDigits > 0
    }

    /// A computed value rounded half away from zero to 2 decimals, 0 when not finite (what
    /// `JSONOutput.rounded2` writes).
    public static func rounded2Value(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (value * 100).rounded(.toNearestOrAwayFromZero) / 100
    }

    /// Shortest round-trip text of a Double; integral values as integers.
    public static func formatDouble(_ value: Double) -> String {
        integral(value).map { String($0) } ?? "\(value)"
    }

    /// The value as an integer when it is integral and below 10^15 in magnitude (where every
    /// integer is exact as a Double), so it is written without a fraction or an exponent.
    public static func integral(_ value: Double) -> Int64? {
        value == value.rounded() && abs(value) < 1e15 ? Int64(value) : nil
    }
}

/// A decimal literal split into sign, digits and a power of ten, so integrality is decided
/// exactly, by value, with no floating point.
struct DecimalParts {
    var negative: Bool
    var digits: [UInt8]  // ASCII digits, no leading zeros except a lone "0"
    var exponent: Int  // value = digits × 10^exponent

    init?(_ text: String) {
        var utf8 = Array(text.utf8)[...]
        negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var exp = 0
        while let c = utf8.first {
            if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                mantissa.append(c); sawDigit = true
                if sawPoint { fractionDigits += 1 }
                utf8 = utf8.dropFirst()
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true; utf8 = utf8.dropFirst()
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                utf8 = utf8.dropFirst()
                guard let e = Int(String(decoding: utf8, as: UTF8.self)), e.magnitude < 10_000 else { return nil }
                exp = e
                utf8 = utf8[utf8.endIndex...]
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        exponent = exp - fractionDigits
        // Strip leading zeros, then move trailing zeros into the exponent.
        while mantissa.count > 1, mantissa.first == UInt8(ascii: "0") { mantissa.removeFirst() }
        while mantissa.count > 1, mantissa.last == UInt8(ascii: "0") { mantissa.removeLast(); exponent += 1 }
        if mantissa == [UInt8(ascii: "0")] { exponent = 0; negative = false }
        digits = mantissa
    }

    /// The integer's decimal text when the value is integral (and not absurdly long).
    var isIntegral: Bool { exponent >= 0 && exponent <= 400 }

    func integralDigits() -> String? {
        guard isIntegral else { return nil }
        var text = negative ? "-" : ""
        text += String(decoding: digits, as: UTF8.self)
        if digits != [UInt8(ascii: "0")] { text += String(repeating: "0", count: exponent) }
        return text
    }
}
