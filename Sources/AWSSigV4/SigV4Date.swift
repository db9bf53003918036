/// The two clock forms SigV4 uses, from epoch seconds (UTC): `20150830T123600Z` for
/// `X-Amz-Date` and `20150830` for the credential scope. Pure arithmetic, no Foundation.
public struct SigV4Date: Sendable, Equatable {
    public let epochSeconds: Int64
    public let amzDate: String
    public let dateStamp: String

    public init(epochSeconds: Int64) {
        self.epochSeconds = epochSeconds
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondsOfDay = epochSeconds - days * 86_400
        let (year, month, day) = SigV4Date.civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        dateStamp = "\(year)\(two(month))\(two(day))"
        amzDate = dateStamp + "T" + two(secondsOfDay / 3600) + two(secondsOfDay / 60 % 60) + two(secondsOfDay % 60) + "Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant, "civil_from_days").
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
