#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident set (`VmHWM` of /proc/self/status), in KiB; 0 when unreadable.
enum PeakMemory {
    static func kibibytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmHWM:") else { continue }
            return Int(text.dropFirst(6).filter(\.isNumber)) ?? 0
        }
        return 0
    }
}
