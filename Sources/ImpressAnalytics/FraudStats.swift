import ImpressJSON

/// The `/fraud/stats` body (API.md §4), without the members every route adds (`window`,
/// `organizationId`, `events_scanned`, `truncated`).
public struct FraudStats: Sendable {
    public var totalEvents: Int
    public var uniqueUsers: Int
    public var uniqueFingerprints: Int
    /// Mean over the scored events; nil when none is scored.
    public var averageRiskScore: Double?
    public var riskLevels: RiskLevelCounts
    /// Events carrying each signal, by signal in code-point order.
    public var signals: [(signal: String, events: Int)]
    /// At most 10, ranked.
    public var highRiskUsers: [HighRiskUser]
    /// All incidents of the window.
    public var impossibleTravelCount: Int
    /// The 20 fastest, ranked.
    public var incidents: [TravelIncident]
    /// Days with events, ascending.
    public var timeline: [TimelineDay]

    /// Writes the members into the route's object.
    public func writeMembers(to out: inout JSONOutput) {
        out.member("total_events", totalEvents)
        out.member("unique_users", uniqueUsers)
        out.member("unique_fingerprints", uniqueFingerprints)
        out.key("average_risk_score")
        out.rounded2(averageRiskScore)
        out.key("risk_levels")
        riskLevels.write(to: &out)
        out.key("signals")
        out.object { out in
            for (signal, events) in signals {
                out.key(escaping: signal)
                out.int(events)
            }
        }
        out.key("high_risk_users")
        out.array { out in for user in highRiskUsers { user.write(to: &out) } }
        out.key("impossible_travel")
        out.object { out in
            out.member("count", impossibleTravelCount)
            out.key("incidents")
            out.array { out in for incident in incidents { incident.write(to: &out) } }
        }
        out.key("timeline")
        out.array { out in for day in timeline { day.write(to: &out) } }
    }
}

/// Scored events per risk level (API.md §3 levels).
public struct RiskLevelCounts: Sendable, Equatable {
    public var low = 0
    public var medium = 0
    public var high = 0
    public var critical = 0

    public init() {}

    public mutating func count(_ level: RiskLevel) {
        switch level {
        case .low: low += 1
        case .medium: medium += 1
        case .high: high += 1
        case .critical: critical += 1
        }
    }

    /// All four keys, always.
    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("low", low)
            out.member("medium", medium)
            out.member("high", high)
            out.member("critical", critical)
        }
    }
}

/// A user whose highest score is at least 70.
public struct HighRiskUser: Sendable {
    public var userId: String
    public var maxRiskScore: Double
    /// The stored `N` text of that score, echoed by the DecimalEncoder rule.
    public var maxRiskScoreText: String?
    public var eventCount: Int

    /// Max score desc, then event count desc, then user id (API.md §4).
    static func ranksBefore(_ a: HighRiskUser, _ b: HighRiskUser) -> Bool {
        if a.maxRiskScore != b.maxRiskScore { return a.maxRiskScore > b.maxRiskScore }
        if a.eventCount != b.eventCount { return a.eventCount > b.eventCount }
        return a.userId.precedesByCodePoint(b.userId)
    }

    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("user_id", userId)
            out.key("max_risk_score")
            out.decimal(maxRiskScoreText)
            out.member("event_count", eventCount)
        }
    }
}

/// One UTC day of the timeline.
public struct TimelineDay: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var events = 0
        /// Events scored ≥ 70.
        public var highRisk = 0

        mutating func add(highRisk isHighRisk: Bool) {
            events += 1
            if isHighRisk { highRisk += 1 }
        }

        mutating func merge(_ other: Counts) {
            events += other.events
            highRisk += other.highRisk
        }
    }

    /// `YYYY-MM-DD`, UTC.
    public var date: String
    public var counts: Counts

    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("date", date)
            out.member("events", counts.events)
            out.member("high_risk", counts.highRisk)
        }
    }
}
