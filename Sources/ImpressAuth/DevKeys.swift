import Glibc
import ImpressCrypto
import ImpressJSON

/// Keys and tokens for local work only (`impress-admin dev-token`): a key pair whose public
/// half is served as a JWKS file, and RS256 tokens shaped like Clerk v2 session tokens.
public enum DevKeys {
    public static let jwksFileName = "jwks.json"
    public static let privateKeyFileName = "dev-private-key.pem"

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// What a development token says.
    public struct TokenRequest: Sendable {
        public var subject: String
        public var organizationId: String?
        public var superadmin: Bool
        public var issuer: String
        public var kid: String
        /// Seconds the token is valid for.
        public var lifetime: Double
        /// Seconds since the epoch.
        public var issuedAt: Double

        public init(
            subject: String, organizationId: String?, superadmin: Bool = false, issuer: String,
            kid: String, lifetime: Double = 3600, issuedAt: Double = WallClock.now()
        ) {
            self.subject = subject
            self.organizationId = organizationId
            self.superadmin = superadmin
            self.issuer = issuer
            self.kid = kid
            self.lifetime = lifetime
            self.issuedAt = issuedAt
        }
    }

    /// Generates a 2048-bit key pair and writes `jwks.json` and the private key PEM (mode
    /// 0600) into `directory`, which must exist.
    @discardableResult
    public static func createKeyPair(in directory: String, kid: String) throws(Failure) -> RSAPrivateKey {
        do {
            let key = try RSAPrivateKey.generate(bits: 2048)
            try write(jwksDocument(for: key.publicKey, kid: kid), to: path(directory, jwksFileName), mode: 0o644)
            try write(Array(key.pemEncoded().utf8), to: path(directory, privateKeyFileName), mode: 0o600)
            return key
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "creating development keys: \(error)")
        }
    }

    /// The private key `createKeyPair` wrote into `directory`.
    public static func loadPrivateKey(from directory: String) throws(Failure) -> RSAPrivateKey {
        let file = path(directory, privateKeyFileName)
        let bytes = try read(file)
        do {
            return try RSAPrivateKey(pem: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw Failure(description: "\(file): \(error)")
        }
    }

    /// A JWKS document (RFC 7517 §5) holding `key` as an RS256 signing key.
    public static func jwksDocument(for key: RSAPublicKey, kid: String) throws(CryptoError) -> [UInt8] {
        let (n, e) = try key.jwkComponents()
        let jwk: JSONValue = .object([
            ("kty", .string("RSA")), ("use", .string("sig")), ("alg", .string("RS256")),
            ("kid", .string(kid)), ("n", .string(n)), ("e", .string(e)),
        ])
        return JSONWriter.bytes(.object([("keys", .array([jwk]))]))
    }

    /// A signed token in Clerk's v2 session-token shape (`v: 2`, `o.id`), superadmin by
    /// `metadata.role`.
    public static func mintToken(_ request: TokenRequest, key: RSAPrivateKey) throws(Failure) -> String {
        guard let issuedAt = wholeSeconds(request.issuedAt),
            let expiry = wholeSeconds(request.issuedAt + request.lifetime)
        else { throw Failure(description: "token times out of range") }
        var claims: [(key: String, value: JSONValue)] = [
            ("sub", .string(request.subject)), ("iss", .string(request.issuer)),
            ("iat", .int(issuedAt)), ("nbf", .int(issuedAt)), ("exp", .int(expiry)),
            ("sid", .string("sess_dev")), ("sts", .string("active")), ("v", .int(2)),
        ]
        if let org = request.organizationId {
            claims.append(("o", .object([("id", .string(org)), ("rol", .string("admin"))])))
        }
        if request.superadmin {
            claims.append(("metadata", .object([("role", .string("superadmin"))])))
        }
        let header: JSONValue = .object([("alg", .string("RS256")), ("typ", .string("JWT")), ("kid", .string(request.kid))])
        let signingInput =
            Base64URL.encode(JSONWriter.bytes(header)) + "." + Base64URL.encode(JSONWriter.bytes(.object(claims)))
        do {
            return signingInput + "." + Base64URL.encode(try key.signRS256(Array(signingInput.utf8)))
        } catch {
            throw Failure(description: "signing the token: \(error)")
        }
    }

    private static func wholeSeconds(_ seconds: Double) -> Int64? {
        guard seconds.isFinite, seconds >= 0, seconds < 1e15 else { return nil }
        return Int64(seconds.rounded(.down))
    }

    private static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func write(_ bytes: [UInt8], to file: String, mode: mode_t) throws(Failure) {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw Failure(description: "\(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "\(file): \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    private static func read(_ file: String) throws(Failure) -> [UInt8] {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { throw Failure(description: "\(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Failure(description: "\(file): \(String(cString: strerror(errno)))") }
            if count == 0 { return out }
            out.append(contentsOf: chunk.prefix(count))
        }
    }
}
