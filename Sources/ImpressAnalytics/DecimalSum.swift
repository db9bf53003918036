import ImpressJSON

/// A sum of stored `N` values (`revenue`) that follows the DecimalEncoder rule (API.md §1):
/// kept exactly, as a fixed-point integer of 10⁻¹⁸ units, so `0.1 + 0.2` is `0.3`, integral
/// totals are integer literals and the result never depends on the order of the terms. A term
/// finer than 10⁻¹⁸ or a total beyond ±1.7·10²⁰ cannot be exact; the sum then falls back to
/// binary floating point, written rounded to 2 decimals like the other computed values.
struct DecimalSum: Sendable {
    private static let fractionDigits = 18
    private static let unit: Int128 = 1_000_000_000_000_000_000  // 10^18

    private var scaled: Int128 = 0
    private var isExact = true
    private var approximate: Double = 0

    mutating func add(_ numberText: String) {
        approximate += Double(numberText) ?? 0
        guard isExact else { return }
        guard let term = Self.scaledValue(numberText) else { isExact = false; return }
        add(scaled: term)
    }

    mutating func add(_ other: DecimalSum) {
        approximate += other.approximate
        guard isExact else { return }
        guard other.isExact else { isExact = false; return }
        add(scaled: other.scaled)
    }

    private mutating func add(scaled term: Int128) {
        let (total, overflow) = scaled.addingReportingOverflow(term)
        if overflow { isExact = false } else { scaled = total }
    }

    func write(to out: inout JSONOutput) {
        guard isExact else { return out.rounded2(approximate) }
        let whole = scaled / Self.unit
        let fraction = String((scaled % Self.unit).magnitude)
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        let text = sign + String(whole) + "." + String(repeating: "0", count: Self.fractionDigits - fraction.count) + fraction
        out.number(JSONNumber.literal(decimal: text) ?? "0")
    }

    /// The value of a decimal literal (`12`, `-0.25`, `1.5E2`) in 10⁻¹⁸ units, or nil when it
    /// is not a number, is finer than that or does not fit.
    static func scaledValue(_ text: String) -> Int128? {
        var bytes = text.utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: Int128 = 0
        var digitCount = 0
        var digitsAfterPoint = 0
        var sawPoint = false
        var exponent = 0
        while let c = bytes.first {
            bytes = bytes.dropFirst()
            if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int128(c - UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                mantissa = next
                digitCount += 1
                if sawPoint { digitsAfterPoint += 1 }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                // `magnitude`, not `abs`: abs(Int.min) traps.
                guard let e = Int(String(Substring(bytes))), e.magnitude < 10_000 else { return nil }
                exponent = e
                bytes = bytes[bytes.endIndex...]
            } else {
                return nil
            }
        }
        guard digitCount > 0 else { return nil }
        let shift = exponent - digitsAfterPoint + Self.fractionDigits
        if shift >= 0 {
            guard mantissa == 0 || shift <= 38 else { return nil }
            for _ in 0..<min(shift, 38) {
                let (next, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                mantissa = next
            }
        } else {
            for _ in 0..<min(-shift, 39) {
                guard mantissa % 10 == 0 else { return nil }
                mantissa /= 10
            }
        }
        return negative ? -mantissa : mantissa
    }
}
