import CCrypto

/// An RSA private key, for signing RS256 tokens: development tokens and tests only (the
/// daemon itself never signs).
///
/// `@unchecked Sendable`: like `RSAPublicKey`, the `EVP_PKEY` is immutable after `init` and
/// each signature uses its own `EVP_MD_CTX`.
public final class RSAPrivateKey: @unchecked Sendable {
    private let pkey: OpaquePointer

    /// The public half, as its own key holding no private parameters.
    public let publicKey: RSAPublicKey

    private init(takingOwnershipOf pkey: OpaquePointer) throws(CryptoError) {
        guard EVPKey.isRSA(pkey) else {
            EVP_PKEY_free(pkey)
            throw CryptoError(operation: "load private key", detail: "not an RSA key")
        }
        self.pkey = pkey
        do {
            self.publicKey = try RSAPublicKey(
                modulus: try EVPKey.integerParameter(pkey, "n"), exponent: try EVPKey.integerParameter(pkey, "e"))
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
    }

    deinit { EVP_PKEY_free(pkey) }

    /// A fresh key with public exponent 65537.
    public static func generate(bits: Int = 2048) throws(CryptoError) -> RSAPrivateKey {
        guard let bitCount = UInt32(exactly: bits), let pkey = impress_rsa_generate(bitCount) else {
            throw CryptoError.capture("generate RSA key")
        }
        return try RSAPrivateKey(takingOwnershipOf: pkey)
    }

    /// From a `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1) PEM, unencrypted.
    public convenience init(pem: String) throws(CryptoError) {
        let pkey = EVPKey.withMemoryBIO(pem) { bio in bio.flatMap { PEM_read_bio_PrivateKey($0, nil, nil, nil) } }
        guard let pkey else { throw CryptoError.capture("read private key PEM") }
        try self.init(takingOwnershipOf: pkey)
    }

    public var bits: Int { publicKey.bits }

    /// The RS256 signature (RSASSA-PKCS1-v1_5, SHA-256) of `message`.
    public func signRS256(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.capture("sign RS256") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, pkey) == 1,
            EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
        else { throw CryptoError.capture("sign RS256") }
        var length = 0
        let placeholder: [UInt8] = [0]
        var signature = [UInt8](repeating: 0, count: (bits + 7) / 8)
        let signed = message.withUnsafeBufferPointer { msg in
            placeholder.withUnsafeBufferPointer { empty in
                signature.withUnsafeMutableBufferPointer { out -> Int32 in
                    length = out.count
                    return EVP_DigestSign(
                        context, out.baseAddress, &length, msg.baseAddress ?? empty.baseAddress, msg.count)
                }
            }
        }
        guard signed == 1, length <= signature.count else { throw CryptoError.capture("sign RS256") }
        return Array(signature.prefix(length))
    }

    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8, unencrypted).
    public func pemEncoded() throws(CryptoError) -> String {
        try EVPKey.pem("write private key PEM") { PEM_write_bio_PrivateKey($0, pkey, nil, nil, 0, nil, nil) }
    }
}
