import CCrypto

/// An RSA public key in libcrypto, for RS256 verification (RFC 7518 §3.3: RSASSA-PKCS1-v1_5
/// with SHA-256). Built from a JWK's `n`/`e` or from a PEM.
///
/// `@unchecked Sendable`: the `EVP_PKEY` is never mutated after `init`, and OpenSSL 3
/// documents verification with a shared, read-only key from several threads as safe
/// (each call uses its own `EVP_MD_CTX`).
public final class RSAPublicKey: @unchecked Sendable {
    let pkey: OpaquePointer

    /// The modulus size in bits.
    public let bits: Int

    /// Takes ownership of an RSA `EVP_PKEY` (freed in `deinit`).
    init(takingOwnershipOf pkey: OpaquePointer) {
        self.pkey = pkey
        self.bits = Int(EVP_PKEY_get_bits(pkey))
    }

    deinit { EVP_PKEY_free(pkey) }

    /// The largest modulus accepted: larger keys only cost verification time.
    public static let maximumModulusBytes = 2048  // 16,384 bits

    /// From the big-endian modulus and public exponent (a JWK's decoded `n` and `e`).
    public convenience init(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) {
        guard !modulus.isEmpty, modulus.count <= Self.maximumModulusBytes, !exponent.isEmpty, exponent.count <= 8 else {
            throw CryptoError(operation: "build RSA public key", detail: "modulus or exponent size out of range")
        }
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.capture("build RSA public key") }
        defer { OSSL_PARAM_BLD_free(builder) }
        let n = modulus.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        defer { BN_free(n) }
        let e = exponent.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        defer { BN_free(e) }
        guard let n, let e, impress_param_bld_push_rsa_public(builder, n, e) == 1,
            let params = OSSL_PARAM_BLD_to_param(builder)
        else { throw CryptoError.capture("build RSA public key") }
        defer { OSSL_PARAM_free(params) }
        guard let context = impress_pkey_ctx_new_rsa() else { throw CryptoError.capture("build RSA public key") }
        defer { EVP_PKEY_CTX_free(context) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &pkey, impress_evp_pkey_public_key_selection(), params) == 1,
            let pkey
        else { throw CryptoError.capture("build RSA public key") }
        self.init(takingOwnershipOf: pkey)
    }

    /// From a PEM: `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY` (PKCS#1).
    public convenience init(pem: String) throws(CryptoError) {
        var pkey: OpaquePointer?
        guard let decoder = impress_decoder_ctx_rsa_public_pem(&pkey) else { throw CryptoError.capture("read public key PEM") }
        defer { OSSL_DECODER_CTX_free(decoder) }
        let bytes = Array(pem.utf8)
        let decoded = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            var remaining = buffer.count
            return OSSL_DECODER_from_data(decoder, &cursor, &remaining)
        }
        guard decoded == 1, let pkey else { throw CryptoError.capture("read public key PEM") }
        guard EVPKey.isRSA(pkey) else {
            EVP_PKEY_free(pkey)
            throw CryptoError(operation: "read public key PEM", detail: "not an RSA key")
        }
        self.init(takingOwnershipOf: pkey)
    }

    /// True when `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    /// Every failure (wrong length, bad padding, a libcrypto error) is simply `false`.
    public func verifyRS256(message: [UInt8], signature: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()  // a refused signature queues reasons nobody will read
        }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, pkey) == 1,
            EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
        else { return false }
        // An empty array may have no base address; libcrypto wants a pointer even for 0 bytes.
        let placeholder: [UInt8] = [0]
        let result = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                placeholder.withUnsafeBufferPointer { empty in
                    EVP_DigestVerify(
                        context, sig.baseAddress ?? empty.baseAddress, sig.count,
                        msg.baseAddress ?? empty.baseAddress, msg.count)
                }
            }
        }
        return result == 1
    }

    /// The JWK members `n` and `e` (RFC 7518 §6.3.1), base64url.
    public func jwkComponents() throws(CryptoError) -> (n: String, e: String) {
        (
            Base64URL.encode(try EVPKey.integerParameter(pkey, "n")),
            Base64URL.encode(try EVPKey.integerParameter(pkey, "e"))
        )
    }

    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo).
    public func pemEncoded() throws(CryptoError) -> String {
        try EVPKey.pem("write public key PEM") { PEM_write_bio_PUBKEY($0, pkey) }
    }
}
