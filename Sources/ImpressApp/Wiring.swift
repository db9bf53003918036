import Foundation
import DynamoDB
import ImpressAuth
import ImpressCrypto
import ImpressHTTPClient
import ImpressStore

/// Builds the daemon's parts from settings. Each failure is a `Settings.Error`: one line, exit 2.
enum Wiring {
    static func store(_ settings: Settings, http: HTTPClient, log: @escaping @Sendable (String) -> Void) throws(Settings.Error) -> any EventStore {
        switch settings.store {
        case .file(let path):
            do {
                return try FileStore(path: path)
            } catch {
                throw Settings.Error("IMPRESS_STORE=file:\(path): \(error)")
            }
        case .dynamodb:
            var configuration: DynamoDBConfiguration
            do {
                configuration = try .fromEnvironment(settings.environment)
            } catch {
                throw Settings.Error(error.description)
            }
            configuration.requestTimeoutMs = settings.dynamoDBAttemptTimeoutMs
            configuration.operationTimeoutMs = settings.dynamoDBCallTimeoutMs
            let client = DynamoDBClient(
                configuration: configuration, credentials: CredentialChain.standard(environment: settings.environment, http: http),
                http: http)
            return DynamoDBStore(
                client: client, options: .init(healthCacheMs: settings.healthCacheMs, readTimeoutMs: settings.readTimeoutMs), log: log)
        }
    }

    /// The Clerk verifier: one configured PEM key (`CLERK_JWT_KEY`, networkless), or the JWKS
    /// fetched with libcurl (capped, with a timeout: the cache blocks on it). The cache is
    /// returned too, so serve can load the keys once the socket is open.
    static func authorizer(_ settings: Settings, http: HTTPClient) throws(Settings.Error) -> (ClerkAuthorizer, JWKSCache?) {
        let keySource: ClerkAuthorizer.KeySource
        var jwks: JWKSCache?
        if let keyText = settings.jwtKeyPEM {
            let key: RSAPublicKey
            do {
                key = try RSAPublicKey(pem: try pemText(keyText))
            } catch {
                throw Settings.Error("CLERK_JWT_KEY is not a usable RSA public key (\(error))")
            }
            guard key.bits >= 2048 else { throw Settings.Error("CLERK_JWT_KEY is a \(key.bits)-bit key; at least 2048 bits are required") }
            keySource = .staticKey(key)
        } else if let url = settings.jwksURL {
            let cache = JWKSCache(url: url, fetch: { url in try fetchJWKS(url, http: http) })
            keySource = .jwks(cache)
            jwks = cache
        } else {
            throw Settings.Error("CLERK_JWKS_URL or CLERK_JWT_KEY is required")
        }
        return (ClerkAuthorizer(.init(issuer: settings.issuer, authorizedParties: settings.authorizedParties, keySource: keySource)), jwks)
    }

    struct FetchError: Error, CustomStringConvertible {
        var description: String
    }

    static func fetchJWKS(_ url: String, http: HTTPClient) throws -> [UInt8] {
        let response = try http.get(url: url, timeoutMs: 5_000, maxBytes: 256 * 1024, allowFileURL: url.hasPrefix("file://"))
        // file:// transfers report no HTTP status.
        guard response.status == 200 || (url.hasPrefix("file://") && response.status == 0) else {
            throw FetchError(description: "JWKS fetch answered HTTP \(response.status)")
        }
        return response.body
    }

    /// `CLERK_JWT_KEY` holds the PEM itself (newlines may be written as `\n`, as Clerk's
    /// dashboard shows it on one line), or the path of a PEM file.
    static func pemText(_ value: String) throws(Settings.Error) -> String {
        if value.contains("-----BEGIN") { return value.replacingOccurrences(of: "\\n", with: "\n") }
        guard let text = try? String(contentsOfFile: value, encoding: .utf8) else {
            throw Settings.Error("CLERK_JWT_KEY is neither a PEM key nor a readable PEM file")
        }
        return text
    }
}
