import ImpressJSON
import ImpressModel

/// The score fields of a group (API.md §3 "Scores"): the maximum as stored, the average of
/// the scored events only, and the level of the maximum; all `null` when no event is scored.
public struct GroupingRisk: Sendable, Equatable {
    /// The largest score and its exact stored text, echoed by the DecimalEncoder rule.
    public private(set) var maxScore: Double?
    private var maxText: String?
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

    public var maxJSON: JSONValue {
        guard let text = maxText, let literal = JSONNumber.literal(decimal: text) else { return .null }
        return .number(literal)
    }

    public var averageJSON: JSONValue {
        scoredEvents > 0 ? .rounded2(sum / Double(scoredEvents)) : .null
    }

    public var levelJSON: JSONValue { .optional(level?.rawValue) }
}
