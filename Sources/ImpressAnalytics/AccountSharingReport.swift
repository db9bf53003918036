import ImpressJSON

/// The `/account-sharing` body (API.md §4): `rows` are the whole sorted `items` list, for the
/// API layer to page; `writeSummaryMembers` writes `summary`.
public struct AccountSharingReport: Sendable {
    /// Score desc, then user id.
    public var rows: [AccountSharingRow]
    public var usersAnalyzed: Int
    public var flaggedUsers: Int

    /// flagged ÷ analysed, a fraction; 0 when no user was analysed.
    public var sharingRate: Double { usersAnalyzed > 0 ? Double(flaggedUsers) / Double(usersAnalyzed) : 0 }

    public func writeSummaryMembers(to out: inout JSONOutput) {
        out.key("summary")
        out.object { out in
            out.member("users_analyzed", usersAnalyzed)
            out.member("flagged_users", flaggedUsers)
            out.key("sharing_rate")
            out.rounded2(sharingRate)
        }
    }
}

/// One user's sharing evidence and score.
public struct AccountSharingRow: Sendable, Equatable {
    public var userId: String
    /// D
    public var fingerprintCount: Int
    public var ipCount: Int
    /// G (proxied events count too)
    public var countryCount: Int
    /// T, as in /fraud/stats
    public var impossibleTravelCount: Int
    /// C
    public var maxConcurrent: Int
    public var eventCount: Int
    public var firstSeen: Int64
    public var lastSeen: Int64
    /// Sorted organization ids, superadmin all-orgs only.
    public var organizations: [String]?

    public var sharingScore: Int {
        Self.sharingScore(
            fingerprints: fingerprintCount, concurrent: maxConcurrent, countries: countryCount,
            travel: impossibleTravelCount)
    }

    /// Many devices alone are one person with a phone and a laptop: flagged needs concurrent
    /// sessions or impossible travel too.
    public var flagged: Bool { sharingScore >= 40 && (maxConcurrent >= 2 || impossibleTravelCount >= 1) }

    /// min(100, 10·clamp(D−2, 0, 4) + 25·clamp(C−1, 0, 2) + 10·clamp(G−1, 0, 2) + 15·min(T, 2)).
    public static func sharingScore(fingerprints d: Int, concurrent c: Int, countries g: Int, travel t: Int) -> Int {
        func clamp(_ x: Int, _ upper: Int) -> Int { min(max(x, 0), upper) }
        return min(100, 10 * clamp(d - 2, 4) + 25 * clamp(c - 1, 2) + 10 * clamp(g - 1, 2) + 15 * clamp(t, 2))
    }

    static func ranksBefore(_ a: AccountSharingRow, _ b: AccountSharingRow) -> Bool {
        let scoreA = a.sharingScore
        let scoreB = b.sharingScore
        return scoreA != scoreB ? scoreA > scoreB : a.userId.precedesByCodePoint(b.userId)
    }

    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("user_id", userId)
            out.member("fingerprint_count", fingerprintCount)
            out.member("ip_count", ipCount)
            out.member("country_count", countryCount)
            out.member("impossible_travel_count", impossibleTravelCount)
            out.member("max_concurrent", maxConcurrent)
            out.member("sharing_score", sharingScore)
            out.member("flagged", flagged)
            out.member("event_count", eventCount)
            out.member("first_seen", firstSeen)
            out.member("last_seen", lastSeen)
            if let organizations {
                out.member("organizations", strings: organizations)
            }
        }
    }
}
