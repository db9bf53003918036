import ImpressJSON
import ImpressModel

/// The `/users/{id}` aggregation (API.md §4) over one user's events (already limited to the
/// tenant by the read). Keeps the events: the detail lists them and impossible travel needs them.
public struct UsersDetail: Sendable {
    /// The user's domainprint: its events and the domains it was seen on.
    struct DomainprintTally: Sendable {
        var eventCount = 0
        var domains = GroupingSet()
    }

    public private(set) var summary: UsersRow
    private var fingerprints: [String: GroupingActivity] = [:]
    private var domainprints: [String: DomainprintTally] = [:]
    private var keyTable = Event.KeyTable()
    public private(set) var events: [Event] = []

    public init(userId: String) { summary = UsersRow(userId: userId) }

    public mutating func add(_ page: [Event]) {
        page.forEachInPlace(keyedBy: &keyTable) { event, keys in
            guard event.pointee.userId == summary.userId else { return }
            summary.add(event, keys: keys)
            fingerprints[event.pointee.fingerprint, default: GroupingActivity()].add(event.pointee.timestamp)
            if let d = event.pointee.domainprint {
                domainprints[d, default: DomainprintTally()].eventCount &+= 1
                if let domain = event.pointee.domain { domainprints[d, default: DomainprintTally()].domains.insert(keys.domain, domain) }
            }
            events.append(event.pointee)
        }
    }

    public var isEmpty: Bool { events.isEmpty }

    public var statsJSON: JSONValue {
        var members = summary.activity.members
        members += [
            ("fingerprint_count", .int(summary.fingerprints.count)),
            ("domainprint_count", .int(summary.domainprints.count)),
            ("domain_count", .int(summary.domains.count)),
            ("country_count", .int(summary.countries.count)),
            ("max_risk_score", summary.risk.maxJSON),
            ("avg_risk_score", summary.risk.averageJSON),
            ("risk_level", summary.risk.levelJSON),
            ("signals", summary.signals.json),
            ("impossible_travel_count", .int(ImpossibleTravel.incidents(userId: summary.userId, events: events).count)),
        ]
        return .object(members)
    }

    public var fingerprintsJSON: JSONValue { GroupingActivity.subList(fingerprints, idName: "fingerprint") }

    /// `[{domainprint, event_count, domains}]`, `event_count` desc then id; `domains` ascending.
    public var domainprintsJSON: JSONValue {
        let ordered = domainprints.sorted { a, b in
            a.value.eventCount != b.value.eventCount
                ? a.value.eventCount > b.value.eventCount : a.key.precedesByCodePoint(b.key)
        }
        return .array(ordered.map { entry in
            .object([
                ("domainprint", .string(entry.key)), ("event_count", .int(entry.value.eventCount)),
                ("domains", entry.value.domains.sortedJSON),
            ])
        })
    }
}
