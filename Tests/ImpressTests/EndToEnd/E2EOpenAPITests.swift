import Testing

/// Real answers of the real stack, through nginx, validated against docs/openapi.json: what
/// the dashboard is written against is what comes back.
@Suite(.enabled(if: E2EStack.isAvailable))
struct E2EOpenAPITests {
    @Test func everyRouteAndEveryErrorClassMatchesTheDocument() throws {
        let document = try OpenAPIDocument()
        let stack = try E2EStack()
        let member = try stack.memberToken(E2EDemoData.organizationA)
        let org = E2EDemoData.organizationA

        let health = try stack.get("/health", token: nil)
        #expect(health.status == 200)
        #expect(document.validate(health.httpResponse, path: "/health") == [])

        for route in E2ETenantIsolationTests.routes {
            let response = try stack.get(route, token: member, organization: org)
            #expect(response.status == 200, "\(route): \(response.body)")
            #expect(document.validate(response.httpResponse, path: route) == [], "\(route)")
        }
        // Superadmin over all organizations: `organizationId` null, rows with `organizations`.
        let root = try stack.superadminToken()
        for route in E2ETenantIsolationTests.routes {
            let response = try stack.get(route + "?all=true", token: root)
            #expect(response.status == 200, "\(route): \(response.body)")
            // All-orgs details carry `organizations` too (documented in docs/API.md).
            #expect(document.validate(response.httpResponse, path: route) == [], "superadmin \(route)")
        }

        let errors: [(name: String, path: String, status: Int, response: E2EResponse)] = [
            ("bad limit", "/users", 400, try stack.get("/users?limit=0", token: member, organization: org)),
            ("bad token", "/users", 401, try stack.get("/users", token: "a.b.c", organization: org)),
            ("other tenant", "/users", 403, try stack.get("/users", token: member, organization: E2EDemoData.organizationB)),
            ("missing user", "/users/nobody", 404, try stack.get("/users/nobody", token: member, organization: org)),
            ("POST", "/users", 405, try stack.nginx.request("POST", "/users")),
        ]
        for (name, path, status, response) in errors {
            #expect(response.status == status, "\(name): \(response.body)")
            #expect(document.validate(response.httpResponse, path: path) == [], "\(name)")
        }
    }
}
