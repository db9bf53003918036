import ImpressJSON
import Testing

/// API.md §2.3/§2.4 for the users, fingerprints and domainprints routes.
@Suite struct RouteTenancyTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test func anOrganizationSeesOnlyItsOwnRows() throws {
        #expect(try api.get("/users").ids("user_id") == ["u2", "u1", "u3", "u4"])
        #expect(try api.get("/users", as: .member("org_b")).ids("user_id") == ["u1", "ub"])
        #expect(try api.get("/fingerprints", as: .member("org_b")).ids("fingerprint") == ["fp1", "fpB"])
        #expect(try api.get("/domainprints", as: .member("org_b")).ids("domainprint") == ["d1", "dB"])
        let u1 = try #require(try api.get("/users", "q=u1", as: .member("org_b")).items.first)
        #expect(u1["event_count"] == apiNum(1))
        #expect(u1["domains"] == apiStrings("z.com"))
        #expect(u1["organizations"] == nil)
    }

    @Test(arguments: ["/users/ub", "/fingerprints/fpB", "/domainprints/dB"])
    func aRecordOfAnotherOrganizationIs404(path: String) throws {
        let r = try api.get(path)
        #expect(r.status == 404)
        #expect(r.errorCode == "not_found")
        #expect(try api.get(path, as: .member("org_b")).status == 200)
    }

    @Test func detailsAreLimitedToTheTenant() throws {
        #expect(try api.get("/users/u1", as: .member("org_b")).json["stats"]?["event_count"] == apiNum(1))
        #expect(try api.get("/fingerprints/fp1", as: .member("org_b")).json["stats"]?["user_count"] == apiNum(1))
        #expect(try api.get("/domainprints/d1", as: .member("org_b")).json["stats"]?["domains"] == apiStrings("z.com"))
    }

    @Test(arguments: ["/users", "/users/u1", "/fingerprints", "/fingerprints/fp1", "/domainprints", "/domainprints/d1"])
    func namingAnotherOrganizationIs403(path: String) throws {
        let r = try api.get(path, headers: ["x-organization-id": "org_b"])
        #expect(r.status == 403)
        #expect(r.errorCode == "forbidden")
        let none = try api.get(path, headers: ["x-organization-id": ""])
        #expect(none.json["error"]?["message"] == .string("No organization selected"))
    }

    @Test func superadminAllOrganizationsGroupsRowsAcrossThem() throws {
        let users = try api.get("/users", "sort=event_count", as: .superadmin(selecting: nil))
        #expect(users.json["organizationId"] == .null)
        #expect(users.json["events_scanned"] == apiNum(9))
        #expect(users.ids("user_id") == ["u1", "u2", "u3", "u4", "ub"])
        let u1 = try #require(users.items.first)
        #expect(u1["event_count"] == apiNum(3))
        #expect(u1["countries"] == apiStrings("DE", "ES", "FR"))
        #expect(u1["domains"] == apiStrings("a.com", "b.com", "z.com"))
        // An integer beyond 2^53, echoed exactly.
        #expect(u1["max_risk_score"] == apiNum("12345678901234567890123"))
        #expect(u1["risk_level"] == .string("critical"))
        #expect(u1["organizations"] == apiStrings("org_a", "org_b"))
        #expect(users.items.last?["organizations"] == apiStrings("org_b"))

        let fp1 = try #require(try api.get("/fingerprints", "sort=event_count", as: .superadmin(selecting: nil)).items.first)
        #expect(fp1["fingerprint"] == .string("fp1"))
        #expect(fp1["event_count"] == apiNum(4))
        #expect(fp1["organizations"] == apiStrings("org_a", "org_b"))

        let d1 = try #require(try api.get("/domainprints", "sort=event_count", as: .superadmin(selecting: nil)).items.first)
        #expect(d1["domain_count"] == apiNum(3))
        #expect(d1["organizations"] == apiStrings("org_a", "org_b"))
    }

    @Test func superadminDetailsAcrossOrganizations() throws {
        let user = try api.get("/users/u1", as: .superadmin(selecting: nil))
        #expect(user.json["stats"]?["event_count"] == apiNum(3))
        #expect(user.json["organizations"] == apiStrings("org_a", "org_b"))
        #expect(user.json["stats"]?["max_risk_score"] == apiNum("12345678901234567890123"))
        let dp = try api.get("/domainprints/d1", as: .superadmin(selecting: nil))
        #expect(dp.json["stats"]?["organizations"] == apiStrings("org_a", "org_b"))
        #expect(dp.json["events_scanned"] == apiNum(9))
        let fp = try api.get("/fingerprints/fpB", as: .superadmin(selecting: nil))
        #expect(fp.json["organizations"] == apiStrings("org_b"))
    }

    @Test func superadminSelectingAnOrganizationSeesOnlyIt() throws {
        let r = try api.get("/users", as: .superadmin(selecting: "org_b"))
        #expect(r.json["organizationId"] == .string("org_b"))
        #expect(r.ids("user_id") == ["u1", "ub"])
        #expect(r.items.first?["organizations"] == nil)
        #expect(try api.get("/users/u2", as: .superadmin(selecting: "org_b")).status == 404)
    }
}
