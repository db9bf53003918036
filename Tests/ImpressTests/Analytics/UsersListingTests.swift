import ImpressAnalytics
import ImpressJSON
import ImpressModel
import Testing

/// The aggregations are order-independent: pages may arrive in any order and any size.
@Suite struct UsersListingTests {
    /// Twelve events of one user over twelve fingerprints and countries, so every set
    /// outgrows its small linear form.
    static let events: [Event] = (0..<12).compactMap(event)

    static func event(_ i: Int) -> Event? {
        let org = i % 2 == 0 ? "org_a" : "org_b"
        let signals: [String] = i % 3 == 0 ? ["vpn", "vpn"] : ["bot"]
        let time = apiBase + Int64(i * 7 % 12)
        let attributes = apiItem(
            fp: "fp\(i)", org: org, at: time, user: "u", dp: "dp\(i % 10)", domain: "d\(i % 9).com",
            country: "C\(i)", risk: i == 5 ? "70" : nil, signals: .ss(signals))
        return try? Event(item: attributes)
    }

    func usersJSON(_ pages: [[Event]]) throws -> JSONValue {
        var listing = UsersListing()
        pages.forEach { listing.add($0) }
        let rows = listing.rows(sort: .lastSeen, riskLevel: nil, userIdPrefix: nil)
        return try SampleEvent.parsed { out in out.array { out in for row in rows { row.write(to: &out, withOrganizations: true) } } }
    }

    @Test func pagesInAnyOrderGiveTheSameRows() throws {
        let whole = try usersJSON([Self.events])
        #expect(try usersJSON(Self.events.map { [$0] }) == whole)
        #expect(try usersJSON(Self.events.reversed().map { [$0] }) == whole)
        #expect(try usersJSON([Array(Self.events[6...]), Array(Self.events[..<6])]) == whole)
    }

    @Test func countsPastTheSmallSetForm() throws {
        let row = try #require(try usersJSON([Self.events]).arrayValue?.first)
        #expect(row["event_count"] == apiNum(12))
        #expect(row["fingerprint_count"] == apiNum(12))
        #expect(row["domainprint_count"] == apiNum(10))
        #expect(row["domains"] == apiStrings("d0.com", "d1.com", "d2.com", "d3.com", "d4.com", "d5.com", "d6.com", "d7.com", "d8.com"))
        #expect(row["countries"] == apiStrings("C0", "C1", "C10", "C11", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"))
        #expect(row["organizations"] == apiStrings("org_a", "org_b"))
        // A repeated signal counts once per event: events 0, 3, 6, 9 carry vpn twice.
        #expect(row["signals"] == .object([("bot", apiNum(8)), ("vpn", apiNum(4))]))
        #expect(row["max_risk_score"] == apiNum("70"))
        #expect(row["avg_risk_score"] == apiNum("70"))
        #expect(row["risk_level"] == .string("high"))
        #expect(row["first_seen"] == apiNum(apiBase))
        #expect(row["last_seen"] == apiNum(apiBase + 11))
    }

    @Test func aLongSignalListCountsEachSignalOnce() throws {
        let signals = (0..<10).map { AttributeValue.s("s\($0 % 5)") }  // s0…s4, each twice
        let event = try Event(item: apiItem(fp: "f", org: "o", at: apiBase, user: "u", signals: .l(signals)))
        var listing = UsersListing()
        listing.add([event, event])
        let first = try #require(listing.rows(sort: .eventCount, riskLevel: nil, userIdPrefix: nil).first)
        let row = try SampleEvent.parsed { first.write(to: &$0, withOrganizations: false) }
        #expect(row["signals"] == .object((0..<5).map { ("s\($0)", apiNum(2)) }))
    }
}
