import CCrypto

/// Plumbing shared by the two RSA key classes. `EVP_PKEY*` pointers never leave this module.
enum EVPKey {
    /// A big-endian unsigned integer parameter of a key (`"n"`, `"e"`), as OpenSSL holds it.
    static func integerParameter(_ pkey: OpaquePointer, _ name: String) throws(CryptoError) -> [UInt8] {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else {
            throw CryptoError.capture("read RSA parameter \(name)")
        }
        defer { BN_free(bn) }
        // BN_num_bytes is a macro: (bits + 7) / 8.
        let byteCount = (Int(BN_num_bits(bn)) + 7) / 8
        var out = [UInt8](repeating: 0, count: byteCount)
        let written = out.withUnsafeMutableBufferPointer { BN_bn2bin(bn, $0.baseAddress) }
        guard Int(written) == byteCount else { throw CryptoError.capture("export RSA parameter \(name)") }
        return out
    }

    /// Runs a PEM writer against a memory BIO and returns what it wrote.
    static func pem(_ operation: String, _ write: (OpaquePointer) -> Int32) throws(CryptoError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.capture(operation) }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw CryptoError.capture(operation) }
        var data: UnsafeMutablePointer<CChar>?
        let length = impress_bio_mem_data(bio, &data)
        guard length > 0, let data else { throw CryptoError.capture(operation) }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Calls `body` with a read-only memory BIO over `text`'s bytes, valid only inside `body`.
    static func withMemoryBIO<R>(_ text: String, _ body: (OpaquePointer?) -> R) -> R {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let length = Int32(exactly: buffer.count) else { return body(nil) }
            let bio = BIO_new_mem_buf(base, length)
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Refuses keys of any other type (EC, RSA-PSS-only): the caller then frees it.
    static func isRSA(_ pkey: OpaquePointer) -> Bool { EVP_PKEY_is_a(pkey, "RSA") == 1 }
}
