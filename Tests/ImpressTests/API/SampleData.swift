import ImpressModel

/// The hand-built data the route tests compute their expectations from.
///
/// org_a:
/// | # | fp  | user | dp | domain | country | risk | signals     | time     | place   |
/// | 1 | fp1 | u1   | d1 | a.com  | ES      | 30   | SS vpn      | apiBase+1000 | Madrid |
/// | 2 | fp1 | u1   | d1 | b.com  | FR      | 80   | L vpn, tor  | apiBase+2000 | Paris  |
/// | 3 | fp2 | u2   | d2 | a.com  | ES      | —    |             | apiBase+3000 | New York |
/// | 4 | fp1 | u2   | d1 | a.com  | —       | 95.5 |             | apiBase+1500 | Madrid |
/// | 5 | fp3 | —    | d3 | c.com  | —       | —    |             | apiBase+4000 |        |
/// | 6 | fp2 | u3   | —  | —      | —       | 10   |             | apiBase+2000 |        |
/// | 8 | fp4 | u4   | —  | —      | —       | —    |             | apiBase+500  |        |
/// org_b:
/// | 7 | fp1 | u1   | d1 | z.com  | DE      | 12345678901234567890123 | | apiBase+2500 | |
/// | 9 | fpB | ub   | dB | —      | —       | —    |             | apiBase+100  |        |
enum SampleData {
    static var items: [Item] {
        [
            apiItem(fp: "fp1", org: "org_a", at: apiBase + 1000, user: "u1", dp: "d1", domain: "a.com", country: "ES",
                 risk: "30", signals: .ss(["vpn"]), lat: "40.4168", lon: "-3.7038"),
            apiItem(fp: "fp1", org: "org_a", at: apiBase + 2000, user: "u1", dp: "d1", domain: "b.com", country: "FR",
                 risk: "80", signals: .l([.s("vpn"), .s("tor")]), lat: "48.8566", lon: "2.3522"),
            apiItem(fp: "fp2", org: "org_a", at: apiBase + 3000, user: "u2", dp: "d2", domain: "a.com", country: "ES",
                 lat: "40.7128", lon: "-74.0060"),
            apiItem(fp: "fp1", org: "org_a", at: apiBase + 1500, user: "u2", dp: "d1", domain: "a.com", risk: "95.5",
                 lat: "40.4168", lon: "-3.7038"),
            apiItem(fp: "fp3", org: "org_a", at: apiBase + 4000, dp: "d3", domain: "c.com"),
            apiItem(fp: "fp2", org: "org_a", at: apiBase + 2000, user: "u3", risk: "10"),
            apiItem(fp: "fp1", org: "org_b", at: apiBase + 2500, user: "u1", dp: "d1", domain: "z.com", country: "DE",
                 risk: "12345678901234567890123"),
            apiItem(fp: "fp4", org: "org_a", at: apiBase + 500, user: "u4"),
            apiItem(fp: "fpB", org: "org_b", at: apiBase + 100, user: "ub", dp: "dB"),
        ]
    }
}
