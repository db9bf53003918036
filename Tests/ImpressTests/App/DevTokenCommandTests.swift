import Foundation
import Testing
import ImpressAuth
import ImpressHTTP
import ImpressModel
@testable import ImpressApp

@Suite struct DevTokenCommandTests {
    @Test func createsKeysOnceAndMintsTokensTheAuthorizerAccepts() throws {
        let dir = NSTemporaryDirectory() + "impress-devtoken-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(ImpressApp.run(arguments: ["dev-token", "--dir", dir, "--org", "org_a"], environment: [:]) == 0)
        let jwks = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/jwks.json")))
        // A second run reuses the key: the JWKS must not change.
        #expect(ImpressApp.run(arguments: ["dev-token", "--dir", dir, "--superadmin"], environment: [:]) == 0)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/jwks.json"))) == jwks)
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/dev-private-key.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let key = try DevKeys.loadPrivateKey(from: dir)
        let token = try DevKeys.mintToken(
            .init(subject: "u1", organizationId: "org_a", issuer: "https://clerk.impress.local", kid: "dev-key-1"), key: key)
        let cache = JWKSCache(url: "file://" + dir + "/jwks.json", fetch: { _ in jwks })
        let authorizer = ClerkAuthorizer(.init(issuer: "https://clerk.impress.local", authorizedParties: [], keySource: .jwks(cache)))
        let grant = try authorizer.authorize(
            HTTPRequest(method: "GET", path: "/users", headers: ["authorization": "Bearer " + token, "x-organization-id": "org_a"], requestId: "r"))
        #expect(grant.scope == .organization("org_a"))
    }

    @Test func needsAnOrganizationOrSuperadmin() {
        #expect(ImpressApp.run(arguments: ["dev-token", "--dir", NSTemporaryDirectory() + "x-\(UUID().uuidString)"], environment: [:]) == 2)
        #expect(ImpressApp.run(arguments: ["dev-token"], environment: [:]) == 2)
    }
}
