import ImpressJSON
import ImpressModel

/// The score fields of a group (API.md §3 "Scores"): the maximum as stored, the average of
/// the scored events only, and the level of the maximum; all `null` when no event is scored.
public struct GroupingRisk: Sendable, Equatable {
    /// The largest score and its exact stored text, echoed by the DecimalEncoder rule.
    public private(set) var maxScore: Double?
    public private(set) var maxText: String?
    private var sum = 0.0
    private var scoredEvents = 0

    public init() {}

    /// Adds an event's `risk_score`, if it has one, read in place: the exact text (a reference
    /// count) only when the score is a new maximum.
    public mutating func add(_ event: UnsafePointer<Event>) {
        guard let score = event.pointee.riskScore, event.pointee.riskScoreText != nil else { return }
        sum += score
        scoredEvents &+= 1
        // Equal maxima render the same literal by value, so which text is kept does not matter.
        if maxScore.map({ score > $0 }) ?? true {
            maxScore = score
            maxText = event.pointee.riskScoreText
        }
    }

    public var level: RiskLevel? { maxScore.map { RiskLevel(score: $0) } }

    /// The mean of the scored events; nil when none is scored.
    public var average: Double? { scoredEvents > 0 ? sum / Double(scoredEvents) : nil }

    /// `max_risk_score` (`decimal`), `avg_risk_score` (`rounded2`), `risk_level` as the
    /// listings and details write them.
    public func writeMax(to out: inout JSONOutput) {
        out.key("max_risk_score")
        out.decimal(maxText)
    }

    public func writeAverage(to out: inout JSONOutput) {
        out.key("avg_risk_score")
        out.rounded2(average)
    }

    public func writeLevel(to out: inout JSONOutput) {
        out.member("risk_level", level?.rawValue)
    }
}
