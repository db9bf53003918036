import Testing
import ImpressJSON

/// The four aggregate routes wired over SampleData (org_a: 7 events; org_b: 2). Expected
/// values are worked out by hand from SampleData's items.
@Suite struct AnalyticsRoutesTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test(arguments: ["/fraud/stats", "/identity-graph", "/attribution", "/attribution-stats", "/account-sharing"])
    func needAuthAndCarryTheReadMembers(path: String) throws {
        #expect(try api.get(path, as: .anonymous).status == 401)
        let r = try api.get(path)
        #expect(r.status == 200)
        #expect(r.json["organizationId"] == .string("org_a"))
        #expect(r.json["events_scanned"] == .number("7"))
        #expect(r.json["truncated"] == .bool(false))
        #expect(r.header("Cache-Control") == "no-store")
    }

    @Test func fraudStats() throws {
        let j = try api.get("/fraud/stats").json
        #expect(j["total_events"] == .number("7"))
        #expect(j["unique_users"] == .number("4"))
        #expect(j["unique_fingerprints"] == .number("4"))
        // Scored: 30, 80, 95.5, 10 → 215.5 / 4 = 53.875.
        #expect(j["average_risk_score"] == .number("53.88"))
        #expect(j["risk_levels"] == .object([("low", .number("2")), ("medium", .number("0")), ("high", .number("1")), ("critical", .number("1"))]))
        #expect(j["signals"]?["vpn"] == .number("2"))
        #expect(j["signals"]?["tor"] == .number("1"))
        #expect(j["high_risk_users"]?.arrayValue?.compactMap { $0["user_id"]?.stringValue } == ["u2", "u1"])
        // u2: Madrid at +1.5 s, New York at +3 s; u1's pair is hidden behind a VPN.
        #expect(j["impossible_travel"]?["count"] == .number("1"))
        #expect(j["impossible_travel"]?["incidents"]?.arrayValue?.first?["user_id"] == .string("u2"))
    }

    @Test func identityGraph() throws {
        let j = try api.get("/identity-graph").json
        let clusters = j["clusters"]?.arrayValue ?? []
        #expect(clusters.compactMap { $0["id"]?.stringValue } == ["dp:d1", "dp:d3", "fp:fp4"])
        #expect(clusters.first?["size"] == .number("7"))
        #expect(clusters.first?["users"] == .strings(["u1", "u2", "u3"]))
        #expect(j["stats"]?["node_count"] == .number("11"))
        #expect(j["stats"]?["multi_user_clusters"] == .number("1"))
        let large = try api.get("/identity-graph", "min_size=3").json
        #expect(large["clusters"]?.arrayValue?.count == 1)
    }

    @Test func attributionWithoutTouchesHasNoRows() throws {
        let j = try api.get("/attribution", "model=first_touch").json
        #expect(j["items"] == .array([]))
        #expect(j["total"] == .number("0"))
        #expect(j["next_cursor"] == .null)
        #expect(try api.get("/attribution-stats").json["total"] == .number("0"))
    }

    @Test func accountSharing() throws {
        // u2: fp1 at +1.5 s and fp2 at +3 s overlap (C = 2), one incident (T = 1):
        // 25 + 15 = 40, flagged. u1, u3, u4 use one device each.
        let j = try api.get("/account-sharing").json
        #expect(j["items"]?.arrayValue?.compactMap { $0["user_id"]?.stringValue } == ["u2"])
        #expect(j["items"]?.arrayValue?.first?["sharing_score"] == .number("40"))
        #expect(j["summary"] == .object([("users_analyzed", .number("4")), ("flagged_users", .number("1")), ("sharing_rate", .number("0.25"))]))
        #expect(try api.get("/account-sharing", "all=true").json["total"] == .number("4"))
    }

    @Test(arguments: [
        ("/attribution", "model=linear", "model"), ("/identity-graph", "min_size=0", "min_size"),
        ("/identity-graph", "limit=501", "limit"), ("/account-sharing", "all=yes", "all"),
        ("/fraud/stats", "from=2025-02-30T00:00:00Z", "from"), ("/attribution", "cursor=zzz", "cursor"),
    ])
    func badParametersAre400NamingThem(path: String, query: String, parameter: String) throws {
        let r = try api.get(path, query)
        #expect(r.status == 400)
        #expect(r.errorCode == "invalid_parameter")
        #expect(r.json["error"]?["message"]?.stringValue?.contains("'\(parameter)'") == true)
    }

    @Test(arguments: ["/fraud/stats", "/identity-graph", "/attribution", "/account-sharing"])
    func orgBNeverSeesOrgA(path: String) throws {
        let body = JSONWriter.string(try api.get(path, as: .member("org_b")).json)
        for id in ["u2", "u3", "u4", "fp2", "fp3", "fp4", "d2", "d3"] {
            #expect(!body.contains("\"\(id)\""), "\(path) leaks \(id)")
        }
        #expect(try api.get(path, as: .member("org_b"), headers: ["x-organization-id": "org_a"]).status == 403)
    }
}
