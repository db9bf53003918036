/// `from`/`to` values (API.md §3): epoch milliseconds, or an ISO 8601 date-time with `Z` or a
/// `±hh:mm` offset, e.g. `2026-12-01T00:00:00Z`, `2026-12-01T01:30:00.123456+01:30`.
/// Seconds may be left out; digits beyond milliseconds are truncated. A zone is required (a
/// local time would depend on where the server runs), and a date must exist (no Feb 30).
/// Calendar math is done here by hand, independent of any locale or time-zone database.
enum TimestampParser {
    /// 8.64e15 ms, ±100,000,000 days around 1970 (ECMAScript's Date range): keeps window
    /// arithmetic far from overflow.
    static let maxEpochMs: Int64 = 8_640_000_000_000_000

    static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.count <= 16, bytes.allSatisfy(isDigit) {
            guard let ms = Int64(text), ms <= maxEpochMs else { return nil }
            return ms
        }
        return iso8601(bytes)
    }

    private static func iso8601(_ b: [UInt8]) -> Int64? {
        var cursor = Scanner(bytes: b)
        guard let year = cursor.digits(4), cursor.skip("-"), let month = cursor.digits(2), cursor.skip("-"),
            let day = cursor.digits(2), cursor.skip("T") || cursor.skip("t"),
            let hour = cursor.digits(2), cursor.skip(":"), let minute = cursor.digits(2)
        else { return nil }
        var second = 0
        var millisecond = 0
        if cursor.skip(":") {
            guard let s = cursor.digits(2) else { return nil }
            second = s
            if cursor.skip(".") {
                guard let fraction = cursor.fractionMilliseconds() else { return nil }
                millisecond = fraction
            }
        }
        guard let offsetMinutes = cursor.zoneOffsetMinutes(), cursor.atEnd else { return nil }
        guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millisecond)
    }

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
    /// low-level date algorithms", days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` ASCII digits as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for c in bytes[index..<(index + count)] {
                guard TimestampParser.isDigit(c) else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// One or more fraction digits as milliseconds, the digits past the third truncated.
        mutating func fractionMilliseconds() -> Int? {
            let start = index
            while index < bytes.count, TimestampParser.isDigit(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            var ms = 0
            for position in 0..<3 {
                let digit = start + position < index ? Int(bytes[start + position] - UInt8(ascii: "0")) : 0
                ms = ms * 10 + digit
            }
            return ms
        }

        /// `Z` → 0, `±hh:mm` → minutes east of UTC; nil for anything else.
        mutating func zoneOffsetMinutes() -> Int? {
            if skip("Z") || skip("z") { return 0 }
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), skip(":"), let minutes = digits(2), hours <= 23, minutes <= 59 else { return nil }
            return sign * (hours * 60 + minutes)
        }
    }
}
