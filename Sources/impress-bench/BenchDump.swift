#if canImport(Glibc)
import Glibc
#endif

/// Writes response bodies to files, one per route, so two builds' answers can be compared
/// byte for byte (`cmp`): a speed-up must not change a byte.
enum BenchDump {
    static func write(_ body: [UInt8], named route: String, in directory: String) {
        let name = String(route.map { $0.isLetter || $0.isNumber ? $0 : "_" }) + ".json"
        guard let file = fopen(directory + "/" + name, "w") else { return }
        defer { fclose(file) }
        _ = body.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    }
}
