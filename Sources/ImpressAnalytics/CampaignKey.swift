import ImpressModel

/// A campaign as `/attribution` groups touches (API.md §4): `utm_source`, `utm_medium` or
/// `(none)`, `utm_campaign` or `(not set)`.
public struct CampaignKey: Sendable, Hashable {
    public var source: String
    public var medium: String
    public var campaign: String

    public init(source: String, medium: String, campaign: String) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
    }

    /// The campaign of an event's tags; nil without `utm_source` (the event is no touch).
    public init?(utmSource: String?, utmMedium: String?, utmCampaign: String?) {
        guard let source = utmSource else { return nil }
        self.init(source: source, medium: utmMedium ?? "(none)", campaign: utmCampaign ?? "(not set)")
    }

    /// Where a conversion with no touch at or before it goes.
    public static let direct = CampaignKey(source: "(direct)", medium: "(none)", campaign: "(not set)")

    /// (source, medium, campaign), each by code point.
    public static func precedes(_ a: CampaignKey, _ b: CampaignKey) -> Bool {
        if !a.source.utf8.elementsEqual(b.source.utf8) { return a.source.precedesByCodePoint(b.source) }
        if !a.medium.utf8.elementsEqual(b.medium.utf8) { return a.medium.precedesByCodePoint(b.medium) }
        return a.campaign.precedesByCodePoint(b.campaign)
    }
}

/// Which touch a conversion goes to.
public enum AttributionModel: String, Sendable, CaseIterable {
    case lastTouch = "last_touch"
    case firstTouch = "first_touch"
}
