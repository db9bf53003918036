import CCrypto

/// SHA-256 and HMAC-SHA256 through OpenSSL's one-shot EVP calls (no hand-written crypto).
public enum Digest {
    public static func sha256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        let input = Array(data)
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = input.withUnsafeBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(inp.baseAddress, inp.count, o.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only on allocation failure; an all-zero digest can never verify.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return out
    }

    public static func hmacSHA256<K: Collection, D: Collection>(key: K, data: D) -> [UInt8]
    where K.Element == UInt8, D.Element == UInt8 {
        let k = Array(key)
        let d = Array(data)
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = k.withUnsafeBufferPointer { kp in
            d.withUnsafeBufferPointer { dp in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), kp.baseAddress, Int32(kp.count), dp.baseAddress, dp.count, o.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && length == 32, "HMAC(SHA-256) failed")
        return out
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, as SigV4 and logs want it.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
