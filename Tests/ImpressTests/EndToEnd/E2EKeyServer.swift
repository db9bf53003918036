import ImpressAuth
import ImpressCrypto
import Synchronization

/// A Clerk JWKS over real HTTP on loopback, whose document the test swaps at will: a key set,
/// or an outage (503), so rotation and JWKS failures can be played against the real daemon.
final class E2EKeyServer: Sendable {
    private let server: LoopbackHTTPServer
    private let document: Document

    var url: String { server.baseURL + "/jwks.json" }

    /// Fetches answered so far (good or failed).
    var fetchCount: Int { server.requests.count }

    init(serving signer: E2ESigner?) throws {
        let document = Document(try signer?.keySetDocument())
        self.document = document
        server = try LoopbackHTTPServer { _, request in
            guard request.path == "/jwks.json", let body = document.bytes.withLock({ $0 }) else {
                return .respond(status: 503, headers: [("Content-Type", "text/plain")], body: Array("down".utf8))
            }
            return .respond(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
    }

    /// Serves `signer`'s public key as the whole set from now on; nil takes the endpoint down.
    func serve(_ signer: E2ESigner?) throws {
        let body = try signer?.keySetDocument()
        document.bytes.withLock { $0 = body }
    }

    func stop() { server.stop() }

    /// The served set, shared with the server's script; nil while the endpoint is "down".
    private final class Document: Sendable {
        let bytes: Mutex<[UInt8]?>
        init(_ bytes: [UInt8]?) { self.bytes = Mutex(bytes) }
    }
}

/// A real RSA key pair with a `kid`, minting Clerk-shaped RS256 session tokens.
struct E2ESigner: Sendable {
    static let issuer = "https://clerk.e2e.impress.test"

    let kid: String
    let key: RSAPrivateKey

    init(kid: String) throws {
        self.kid = kid
        key = try RSAPrivateKey.generate(bits: 2048)
    }

    func keySetDocument() throws -> [UInt8] {
        try DevKeys.jwksDocument(for: key.publicKey, kid: kid)
    }

    /// A token of an organization member (`org` active), or of a superadmin.
    func token(organization: String?, superadmin: Bool = false, subject: String = "user_e2e") throws -> String {
        try DevKeys.mintToken(
            .init(subject: subject, organizationId: organization, superadmin: superadmin, issuer: E2ESigner.issuer, kid: kid),
            key: key)
    }
}
