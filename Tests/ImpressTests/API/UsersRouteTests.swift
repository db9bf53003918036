import ImpressJSON
import Testing

@Suite struct UsersRouteTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test func everyFieldOfARow() throws {
        let r = try api.get("/users", "sort=event_count")
        #expect(r.status == 200)
        #expect(r.header("Cache-Control") == "no-store")
        let u1 = try #require(r.items.first)
        #expect(u1 == .object([
            ("user_id", .string("u1")), ("event_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)), ("last_seen", apiNum(apiBase + 2000)),
            ("fingerprint_count", apiNum(1)), ("domainprint_count", apiNum(1)), ("domains", apiStrings("a.com", "b.com")),
            ("countries", apiStrings("ES", "FR")), ("max_risk_score", apiNum("80")), ("avg_risk_score", apiNum("55")),
            ("risk_level", .string("high")), ("signals", .object([("tor", apiNum(1)), ("vpn", apiNum(2))])),
        ]))
        #expect(r.json["total"] == apiNum(4))
        #expect(r.json["next_cursor"] == .null)
        #expect(r.json["anonymous_events"] == apiNum(1))
        #expect(r.json["window"] == .object([("from", apiNum(apiNow - 30 * 86_400_000)), ("to", apiNum(apiNow))]))
        #expect(r.json["organizationId"] == .string("org_a"))
        #expect(r.json["events_scanned"] == apiNum(7))
        #expect(r.json["truncated"] == .bool(false))
    }

    @Test func nullScoresAndEmptySets() throws {
        let r = try api.get("/users", "q=u4")
        let u4 = try #require(r.items.first)
        #expect(u4["max_risk_score"] == .null)
        #expect(u4["avg_risk_score"] == .null)
        #expect(u4["risk_level"] == .null)
        #expect(u4["domains"] == .array([]))
        #expect(u4["countries"] == .array([]))
        #expect(u4["signals"] == .object([]))
        #expect(u4["domainprint_count"] == apiNum(0))
        #expect(u4["organizations"] == nil)
    }

    @Test(arguments: [
        ("", ["u2", "u1", "u3", "u4"]),  // last_seen desc, tie u1/u3 by id
        ("sort=last_seen", ["u2", "u1", "u3", "u4"]),
        ("sort=event_count", ["u1", "u2", "u3", "u4"]),
        ("sort=risk", ["u2", "u1", "u3", "u4"]),  // 95.5, 80, 10, null last
        ("risk_level=high", ["u1"]),
        ("risk_level=critical", ["u2"]),
        ("risk_level=medium", []),
        ("q=u2", ["u2"]),
        ("q=U", []),
        ("q=", ["u2", "u1", "u3", "u4"]),
        ("unknown=1&sort=event_count", ["u1", "u2", "u3", "u4"]),
    ])
    func sortsAndFilters(query: String, expected: [String]) throws {
        let r = try api.get("/users", query)
        #expect(r.ids("user_id") == expected)
        #expect(r.json["total"] == apiNum(Int64(expected.count)))
    }

    @Test(arguments: ["sort=name", "sort=", "risk_level=extreme", "limit=0", "limit=501", "limit=abc", "limit=-1", "cursor=!!"])
    func badParameters(query: String) throws {
        let r = try api.get("/users", query)
        #expect(r.status == 400)
        #expect(r.errorCode == "invalid_parameter")
        let name = String(query.prefix { $0 != "=" })
        #expect(r.json["error"]?["message"]?.stringValue?.contains("'\(name)'") == true)
    }

    @Test func averageRoundsToTwoDecimals() throws {
        let api = try RouteTestAPI([
            apiItem(fp: "f", org: "org_a", at: apiBase, user: "x", risk: "10"),
            apiItem(fp: "f", org: "org_a", at: apiBase + 1, user: "x", risk: "10"),
            apiItem(fp: "f", org: "org_a", at: apiBase + 2, user: "x", risk: "11"),
            apiItem(fp: "f", org: "org_a", at: apiBase + 3, user: "x"),
        ])
        let row = try #require(try api.get("/users").items.first)
        #expect(row["avg_risk_score"] == apiNum("10.33"))  // 31 / 3 scored events
        #expect(row["max_risk_score"] == apiNum("11"))
        #expect(row["risk_level"] == .string("low"))
    }

    @Test func detailEveryField() throws {
        let r = try api.get("/users/u2")
        #expect(r.status == 200)
        #expect(r.json["user_id"] == .string("u2"))
        #expect(r.json["stats"] == .object([
            ("event_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1500)), ("last_seen", apiNum(apiBase + 3000)),
            ("fingerprint_count", apiNum(2)), ("domainprint_count", apiNum(2)), ("domain_count", apiNum(1)),
            ("country_count", apiNum(1)), ("max_risk_score", apiNum("95.5")), ("avg_risk_score", apiNum("95.5")),
            ("risk_level", .string("critical")), ("signals", .object([])),
            // Madrid → New York in 1.5 s: one incident.
            ("impossible_travel_count", apiNum(1)),
        ]))
        #expect(r.json["fingerprints"] == .array([
            .object([("fingerprint", .string("fp1")), ("event_count", apiNum(1)), ("first_seen", apiNum(apiBase + 1500)), ("last_seen", apiNum(apiBase + 1500))]),
            .object([("fingerprint", .string("fp2")), ("event_count", apiNum(1)), ("first_seen", apiNum(apiBase + 3000)), ("last_seen", apiNum(apiBase + 3000))]),
        ]))
        #expect(r.json["domainprints"] == .array([
            .object([("domainprint", .string("d1")), ("event_count", apiNum(1)), ("domains", apiStrings("a.com"))]),
            .object([("domainprint", .string("d2")), ("event_count", apiNum(1)), ("domains", apiStrings("a.com"))]),
        ]))
        #expect(r.json["events"]?.arrayValue?.compactMap { $0["timestamp"]?.numberText } == ["\(apiBase + 3000)", "\(apiBase + 1500)"])
        #expect(r.json["next_cursor"] == .null)
        #expect(r.json["organizationId"] == .string("org_a"))
        #expect(r.json["events_scanned"] == apiNum(2))
        #expect(r.json["truncated"] == .bool(false))
    }

    @Test func detailOfAProxiedTravellerAndItsEvents() throws {
        let r = try api.get("/users/u1")
        #expect(r.json["stats"]?["impossible_travel_count"] == apiNum(0))  // both events through a VPN
        #expect(r.json["stats"]?["signals"] == .object([("tor", apiNum(1)), ("vpn", apiNum(2))]))
        #expect(r.json["domainprints"] == .array([
            .object([("domainprint", .string("d1")), ("event_count", apiNum(2)), ("domains", apiStrings("a.com", "b.com"))]),
        ]))
        let newest = try #require(r.json["events"]?.arrayValue?.first)
        // The event as stored, PK and SK left out, signals from an L as an array.
        #expect(newest == .object([
            ("country", .string("FR")), ("domain", .string("b.com")), ("domainprint", .string("d1")), ("fingerprint", .string("fp1")),
            ("latitude", apiNum("48.8566")), ("longitude", apiNum("2.3522")), ("organizationId", .string("org_a")),
            ("risk_score", apiNum("80")), ("signals", apiStrings("vpn", "tor")), ("timestamp", apiNum(apiBase + 2000)), ("user_id", .string("u1")),
        ]))
        // GSI_USER reads the user's events of every organization before the tenant filter.
        #expect(r.json["events_scanned"] == apiNum(3))
    }

    @Test func detailUnknownUserIs404() throws {
        let r = try api.get("/users/nobody")
        #expect(r.status == 404)
        #expect(r.errorCode == "not_found")
    }

    @Test func detailEventOrderTiesBySortKeyThenFingerprint() throws {
        let t = apiBase + 7
        let api = try RouteTestAPI([
            apiItem(fp: "fpB", org: "org_a", at: t, user: "tie", sk: "EVENT#\(t)#b"),
            apiItem(fp: "fpA", org: "org_a", at: t, user: "tie", sk: "EVENT#\(t)#a"),
            apiItem(fp: "fpA", org: "org_a", at: t, user: "tie", sk: "EVENT#\(t)#b"),
            apiItem(fp: "fpC", org: "org_a", at: t + 1, user: "tie"),
        ])
        let order = try api.get("/users/tie").json["events"]?.arrayValue?.map {
            ($0["fingerprint"]?.stringValue ?? "") + "@" + ($0["timestamp"]?.numberText ?? "")
        }
        #expect(order == ["fpC@\(t + 1)", "fpA@\(t)", "fpB@\(t)", "fpA@\(t)"])
        // Paging one by one gives the same order with no duplicates.
        let walked = try api.walk("/users/tie", "", limit: 1, idName: "fingerprint", member: "events")
        #expect(walked == ["fpC", "fpA", "fpB", "fpA"])
    }

    @Test func listPagingWalksEveryRowOnce() throws {
        for limit in 1...4 {
            #expect(try api.walk("/users", "sort=risk", limit: limit, idName: "user_id") == ["u2", "u1", "u3", "u4"])
        }
        let first = try api.get("/users", "limit=3")
        #expect(first.items.count == 3)
        #expect(first.json["total"] == apiNum(4))
        #expect(first.json["next_cursor"]?.stringValue != nil)
    }

    @Test func cursorIsBoundToItsListAndWindow() throws {
        let first = try api.get("/users", "limit=1&sort=risk")
        let cursor = try #require(first.json["next_cursor"]?.stringValue)
        #expect(try api.get("/users", "limit=1&sort=risk&cursor=\(cursor)").ids("user_id") == ["u1"])
        #expect(try api.get("/users", "limit=1&sort=event_count&cursor=\(cursor)").status == 400)
        #expect(try api.get("/fingerprints", "limit=1&cursor=\(cursor)").status == 400)
        #expect(try api.get("/users", "limit=1&sort=risk&to=\(apiBase)&cursor=\(cursor)").status == 400)
        // The cursor keeps its window: explicit equal bounds are accepted.
        let window = "from=\(apiNow - 30 * 86_400_000)&to=\(apiNow)"
        #expect(try api.get("/users", "limit=1&sort=risk&\(window)&cursor=\(cursor)").status == 200)
    }
}
