import ImpressJSON
import Testing

@Suite struct FingerprintsRouteTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test func everyFieldOfARow() throws {
        let r = try api.get("/fingerprints", "sort=event_count")
        #expect(r.status == 200)
        #expect(r.items.first == .object([
            ("fingerprint", .string("fp1")), ("event_count", apiNum(3)), ("user_count", apiNum(2)), ("users", apiStrings("u1", "u2")),
            ("domainprint_count", apiNum(1)), ("domain_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)),
            ("last_seen", apiNum(apiBase + 2000)), ("max_risk_score", apiNum("95.5")), ("collision", .bool(true)),
        ]))
        #expect(r.items.last == .object([
            ("fingerprint", .string("fp4")), ("event_count", apiNum(1)), ("user_count", apiNum(1)), ("users", apiStrings("u4")),
            ("domainprint_count", apiNum(0)), ("domain_count", apiNum(0)), ("first_seen", apiNum(apiBase + 500)),
            ("last_seen", apiNum(apiBase + 500)), ("max_risk_score", .null), ("collision", .bool(false)),
        ]))
        #expect(r.json["total"] == apiNum(4))
        #expect(r.json["collision_count"] == apiNum(2))
        #expect(r.json["organizationId"] == .string("org_a"))
        #expect(r.json["events_scanned"] == apiNum(7))
    }

    @Test(arguments: [
        ("", ["fp3", "fp2", "fp1", "fp4"]),
        ("sort=event_count", ["fp1", "fp2", "fp3", "fp4"]),  // tie fp3/fp4 by id
        ("sort=user_count", ["fp1", "fp2", "fp4", "fp3"]),
        ("collisions=true", ["fp2", "fp1"]),
        ("collisions=false", ["fp3", "fp2", "fp1", "fp4"]),
    ])
    func sortsAndFilters(query: String, expected: [String]) throws {
        let r = try api.get("/fingerprints", query)
        #expect(r.ids("fingerprint") == expected)
        #expect(r.json["total"] == apiNum(Int64(expected.count)))
        #expect(r.json["collision_count"] == apiNum(2))  // over all rows, before the filter
    }

    @Test(arguments: ["collisions=TRUE", "collisions=1", "collisions=", "sort=risk"])
    func badParameters(query: String) throws {
        #expect(try api.get("/fingerprints", query).errorCode == "invalid_parameter")
    }

    @Test func usersListTheFirstTenByCodePoint() throws {
        let users = ["u9", "u10", "u1", "U", "é", "u2", "u3", "u4", "u5", "u6", "u7", "u8"]
        let api = try RouteTestAPI(users.enumerated().map { apiItem(fp: "shared", org: "org_a", at: apiBase + Int64($0.offset), user: $0.element) })
        let row = try #require(try api.get("/fingerprints").items.first)
        #expect(row["user_count"] == apiNum(12))
        #expect(row["users"] == apiStrings("U", "u1", "u10", "u2", "u3", "u4", "u5", "u6", "u7", "u8"))
    }

    @Test func detailEveryField() throws {
        let r = try api.get("/fingerprints/fp1")
        #expect(r.status == 200)
        #expect(r.json["fingerprint"] == .string("fp1"))
        #expect(r.json["collision"] == .bool(true))
        #expect(r.json["stats"] == .object([
            ("event_count", apiNum(3)), ("user_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)),
            ("last_seen", apiNum(apiBase + 2000)), ("max_risk_score", apiNum("95.5")), ("risk_level", .string("critical")),
        ]))
        #expect(r.json["users"] == .array([
            .object([("user_id", .string("u1")), ("event_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)), ("last_seen", apiNum(apiBase + 2000))]),
            .object([("user_id", .string("u2")), ("event_count", apiNum(1)), ("first_seen", apiNum(apiBase + 1500)), ("last_seen", apiNum(apiBase + 1500))]),
        ]))
        #expect(r.json["domainprints"] == apiStrings("d1"))
        #expect(r.json["domains"] == apiStrings("a.com", "b.com"))
        #expect(r.json["events"]?.arrayValue?.compactMap { $0["timestamp"]?.numberText } == [
            "\(apiBase + 2000)", "\(apiBase + 1500)", "\(apiBase + 1000)",
        ])
        #expect(r.json["next_cursor"] == .null)
        // The key read sees fp1's events of both organizations before the tenant filter.
        #expect(r.json["events_scanned"] == apiNum(4))
        #expect(r.json["truncated"] == .bool(false))
    }

    @Test func detailEventsPage() throws {
        let first = try api.get("/fingerprints/fp1", "limit=2")
        #expect(first.json["events"]?.arrayValue?.count == 2)
        let cursor = try #require(first.json["next_cursor"]?.stringValue)
        let second = try api.get("/fingerprints/fp1", "limit=2&cursor=\(cursor)")
        #expect(second.json["events"]?.arrayValue?.compactMap { $0["timestamp"]?.numberText } == ["\(apiBase + 1000)"])
        #expect(second.json["next_cursor"] == .null)
        #expect(second.json["stats"]?["event_count"] == apiNum(3))
    }

    @Test func detailWithoutScoresOrUsers() throws {
        let r = try api.get("/fingerprints/fp3")
        #expect(r.json["collision"] == .bool(false))
        #expect(r.json["stats"]?["max_risk_score"] == .null)
        #expect(r.json["stats"]?["risk_level"] == .null)
        #expect(r.json["users"] == .array([]))
        #expect(try api.get("/fingerprints/nope").status == 404)
    }
}
