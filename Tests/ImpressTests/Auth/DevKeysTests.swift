import Foundation
import ImpressAuth
import ImpressCrypto
import ImpressJSON
import Testing

@Suite struct DevKeysTests {
    typealias F = AuthFixture

    /// Keys written to a fresh directory, served from `jwks.json` through the real cache,
    /// and a minted token verified end to end.
    @Test func writesKeysAndMintsVerifiableTokens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("impress-devkeys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }

        try DevKeys.createKeyPair(in: directory.path, kid: "dev-1")
        let privateKeyFile = directory.appendingPathComponent(DevKeys.privateKeyFileName).path
        let permissions = try FileManager.default.attributesOfItem(atPath: privateKeyFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        let key = try DevKeys.loadPrivateKey(from: directory.path)
        let jwksFile = directory.appendingPathComponent(DevKeys.jwksFileName)
        let cache = JWKSCache(url: jwksFile.path, fetch: { path in [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }, clock: { F.now })
        let authorizer = ClerkAuthorizer(.init(issuer: F.issuer, authorizedParties: [], keySource: .jwks(cache), clock: { F.now }))

        let cases: [(org: String?, superadmin: Bool)] = [("org_A", false), (nil, true), ("org_B", true)]
        for (org, superadmin) in cases {
            let token = try DevKeys.mintToken(
                .init(subject: "user_dev", organizationId: org, superadmin: superadmin, issuer: F.issuer, kid: "dev-1", issuedAt: F.now),
                key: key)
            let caller = try authorizer.verify(token)
            #expect(caller == Caller(subject: "user_dev", organizationId: org, isSuperadmin: superadmin))
        }
        #expect(cache.status == .ok(keys: 1))
    }

    @Test func tokenHasClerkV2Shape() throws {
        let token = try DevKeys.mintToken(
            .init(subject: "user_dev", organizationId: "org_A", issuer: F.issuer, kid: "dev-1", lifetime: 600, issuedAt: 1_700_000_000.75),
            key: TestKeys.primary)
        let segments = token.split(separator: ".")
        #expect(segments.count == 3)
        let header = try JSONParser.parse(try #require(Base64URL.decode(segments[0])))
        let payload = try JSONParser.parse(try #require(Base64URL.decode(segments[1])))
        #expect(JSONWriter.string(header) == #"{"alg":"RS256","typ":"JWT","kid":"dev-1"}"#)
        #expect(payload["iat"] == .number("1700000000"))
        #expect(payload["exp"] == .number("1700000600"))
        #expect(payload["v"] == .number("2"))
        #expect(payload["o"]?["id"] == .string("org_A"))
        #expect(payload["metadata"] == nil)
    }

    @Test func missingDirectoryIsAnError() {
        #expect(throws: DevKeys.Failure.self) { try DevKeys.loadPrivateKey(from: "/nonexistent/impress-dev") }
    }
}
