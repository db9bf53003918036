/// Risk level of a score (API.md §3): `low` < 40 ≤ `medium` < 70 ≤ `high` < 90 ≤ `critical`.
public enum RiskLevel: String, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public init(score: Double) {
        switch score {
        case ..<40: self = .low
        case ..<70: self = .medium
        case ..<90: self = .high
        default: self = .critical
        }
    }

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}
