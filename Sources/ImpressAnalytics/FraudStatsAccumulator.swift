import ImpressModel

/// `/fraud/stats` (API.md §4) over a window's events, fed page by page in any order. Memory
/// grows with distinct users, fingerprints, signals and days, plus about 70 bytes per located
/// user event (impossible travel needs each user's events in time order; see `TravelLog`).
public struct FraudStatsAccumulator: Sendable {
    /// A score at or above this is high risk: `high_risk_users` and the timeline's `high_risk`.
    public static let highRiskScore = 70.0
    public static let highRiskUserLimit = 10
    public static let incidentLimit = 20

    private var totalEvents = 0
    private var fingerprints = KeyBitSet()
    private var users = KeySlots()
    private var userRisks: [UserRisk] = []  // by user id
    private var scoredEvents = 0
    private var scoreSum = CompensatedSum()
    private var levels = RiskLevelCounts()
    /// Events per distinct signal list (by its key), with the list from its first event;
    /// expanded into per-signal counts by `finish`, so an event costs an array increment.
    private var signalListEvents: [Int] = []
    private var signalLists: [[String]] = []
    private var days: [UTCDay: TimelineDay.Counts] = [:]
    /// The day of the last event and its counts not yet merged into `days`: a run of events of
    /// one day (a page in time order) hashes nothing.
    private var pendingDay: UTCDay?
    private var pendingCounts = TimelineDay.Counts()
    private var travel = TravelLog()
    /// Keys events that come without them (see `KeyedEventAccumulator`).
    public var keyTable = Event.KeyTable()

    public init() {}

    /// The per-event work, reading the event in place with its interned keys.
    public mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys) {
        totalEvents += 1
        fingerprints.insert(keys.fingerprint)
        let riskScore = event.pointee.riskScore
        let isHighRisk = riskScore.map { $0 >= Self.highRiskScore } ?? false
        let day = UTCDay(epochMilliseconds: event.pointee.timestamp)
        if day != pendingDay {
            flushPendingDay()
            pendingDay = day
        }
        pendingCounts.add(highRisk: isHighRisk)
        if let score = riskScore {
            scoredEvents += 1
            scoreSum.add(score)
            levels.count(RiskLevel(score: score))
        }
        if keys.signals != Event.Keys.absent {
            let list = Int(keys.signals)
            if list >= signalListEvents.count {
                signalListEvents.append(contentsOf: repeatElement(0, count: list + 1 - signalListEvents.count))
                signalLists.append(contentsOf: repeatElement([], count: list + 1 - signalLists.count))
            }
            if signalListEvents[list] == 0 { signalLists[list] = event.pointee.signals }
            signalListEvents[list] += 1
        }
        if keys.user != Event.Keys.absent {
            let user = users.id(keys.user) { event.pointee.userId ?? "" }
            if Int(user) == userRisks.count { userRisks.append(UserRisk()) }
            userRisks[Int(user)].add(score: riskScore, text: event.pointee.riskScoreText)
            travel.add(at: event, user: user, keys: keys)
        }
    }

    private mutating func flushPendingDay() {
        guard let day = pendingDay else { return }
        // A month's days at once: growing from one resized the table four times for a
        // 14-day timeline (~8k instructions of a 100-event request).
        if days.isEmpty { days.reserveCapacity(32) }
        days[day, default: .init()].merge(pendingCounts)
        pendingCounts = .init()
        pendingDay = nil
    }

    /// Signal → events carrying it; a signal listed twice on one event counts that event once.
    private var signalEvents: [String: Int] {
        var counts: [String: Int] = [:]
        for (list, events) in signalListEvents.enumerated() where events > 0 {
            let signals = signalLists[list]
            if signals.count <= 8 {
                for (i, signal) in signals.enumerated() where !signals[..<i].contains(signal) {
                    counts[signal, default: 0] += events
                }
            } else {
                // Hashing keeps an odd list of thousands of signals linear.
                for signal in Set(signals) { counts[signal, default: 0] += events }
            }
        }
        return counts
    }

    public func finish() -> FraudStats {
        var days = days
        if let day = pendingDay { days[day, default: .init()].merge(pendingCounts) }
        // `ranksBefore` is a total order, user ids being distinct.
        var highRiskUsers = TopRanked<HighRiskUser>(limit: Self.highRiskUserLimit)
        for i in userRisks.indices {
            let risk = userRisks[i]
            guard let max = risk.maxScore, max >= Self.highRiskScore else { continue }
            let candidate = HighRiskUser(
                userId: users[UInt32(truncatingIfNeeded: i)], maxRiskScore: max, maxRiskScoreText: risk.maxScoreText,
                eventCount: risk.eventCount)
            highRiskUsers.offer(candidate, ranksBefore: HighRiskUser.ranksBefore)
        }
        // Incidents are ranked light, by numbers and ids; only the shown ones are made whole.
        var incidentCount = 0
        var fastest = TopRanked<TravelLog.Found>(limit: Self.incidentLimit)
        let userIds = users.strings
        travel.forEachIncident { found in
            incidentCount += 1
            fastest.offer(found) { travel.ranksBefore($0, $1, userIds: userIds) }
        }
        return FraudStats(
            totalEvents: totalEvents,
            uniqueUsers: users.count,
            uniqueFingerprints: fingerprints.count,
            averageRiskScore: scoredEvents > 0 ? scoreSum.value / Double(scoredEvents) : nil,
            riskLevels: levels,
            signals: signalEvents.sorted { $0.key.precedesByCodePoint($1.key) }.map { (signal: $0.key, events: $0.value) },
            highRiskUsers: highRiskUsers.elements,
            impossibleTravelCount: incidentCount,
            incidents: fastest.elements.map { travel.incident($0, userIds: userIds) },
            timeline: days.sorted { $0.key < $1.key }.map { TimelineDay(date: $0.key.isoDate, counts: $0.value) })
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
