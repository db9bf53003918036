/// An access key pair, with the session token and expiry of temporary credentials.
/// The description never shows the secret or the token, so logging one is harmless.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Epoch seconds after which the credentials stop working; nil for long-term keys.
    public var expiration: Int64?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Int64? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    public var description: String { "AWSCredentials(accessKeyId: \(accessKeyId), secret: <redacted>)" }
}
