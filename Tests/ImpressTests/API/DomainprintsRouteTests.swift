import ImpressJSON
import Testing

@Suite struct DomainprintsRouteTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test func everyFieldOfARow() throws {
        let r = try api.get("/domainprints", "sort=event_count")
        #expect(r.status == 200)
        #expect(r.items.first == .object([
            ("domainprint", .string("d1")), ("event_count", apiNum(3)), ("user_count", apiNum(2)), ("fingerprint_count", apiNum(1)),
            ("domains", apiStrings("a.com", "b.com")), ("domain_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)),
            ("last_seen", apiNum(apiBase + 2000)), ("cross_domain", .bool(true)),
        ]))
        #expect(r.items.last == .object([
            ("domainprint", .string("d3")), ("event_count", apiNum(1)), ("user_count", apiNum(0)), ("fingerprint_count", apiNum(1)),
            ("domains", apiStrings("c.com")), ("domain_count", apiNum(1)), ("first_seen", apiNum(apiBase + 4000)),
            ("last_seen", apiNum(apiBase + 4000)), ("cross_domain", .bool(false)),
        ]))
        #expect(r.json["total"] == apiNum(3))
        #expect(r.json["cross_domain_count"] == apiNum(1))
        #expect(r.json["events_scanned"] == apiNum(7))
    }

    @Test(arguments: [
        ("", ["d3", "d2", "d1"]),
        ("sort=last_seen", ["d3", "d2", "d1"]),
        ("sort=event_count", ["d1", "d2", "d3"]),
        ("sort=domain_count", ["d1", "d2", "d3"]),
        ("cross_domain=true", ["d1"]),
    ])
    func sortsAndFilters(query: String, expected: [String]) throws {
        let r = try api.get("/domainprints", query)
        #expect(r.ids("domainprint") == expected)
        #expect(r.json["total"] == apiNum(Int64(expected.count)))
        #expect(r.json["cross_domain_count"] == apiNum(1))
    }

    @Test(arguments: ["cross_domain=yes", "sort=user_count"])
    func badParameters(query: String) throws {
        #expect(try api.get("/domainprints", query).errorCode == "invalid_parameter")
    }

    @Test func pagingWalk() throws {
        for limit in 1...3 {
            #expect(try api.walk("/domainprints", "sort=event_count", limit: limit, idName: "domainprint") == ["d1", "d2", "d3"])
        }
    }

    @Test func detailEveryField() throws {
        let r = try api.get("/domainprints/d1")
        #expect(r.status == 200)
        #expect(r.json["domainprint"] == .string("d1"))
        #expect(r.json["stats"] == .object([
            ("event_count", apiNum(3)), ("user_count", apiNum(2)), ("fingerprint_count", apiNum(1)),
            ("domains", apiStrings("a.com", "b.com")), ("domain_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)),
            ("last_seen", apiNum(apiBase + 2000)), ("cross_domain", .bool(true)),
        ]))
        #expect(r.json["users"] == .array([
            .object([("user_id", .string("u1")), ("event_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)), ("last_seen", apiNum(apiBase + 2000))]),
            .object([("user_id", .string("u2")), ("event_count", apiNum(1)), ("first_seen", apiNum(apiBase + 1500)), ("last_seen", apiNum(apiBase + 1500))]),
        ]))
        #expect(r.json["fingerprints"] == .array([
            .object([("fingerprint", .string("fp1")), ("event_count", apiNum(3)), ("first_seen", apiNum(apiBase + 1000)), ("last_seen", apiNum(apiBase + 2000))]),
        ]))
        #expect(r.json["domains"] == .array([
            .object([("domain", .string("a.com")), ("event_count", apiNum(2)), ("first_seen", apiNum(apiBase + 1000)), ("last_seen", apiNum(apiBase + 1500))]),
            .object([("domain", .string("b.com")), ("event_count", apiNum(1)), ("first_seen", apiNum(apiBase + 2000)), ("last_seen", apiNum(apiBase + 2000))]),
        ]))
        #expect(r.json["events"]?.arrayValue?.compactMap { $0["timestamp"]?.numberText } == [
            "\(apiBase + 2000)", "\(apiBase + 1500)", "\(apiBase + 1000)",
        ])
        #expect(r.json["next_cursor"] == .null)
        // A filtered window read: DynamoDB counts every event of the org's window.
        #expect(r.json["events_scanned"] == apiNum(7))
    }

    @Test func detailUnknownIs404() throws {
        #expect(try api.get("/domainprints/d9").status == 404)
    }
}
