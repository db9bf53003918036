import ImpressModel

/// `/fraud/stats` (API.md §4) over a window's events, fed page by page in any order. Memory
/// grows with distinct users, fingerprints, signals and days, plus one `TravelPoint` per
/// located user event (impossible travel needs each user's events in time order).
public struct FraudStatsAccumulator: Sendable {
    /// A score at or above this is high risk: `high_risk_users` and the timeline's `high_risk`.
    public static let highRiskScore = 70.0
    public static let highRiskUserLimit = 10
    public static let incidentLimit = 20

    private var totalEvents = 0
    private var fingerprints: Set<String> = []
    private var users = StringInterner()
    private var userRisks: [UserRisk] = []  // by user id
    private var scoredEvents = 0
    private var scoreSum = CompensatedSum()
    private var levels = RiskLevelCounts()
    private var signalEvents: [String: Int] = [:]
    private var days: [UTCDay: TimelineDay.Counts] = [:]
    private var travel = TravelLog()

    public init() {}

    /// The per-event work, reading the event in place (see `forEachInPlace`).
    public mutating func add(at event: UnsafePointer<Event>) {
        totalEvents += 1
        fingerprints.insert(event.pointee.fingerprint)
        let isHighRisk = event.pointee.riskScore.map { $0 >= Self.highRiskScore } ?? false
        days[UTCDay(epochMilliseconds: event.pointee.timestamp), default: .init()].add(highRisk: isHighRisk)
        if let score = event.pointee.riskScore {
            scoredEvents += 1
            scoreSum.add(score)
            levels.count(RiskLevel(score: score))
        }
        // A signal listed twice on one event still counts that event once.
        let signals = event.pointee.signals
        for (i, signal) in signals.enumerated() where !signals[..<i].contains(signal) {
            signalEvents[signal, default: 0] += 1
        }
        if let userId = event.pointee.userId {
            let user = users.id(userId)
            if Int(user) == userRisks.count { userRisks.append(UserRisk()) }
            userRisks[Int(user)].add(score: event.pointee.riskScore, text: event.pointee.riskScoreText)
            travel.add(at: event, user: user)
        }
    }

    public func finish() -> FraudStats {
        let highRiskUsers = userRisks.indices.compactMap { i -> HighRiskUser? in
            let risk = userRisks[i]
            guard let max = risk.maxScore, max >= Self.highRiskScore else { return nil }
            return HighRiskUser(
                userId: users[UInt32(i)], maxRiskScore: max, maxRiskScoreText: risk.maxScoreText, eventCount: risk.eventCount)
        }
        var incidentCount = 0
        var fastest: [TravelIncident] = []  // ranked, at most `incidentLimit`
        travel.forEachIncident(userIds: users) { _, incident in
            incidentCount += 1
            Self.keep(incident, among: &fastest)
        }
        return FraudStats(
            totalEvents: totalEvents,
            uniqueUsers: users.count,
            uniqueFingerprints: fingerprints.count,
            averageRiskScore: scoredEvents > 0 ? scoreSum.value / Double(scoredEvents) : nil,
            riskLevels: levels,
            signals: signalEvents.sorted { $0.key.precedesByCodePoint($1.key) }.map { (signal: $0.key, events: $0.value) },
            highRiskUsers: Array(highRiskUsers.sorted(by: HighRiskUser.ranksBefore).prefix(Self.highRiskUserLimit)),
            impossibleTravelCount: incidentCount,
            incidents: fastest,
            timeline: days.sorted { $0.key < $1.key }.map { TimelineDay(date: $0.key.isoDate, counts: $0.value) })
    }

    /// Inserts `incident` in rank order into `ranked` when it is among the fastest
    /// `incidentLimit` (a window can hold millions of incidents; only 20 are shown).
    static func keep(_ incident: TravelIncident, among ranked: inout [TravelIncident]) {
        if ranked.count == incidentLimit {
            guard let last = ranked.last, incidentRanksBefore(incident, last) else { return }
            ranked.removeLast()
        }
        let index = ranked.firstIndex { incidentRanksBefore(incident, $0) } ?? ranked.endIndex
        ranked.insert(incident, at: index)
    }

    /// Speed desc, then user id, then `from` time (then `from`'s SK and fingerprint, so the
    /// order is total).
    static func incidentRanksBefore(_ a: TravelIncident, _ b: TravelIncident) -> Bool {
        if a.speedKmh != b.speedKmh { return a.speedKmh > b.speedKmh }
        if !a.userId.utf8.elementsEqual(b.userId.utf8) { return a.userId.precedesByCodePoint(b.userId) }
        return a.from.position < b.from.position
    }
}

/// One user's score summary while accumulating.
struct UserRisk: Sendable {
    var eventCount = 0
    var maxScore: Double?
    var maxScoreText: String?

    mutating func add(score: Double?, text: String?) {
        eventCount += 1
        guard let score, let text else { return }
        // Equal values with different texts (`70`, `70.0`): keep the smaller text, so the
        // echo does not depend on the order events arrive in.
        if let max = maxScore, let maxText = maxScoreText,
            score < max || (score == max && !text.precedesByCodePoint(maxText))
        {
            return
        }
        maxScore = score
        maxScoreText = text
    }
}
