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

    public var members: [(key: String, value: JSONValue)] {
        [
            ("total_events", .int(totalEvents)),
            ("unique_users", .int(uniqueUsers)),
            ("unique_fingerprints", .int(uniqueFingerprints)),
            ("average_risk_score", averageRiskScore.map(JSONValue.rounded2) ?? .null),
            ("risk_levels", riskLevels.json),
            ("signals", .object(signals.map { ($0.signal, .int($0.events)) })),
            ("high_risk_users", .array(highRiskUsers.map(\.json))),
            ("impossible_travel", .object([("count", .int(impossibleTravelCount)), ("incidents", .array(incidents.map(\.json)))])),
            ("timeline", .array(timeline.map(\.json))),
        ]
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
    public var json: JSONValue {
        .object([("low", .int(low)), ("medium", .int(medium)), ("high", .int(high)), ("critical", .int(critical))])
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

    public var json: JSONValue {
        .object([
            ("user_id", .string(userId)),
            ("max_risk_score", maxRiskScoreText.flatMap(JSONNumber.literal(decimal:)).map(JSONValue.number) ?? .null),
            ("event_count", .int(eventCount)),
        ])
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

    public var json: JSONValue {
        .object([("date", .string(date)), ("events", .int(counts.events)), ("high_risk", .int(counts.highRisk))])
    }
}
