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

    /// `stats`, `fingerprints`, `domainprints`.
    public func writeMembers(to out: inout JSONOutput) {
        out.key("stats")
        out.object { out in
            summary.activity.writeMembers(to: &out)
            out.member("fingerprint_count", summary.fingerprints.count)
            out.member("domainprint_count", summary.domainprints.count)
            out.member("domain_count", summary.domains.count)
            out.member("country_count", summary.countries.count)
            summary.risk.writeMax(to: &out)
            summary.risk.writeAverage(to: &out)
            summary.risk.writeLevel(to: &out)
            out.key("signals")
            summary.signals.write(to: &out)
            out.member("impossible_travel_count", ImpossibleTravel.incidents(userId: summary.userId, events: events).count)
        }
        out.key("fingerprints")
        GroupingActivity.writeSubList(fingerprints, idName: "fingerprint", to: &out)
        out.key("domainprints")
        writeDomainprints(to: &out)
    }

    /// `[{domainprint, event_count, domains}]`, `event_count` desc then id; `domains` ascending.
    private func writeDomainprints(to out: inout JSONOutput) {
        let ordered = domainprints.sorted { a, b in
            a.value.eventCount != b.value.eventCount
                ? a.value.eventCount > b.value.eventCount : a.key.precedesByCodePoint(b.key)
        }
        out.array { out in
            for (domainprint, tally) in ordered {
                out.object { out in
                    out.member("domainprint", domainprint)
                    out.member("event_count", tally.eventCount)
                    out.member("domains", strings: tally.domains.sorted)
                }
            }
        }
    }
}
