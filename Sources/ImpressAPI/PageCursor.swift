import ImpressCrypto
import ImpressModel

/// The opaque `cursor` of a list: base64url of `1.offset.from.to.binding`, where `binding` is
/// a hash of the list's identity (route, id, sort, filters). Not a secret: a forged cursor can
/// only page through what the caller may read anyway.
struct PageCursor: Equatable {
    var offset: Int
    var window: TimeWindow
    var binding: UInt64

    init(offset: Int, window: TimeWindow, binding: UInt64) {
        self.offset = offset
        self.window = window
        self.binding = binding
    }

    init?(encoded: String) {
        guard let bytes = Base64URL.decode(encoded), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let fields = text.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "1",
            let offset = Int(fields[1]), offset >= 0,
            let from = Int64(fields[2]), let to = Int64(fields[3]), from <= to,
            let binding = UInt64(fields[4], radix: 16)
        else { return nil }
        self.init(offset: offset, window: TimeWindow(from: from, to: to), binding: binding)
    }

    var encoded: String {
        Base64URL.encode(Array("1.\(offset).\(window.from).\(window.to).\(String(binding, radix: 16))".utf8))
    }

    /// FNV-1a, 64 bits: stable across processes (Swift's `Hasher` is seeded per process).
    static func fingerprint(of binding: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in binding.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
