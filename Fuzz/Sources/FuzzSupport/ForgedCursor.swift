import ImpressCrypto

/// A `cursor` as a client could forge one: the format of `ImpressAPI.PageCursor` (base64url
/// of `1.offset.from.to.binding`, the binding an FNV-1a hash of the list's identity) is not a
/// secret, so any window, including all of Int64, can be asked for this way.
public enum ForgedCursor {
    public static func encoded(binding: String, from: Int64, to: Int64, offset: Int = 0) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in binding.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Base64URL.encode(Array("1.\(offset).\(from).\(to).\(String(hash, radix: 16))".utf8))
    }
}
