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
        let yearText = year < 0 ? "-" + Self.padded(-year, width: 4) : Self.padded(year, width: 4)
        return yearText + "-" + Self.padded(month, width: 2) + "-" + Self.padded(day, width: 2)
    }

    private static func padded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
