import ImpressAuth
import ImpressCrypto
import ImpressHTTP
import ImpressModel
import Testing

@Suite struct ClerkAuthorizerTests {
    typealias F = AuthFixture

    /// A static key (`CLERK_JWT_KEY`): no network, `kid` ignored.
    static let authorizer = ClerkAuthorizer(
        .init(
            issuer: F.issuer, authorizedParties: [F.party], keySource: .staticKey(TestKeys.primary.publicKey),
            clock: { F.now }))

    static let orgAToken = F.token(header: F.header, payload: F.payload())
    static let superadminToken = F.token(header: F.header, payload: F.payload(["metadata": #"{"role":"superadmin"}"#]))
    static let noOrgToken = F.token(header: F.header, payload: F.payload(["o": nil]))

    static func request(authorization: String?, organization: String? = nil) -> HTTPRequest {
        var headers: [String: String] = [:]
        headers["authorization"] = authorization
        headers["x-organization-id"] = organization
        return HTTPRequest(method: "GET", path: "/users", headers: headers, requestId: "test")
    }

    enum Tenancy: Sendable {
        case scope(TenantScope)
        case forbidden(String)
    }

    // API.md §2.3, CWE-639.
    @Test(arguments: [
        ("own organization", orgAToken, "org_A", Tenancy.scope(.organization("org_A"))),
        ("token org A, header B", orgAToken, "org_B", .forbidden("The token's organization does not match x-organization-id")),
        ("superadmin, header B", superadminToken, "org_B", .scope(.organization("org_B"))),
        ("no header, not superadmin", orgAToken, nil, .forbidden("No organization selected")),
        ("no header, no active org", noOrgToken, nil, .forbidden("No organization selected")),
        ("empty header, not superadmin", orgAToken, "", .forbidden("No organization selected")),
        ("superadmin, no header", superadminToken, nil, .scope(.allOrganizations)),
    ] as [(String, String, String?, Tenancy)])
    func tenancy(_ name: String, token: String, organization: String?, expected: Tenancy) {
        let request = Self.request(authorization: "Bearer " + token, organization: organization)
        switch expected {
        case .scope(let scope):
            do {
                #expect(try Self.authorizer.authorize(request).scope == scope, "\(name)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        case .forbidden(let message):
            #expect(throws: APIError(.forbidden, message), "\(name)") { try Self.authorizer.authorize(request) }
        }
    }

    @Test func grantCarriesTheCaller() throws {
        let grant = try Self.authorizer.authorize(Self.request(authorization: "Bearer " + Self.superadminToken))
        #expect(grant == AccessGrant(caller: Caller(subject: "user_1", organizationId: "org_A", isSuperadmin: true), scope: .allOrganizations))
    }

    // RFC 6750 §2.1, RFC 7235 §2.1: scheme case-insensitive, one token.
    @Test(arguments: [
        ("Bearer " + orgAToken, nil),
        ("bearer " + orgAToken, nil),
        ("BEARER " + orgAToken, nil),
        ("  Bearer " + orgAToken + " ", nil),
        (nil, "Missing bearer token"),
        ("", "Missing bearer token"),
        ("Basic dXNlcjpwYXNz", "Missing bearer token"),
        (orgAToken, "Missing bearer token"),
        ("Bearer", "Invalid token: malformed"),
        ("Bearer  " + orgAToken, "Invalid token: malformed"),
        ("Bearer " + orgAToken + " extra", "Invalid token: malformed"),
        ("Bearer\t" + orgAToken, "Missing bearer token"),
    ] as [(String?, String?)])
    func bearerParsing(authorization: String?, refusal: String?) {
        let request = Self.request(authorization: authorization, organization: "org_A")
        if let refusal {
            #expect(throws: APIError(.unauthorized, refusal)) { try Self.authorizer.authorize(request) }
        } else {
            #expect(throws: Never.self) { try Self.authorizer.authorize(request) }
        }
    }

    @Test func staticKeyIgnoresKidAndReportsOneKey() throws {
        #expect(Self.authorizer.keySetStatus == .ok(keys: 1))
        for header in [#"{"alg":"RS256"}"#, #"{"alg":"RS256","kid":"anything"}"#] {
            let caller = try Self.authorizer.verify(F.token(header: header, payload: F.payload()))
            #expect(caller.organizationId == "org_A")
        }
        #expect(throws: AuthError.badSignature) {
            try Self.authorizer.verify(F.token(header: F.header, payload: F.payload(), key: TestKeys.secondary))
        }
    }

    @Test func weakStaticKeyIsRefused() {
        let weak = ClerkAuthorizer(
            .init(issuer: nil, authorizedParties: [], keySource: .staticKey(TestKeys.weak.publicKey), clock: { F.now }))
        #expect(throws: AuthError.weakKey) {
            try weak.verify(F.token(header: F.header, payload: F.payload(), key: TestKeys.weak))
        }
    }

    @Test func optionalChecksOffWhenNotConfigured() throws {
        let lenient = ClerkAuthorizer(
            .init(issuer: nil, authorizedParties: [], keySource: .staticKey(TestKeys.primary.publicKey), clock: { F.now }))
        let caller = try lenient.verify(F.token(header: F.header, payload: F.payload(["iss": nil, "azp": nil])))
        #expect(caller.subject == "user_1")
    }

    @Test func unauthorizedResponseNamesTheReasonButNotTheToken() {
        let expired = F.token(header: F.header, payload: F.payload(["exp": String(Int(F.now) - 3600)]))
        do {
            _ = try Self.authorizer.authorize(Self.request(authorization: "Bearer " + expired, organization: "org_A"))
            Issue.record("expired token accepted")
        } catch {
            let response = error.response(requestId: "r1")
            #expect(response.status == 401)
            #expect(error.message == "Invalid token: expired")
            #expect(!String(decoding: response.body, as: UTF8.self).contains(expired))
        }
    }
}
