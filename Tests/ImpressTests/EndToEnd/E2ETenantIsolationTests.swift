import Foundation
import ImpressJSON
import Testing

/// API.md §2 for every route, through nginx with real tokens: a header naming another
/// organization is refused, each tenant sees only its own data, a superadmin sees what it
/// selects, and another tenant's record is a 404.
@Suite(.enabled(if: E2EStack.isAvailable), .serialized)
struct E2ETenantIsolationTests {
    static let a = E2EDemoData.organizationA
    static let b = E2EDemoData.organizationB

    /// Every authenticated route, detail routes with a record org_a holds.
    static let routes: [String] = [
        "/users", "/users/\(E2EDemoData.sharedUser)", "/fingerprints", "/fingerprints/\(E2EDemoData.sharedFingerprint)",
        "/domainprints", "/domainprints/\(E2EDemoData.sharedDomainprint)", "/fraud/stats", "/identity-graph",
        "/attribution", "/attribution-stats", "/account-sharing",
    ]

    @Test func refusalsComeBeforeAnyDataOnEveryRoute() throws {
        let stack = try E2EStack()
        let memberA = try stack.memberToken(Self.a)
        for route in Self.routes {
            let crossTenant = try stack.get(route, token: memberA, organization: Self.b)
            #expect(crossTenant.status == 403, "\(route)")
            #expect(crossTenant.json?["error"]?["code"] == .string("forbidden"), "\(route)")
            #expect(stack.data.leakedIds(of: Self.b, in: crossTenant.body).isEmpty, "\(route)")

            let unselected = try stack.get(route, token: memberA)
            #expect(unselected.status == 403, "\(route)")
            #expect(unselected.json?["error"]?["message"] == .string("No organization selected"), "\(route)")
        }
    }

    @Test func aMemberSeesOnlyItsOrganization() throws {
        let stack = try E2EStack()
        let memberA = try stack.memberToken(Self.a)
        for route in Self.routes {
            let response = try stack.get(route + "?limit=500", token: memberA, organization: Self.a)
            try expectAnswered(route, response) {
                #expect(stack.data.leakedIds(of: Self.b, in: response.body).isEmpty, "\(route) shows org_b ids")
                #expect(!response.body.contains(Self.b), "\(route) names org_b")
                #expect(response.json?["organizationId"] == .string(Self.a), "\(route)")
            }
        }
        // Counts against the store file: every org_a row, nothing more.
        let orgA = stack.data.organization(Self.a)
        let lists: [(route: String, idField: String, expected: Set<String>)] = [
            ("/users", "user_id", orgA.users), ("/fingerprints", "fingerprint", orgA.fingerprints),
            ("/domainprints", "domainprint", orgA.domainprints),
        ]
        for (route, idField, expected) in lists {
            let body = try #require(try stack.get(route + "?limit=500", token: memberA, organization: Self.a).json)
            #expect(body["total"] == .int(Int64(expected.count)), "\(route)")
            let ids = Set((body["items"]?.arrayValue ?? []).compactMap { $0[idField]?.stringValue })
            #expect(ids == expected, "\(route)")
        }
        // /fraud/stats counts org_a's events, users and fingerprints, all inside the default window.
        let stats = try stack.get("/fraud/stats", token: memberA, organization: Self.a)
        try expectAnswered("/fraud/stats", stats) {
            #expect(stats.json?["total_events"] == .int(Int64(orgA.events)))
            #expect(stats.json?["unique_users"] == .int(Int64(orgA.users.count)))
            #expect(stats.json?["unique_fingerprints"] == .int(Int64(orgA.fingerprints.count)))
        }
        // The person in both organizations: org_a's one event only.
        let shared = try #require(try stack.get("/users/\(E2EDemoData.sharedUser)", token: memberA, organization: Self.a).json)
        #expect(shared["stats"]?["event_count"] == .int(1))
        #expect(shared["events"]?.arrayValue?.allSatisfy { $0["organizationId"] == .string(Self.a) } == true)
    }

    @Test func anotherOrganizationsRecordIsNotFound() throws {
        let stack = try E2EStack()
        let memberA = try stack.memberToken(Self.a)
        let orgB = stack.data.exclusiveIds(of: Self.b)
        let records: [(route: String, ids: Set<String>)] = [
            ("/users/", stack.data.organization(Self.b).users.intersection(orgB)),
            ("/fingerprints/", stack.data.organization(Self.b).fingerprints.intersection(orgB)),
            ("/domainprints/", stack.data.organization(Self.b).domainprints.intersection(orgB)),
        ]
        for (route, ids) in records {
            let id = try #require(ids.sorted().first, "\(route): demo data has no org_b record")
            let response = try stack.get(route + id, token: memberA, organization: Self.a)
            #expect(response.status == 404, "\(route)\(id)")
            #expect(response.json?["error"]?["code"] == .string("not_found"), "\(route)\(id)")
            #expect(!response.body.contains(Self.b))
            // The owner does see it.
            let owner = try stack.get(route + id, token: try stack.memberToken(Self.b), organization: Self.b)
            #expect(owner.status == 200, "\(route)\(id)")
        }
    }

    @Test func aSuperadminSeesTheSelectedOrganizationOrAll() throws {
        let stack = try E2EStack()
        let root = try stack.superadminToken()
        for route in Self.routes {
            let selected = try stack.get(route + "?limit=500", token: root, organization: Self.b)
            try expectAnswered(route, selected) {
                #expect(stack.data.leakedIds(of: Self.a, in: selected.body).isEmpty, "\(route) shows org_a ids")
                #expect(selected.json?["organizationId"] == .string(Self.b), "\(route)")
            }
            let all = try stack.get(route + "?limit=500", token: root)
            try expectAnswered(route, all) {
                #expect(all.json?["organizationId"] == .null, "\(route)")
            }
        }
        // All organizations: rows group by id across organizations and name them.
        let users = try #require(try stack.get("/users?limit=500", token: root).json)
        let everyone = stack.data.organization(Self.a).users.union(stack.data.organization(Self.b).users)
        #expect(users["total"] == .int(Int64(everyone.count)))
        let rows = users["items"]?.arrayValue ?? []
        let shared = rows.filter { $0["user_id"] == .string(E2EDemoData.sharedUser) }
        #expect(shared.count == 1)
        #expect(shared.first?["event_count"] == .int(3))
        #expect(shared.first?["organizations"] == .array([.string(Self.a), .string(Self.b)]))
        let rowOfB = rows.first { $0["user_id"]?.stringValue?.hasPrefix("user_b_") == true }
        #expect(rowOfB?["organizations"] == .array([.string(Self.b)]))
        for route in ["/fingerprints", "/domainprints", "/account-sharing"] {
            let response = try stack.get(route + "?limit=500&all=true", token: root)
            try expectAnswered(route, response) {
                let items = response.json?["items"]?.arrayValue ?? []
                #expect(!items.isEmpty && items.allSatisfy { $0["organizations"]?.arrayValue?.isEmpty == false }, "\(route)")
            }
        }
        let allStats = try stack.get("/fraud/stats", token: root)
        try expectAnswered("/fraud/stats", allStats) {
            let events = stack.data.organization(Self.a).events + stack.data.organization(Self.b).events
            #expect(allStats.json?["total_events"] == .int(Int64(events)))
        }
    }

    /// Expects a 200, then runs the route's own checks.
    private func expectAnswered(_ route: String, _ response: E2EResponse, _ checks: () throws -> Void) throws {
        #expect(response.status == 200, "\(route): \(response.body)")
        try checks()
    }
}
