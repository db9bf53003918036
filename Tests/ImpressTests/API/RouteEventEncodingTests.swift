import ImpressJSON
import ImpressModel
import Testing

/// Ids in paths, exact numbers, pass-through attributes and the read ceiling.
@Suite struct RouteEventEncodingTests {
    @Test(arguments: [
        ("/users/a%2Fb", "a/b"), ("/users/%23x", "#x"), ("/users/%C3%BC%20z", "ü z"), ("/users/plain", "plain"),
    ])
    func percentEncodedUserIds(path: String, id: String) throws {
        let api = try RouteTestAPI([
            apiItem(fp: "f/1", org: "org_a", at: apiBase, user: id, dp: "d#1"),
            apiItem(fp: "other", org: "org_a", at: apiBase, user: "a"),
        ])
        let r = try api.get(path)
        #expect(r.status == 200)
        #expect(r.json["user_id"] == .string(id))
        #expect(r.json["stats"]?["event_count"] == apiNum(1))
        #expect(try api.get("/fingerprints/f%2F1").json["fingerprint"] == .string("f/1"))
        #expect(try api.get("/domainprints/d%231").json["domainprint"] == .string("d#1"))
    }

    @Test func numbersUnknownAndMissingAttributesPassThrough() throws {
        let api = try RouteTestAPI([
            apiItem(
                fp: "f", org: "org_a", at: apiBase, user: "x", risk: "99.0", signals: .ss(["bot"]),
                extra: [
                    "revenue": .n("12345678901234567890123"), "ratio": .n("0.25"), "hundred": .n("1.5E2"),
                    "custom": .m(["nested": .l([.n("1"), .bool(true), .null])]), "tags": .ns(["2", "3.50"]),
                    "blob": .b("AAEC"),
                ]),
            apiItem(fp: "f", org: "org_a", at: apiBase + 1, user: "x", extra: ["timestamp": .n("\(apiBase + 1).0")]),
        ])
        let r = try api.get("/users/x")
        #expect(r.json["stats"]?["max_risk_score"] == apiNum("99"))
        let events = r.json["events"]?.arrayValue ?? []
        #expect(events.count == 2)
        // Missing optional attributes: the event has only the required three.
        #expect(events.first == .object([
            ("fingerprint", .string("f")), ("organizationId", .string("org_a")), ("timestamp", apiNum(apiBase + 1)),
            ("user_id", .string("x")),
        ]))
        #expect(events.last == .object([
            ("blob", .string("AAEC")),
            ("custom", .object([("nested", .array([apiNum("1"), .bool(true), .null]))])),
            ("fingerprint", .string("f")), ("hundred", apiNum("150")), ("organizationId", .string("org_a")),
            ("ratio", apiNum("0.25")), ("revenue", apiNum("12345678901234567890123")), ("risk_score", apiNum("99")),
            ("signals", apiStrings("bot")), ("tags", .array([apiNum("2"), apiNum("3.5")])), ("timestamp", apiNum(apiBase)),
            ("user_id", .string("x")),
        ]))
        // The exact text reaches the wire, digits and all.
        let body = String(decoding: r.response.body, as: UTF8.self)
        #expect(body.contains(#""revenue":12345678901234567890123"#))
    }

    @Test func truncationIsNeverSilent() throws {
        let api = try RouteTestAPI(SampleData.items, maxScanEvents: 3)
        let r = try api.get("/users")
        #expect(r.json["truncated"] == .bool(true))
        #expect(r.json["events_scanned"] == apiNum(3))
        // The first three events of org_a by time: u4 (apiBase+500), u1 (apiBase+1000), u2 (apiBase+1500).
        #expect(r.ids("user_id") == ["u2", "u1", "u4"])
        let detail = try api.get("/fingerprints/fp1")
        #expect(detail.json["truncated"] == .bool(true))
        #expect(detail.json["stats"]?["event_count"] == apiNum(3))
        #expect(try api.get("/users/u3").json["truncated"] == .bool(false))
    }
}
