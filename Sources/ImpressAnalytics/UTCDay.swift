/// A UTC calendar day, as days since 1970-01-01, for the `/fraud/stats` timeline. Computed by
/// hand (Howard Hinnant's `civil_from_days`), so any `Int64` timestamp, negative ones too, has
/// a day and nothing depends on a date formatter.
struct UTCDay: Sendable, Hashable, Comparable {
    static let millisecondsPerDay: Int64 = 86_400_000

    var daysSinceEpoch: Int64

    init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// The day holding an epoch-millisecond instant (floor division: -1 ms is 1969-12-31).
    init(epochMilliseconds ms: Int64) {
        let quotient = ms / Self.millisecondsPerDay  // the divisor is not -1: cannot overflow
        daysSinceEpoch = ms % Self.millisecondsPerDay < 0 ? quotient - 1 : quotient
    }

    static func < (a: UTCDay, b: UTCDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// `YYYY-MM-DD` (proleptic Gregorian); years before 1 are written `-YYYY` (ISO 8601
    /// expanded form, year 0 = 1 BC), years past 9999 with their extra digits.
    var isoDate: String {
        // |days| ≤ 1.1e14 for Int64 milliseconds, far from overflow in the steps below.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // [0, 365], from March 1
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // [0, 11], March = 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        if year >= 0 && year <= 9999 { return Self.fourDigitYearDate(year: year, month: month, day: day) }
        let yearText = year < 0 ? "-" + Self.padded(-year, width: 4) : Self.padded(year, width: 4)
        return yearText + "-" + Self.padded(month, width: 2) + "-" + Self.padded(day, width: 2)
    }

    /// The usual case written into a small string's own storage: no padding strings, no
    /// concatenation (the timeline's dates were a tenth of a small `/fraud/stats` request).
    private static func fourDigitYearDate(year: Int64, month: Int64, day: Int64) -> String {
        String(unsafeUninitializedCapacity: 10) { text in
            // Every value is within its digit count (year ≤ 9999, month ≤ 12, day ≤ 31), so
            // each digit is 0…9 and fits a UInt8.
            func digit(_ value: Int64) -> UInt8 { UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0") }
            text[0] = digit(year / 1000)
            text[1] = digit(year / 100)
            text[2] = digit(year / 10)
            text[3] = digit(year)
            text[4] = UInt8(ascii: "-")
            text[5] = digit(month / 10)
            text[6] = digit(month)
            text[7] = UInt8(ascii: "-")
            text[8] = digit(day / 10)
            text[9] = digit(day)
            return 10
        }
    }

    private static func padded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
