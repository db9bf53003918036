import CCrypto

/// Comparisons whose time does not depend on where two secrets first differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, by OpenSSL's `CRYPTO_memcmp`: only the lengths
    /// (not secret) can end it early, so a caller cannot learn a held secret's bytes by timing.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, pa.count) == 0 }
        }
    }
}
