import ImpressModel

/// `/attribution` (API.md §4) over a window's events, fed page by page in any order. Only
/// touches and conversions are kept (visitor, place in time, campaign or revenue text), since
/// a conversion's touch can only be chosen once the visitor's whole journey is known.
///
/// "At or before" compares positions (time, then `SK`, then fingerprint; see `PositionTable`):
/// a touch at the same millisecond with a later `SK` is after the conversion. A conversion
/// that carries `utm_source` is itself a touch at its own position, so under `last_touch` it
/// goes to its own campaign.
public struct AttributionAccumulator: Sendable {
    private struct Touch: Sendable {
        var visitor: UInt32
        var position: PositionTable.Position
        var campaign: UInt32
    }

    private struct Conversion: Sendable {
        var visitor: UInt32
        var position: PositionTable.Position
        var revenueText: String?
    }

    /// A visitor's journey key (`Event.visitorKey`) is interned once per distinct user,
    /// domainprint or fingerprint key, not built and hashed per event; keys of different
    /// fields that name one journey (user `dp:x` and domainprint `x`) still meet in `visitors`.
    private var visitors = StringInterner()
    private var userVisitors = VisitorSlots()
    private var domainprintVisitors = VisitorSlots()
    private var fingerprintVisitors = VisitorSlots()
    private var positions = PositionTable()
    private var touchesPerVisitor: [Int] = []
    private var campaignIds: [CampaignKey: UInt32] = [:]
    private var campaigns: [CampaignKey] = []
    private var touchCounts: [Int] = []  // by campaign
    /// (campaign, visitor) pairs.
    private var campaignVisitors: Set<UInt64> = []
    private var touches: [Touch] = []
    private var conversions: [Conversion] = []

    public init() {}

    public static func isConversion(_ eventType: String?) -> Bool {
        switch eventType {
        case "conversion"?, "purchase"?, "signup"?: true
        default: false
        }
    }

    /// Keys events that come without them (see `KeyedEventAccumulator`).
    public var keyTable = Event.KeyTable()

    /// The per-event work, reading the event in place with its interned keys.
    public mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys) {
        let touch = CampaignKey(
            utmSource: event.pointee.utmSource, utmMedium: event.pointee.utmMedium, utmCampaign: event.pointee.utmCampaign)
        let isConversion = Self.isConversion(event.pointee.eventType)
        guard touch != nil || isConversion else { return }
        let visitor = visitorId(at: event, keys: keys)
        let position = positions.position(at: event, keys: keys)
        if let touch {
            let campaign = campaignId(touch)
            touchCounts[Int(campaign)] += 1
            campaignVisitors.insert(PairKey.make(campaign, visitor))
            touches.append(Touch(visitor: visitor, position: position, campaign: campaign))
            if Int(visitor) >= touchesPerVisitor.count {
                touchesPerVisitor.append(contentsOf: repeatElement(0, count: Int(visitor) + 1 - touchesPerVisitor.count))
            }
            touchesPerVisitor[Int(visitor)] += 1
        }
        if isConversion {
            conversions.append(Conversion(visitor: visitor, position: position, revenueText: event.pointee.revenueText))
        }
    }

    /// `visitors`' id of the event's `visitorKey`, by the key of the field it comes from.
    private mutating func visitorId(at event: UnsafePointer<Event>, keys: Event.Keys) -> UInt32 {
        let journeyKey = { event.pointee.visitorKey }
        if keys.user != Event.Keys.absent { return userVisitors.visitor(keys.user, in: &visitors, journeyKey) }
        if keys.domainprint != Event.Keys.absent {
            return domainprintVisitors.visitor(keys.domainprint, in: &visitors, journeyKey)
        }
        return fingerprintVisitors.visitor(keys.fingerprint, in: &visitors, journeyKey)
    }

    private mutating func campaignId(_ key: CampaignKey) -> UInt32 {
        if let id = campaignIds[key] { return id }
        let id = UInt32(truncatingIfNeeded: campaigns.count)
        campaignIds[key] = id
        campaigns.append(key)
        touchCounts.append(0)
        return id
    }

    public func finish(model: AttributionModel = .lastTouch) -> AttributionReport {
        var journeys = CountingSort.grouped(touches, counts: touchesPerVisitor) { Int($0.visitor) }
        var journeyOfVisitor = Array(repeating: 0..<0, count: visitors.count)
        var start = 0
        for (visitor, count) in touchesPerVisitor.enumerated() where count > 0 {
            journeyOfVisitor[visitor] = start..<start + count
            journeys[start..<start + count].sort { positions.precedes($0.position, $1.position) }
            start += count
        }

        // Conversions and revenue by campaign id; the extra last slot is the direct row.
        let directSlot = campaigns.count
        var conversionCounts = Array(repeating: 0, count: campaigns.count + 1)
        var revenues = Array(repeating: DecimalSum(), count: campaigns.count + 1)
        for conversion in conversions {
            let journey = journeyOfVisitor[Int(conversion.visitor)]
            let slot = touch(in: journeys[journey], for: conversion.position, model: model).map { Int($0.campaign) } ?? directSlot
            conversionCounts[slot] += 1
            if let revenue = conversion.revenueText { revenues[slot].add(revenue) }
        }

        var visitorCounts = Array(repeating: 0, count: campaigns.count)
        var sourceIds = StringInterner()
        var sourceVisitors: Set<UInt64> = []
        for pair in campaignVisitors {
            let campaign = Int(PairKey.first(pair))
            visitorCounts[campaign] += 1
            sourceVisitors.insert(PairKey.make(sourceIds.id(campaigns[campaign].source), PairKey.second(pair)))
        }

        var rows = campaigns.indices.map { i in
            AttributionRow(
                key: campaigns[i],
                counts: AttributionCounts(
                    touches: touchCounts[i], visitors: visitorCounts[i], conversions: conversionCounts[i], revenue: revenues[i]))
        }
        if conversionCounts[directSlot] > 0 {
            rows.append(
                AttributionRow(
                    key: .direct,
                    counts: AttributionCounts(
                        touches: 0, visitors: 0, conversions: conversionCounts[directSlot], revenue: revenues[directSlot])))
        }
        rows.sort { a, b in
            a.counts.ranksBefore(b.counts) ?? CampaignKey.precedes(a.key, b.key)
        }

        // Rollups sum the rows, except visitors: distinct visitors, counted from the pairs.
        var sourceRows: [String: AttributionCounts] = [:]
        var totals = AttributionCounts(touches: 0, visitors: journeyOfVisitor.count(where: { !$0.isEmpty }), conversions: 0, revenue: DecimalSum())
        for row in rows {
            sourceRows[row.key.source, default: AttributionCounts(touches: 0, visitors: 0, conversions: 0, revenue: DecimalSum())]
                .addSummable(row.counts)
            totals.addSummable(row.counts)
        }
        for pair in sourceVisitors { sourceRows[sourceIds[PairKey.first(pair)]]?.visitors += 1 }
        let bySource = sourceRows.map { AttributionSourceRow(source: $0.key, counts: $0.value) }
            .sorted { a, b in a.counts.ranksBefore(b.counts) ?? a.source.precedesByCodePoint(b.source) }
        return AttributionReport(rows: rows, totals: totals, bySource: bySource)
    }

    /// The touch a conversion goes to among its visitor's journey (in position order), or nil
    /// for direct.
    private func touch(in journey: ArraySlice<Touch>, for conversion: PositionTable.Position, model: AttributionModel) -> Touch? {
        switch model {
        case .firstTouch:
            guard let first = journey.first, !positions.precedes(conversion, first.position) else { return nil }
            return first
        case .lastTouch:
            // Binary search for the first touch after the conversion; the one before it wins.
            var low = journey.startIndex
            var high = journey.endIndex
            while low < high {
                let mid = low + (high - low) / 2
                if positions.precedes(conversion, journey[mid].position) { high = mid } else { low = mid + 1 }
            }
            return low > journey.startIndex ? journey[low - 1] : nil
        }
    }
}

/// One field's keys (`Event.Keys`) mapped to `StringInterner` ids of the journey keys they
/// stand for, each journey key built and hashed on the key's first event only.
private struct VisitorSlots: Sendable {
    private var slots = KeySlots()
    private var visitorIds: [UInt32] = []  // by local id

    mutating func visitor(_ key: Int32, in visitors: inout StringInterner, _ journeyKey: () -> String) -> UInt32 {
        let local = Int(slots.id(key, journeyKey))
        if local == visitorIds.count { visitorIds.append(visitors.id(slots.strings[local])) }
        return visitorIds[local]
    }
}
