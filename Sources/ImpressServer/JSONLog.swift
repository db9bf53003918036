import Glibc
import ImpressJSON
import Synchronization

/// One JSON object per line (API.md §5: stderr, read by journald). Thread-safe: each line is
/// built whole and written with one write(2) under a lock, so lines never interleave.
public final class JSONLog: Sendable {
    public enum Level: String, Sendable {
        case debug, info, warning, error
    }

    private let output: @Sendable ([UInt8]) -> Void
    private let clock: @Sendable () -> timespec
    private let lock = Mutex(())

    /// Writes to a file descriptor (stderr by default).
    public convenience init(fileDescriptor: Int32 = 2) {
        self.init(output: { line in JSONLog.writeAll(fileDescriptor, line) })
    }

    /// Writes each line (ending in "\n") to `output`; `clock` gives the wall-clock time.
    public init(
        output: @escaping @Sendable ([UInt8]) -> Void,
        clock: @escaping @Sendable () -> timespec = { JSONLog.realTime() }
    ) {
        self.output = output
        self.clock = clock
    }

    /// `{"time":…,"level":…,` then `fields` in order.
    public func write(_ level: Level, _ fields: [(key: String, value: JSONValue)]) {
        let object: JSONValue = .object(
            [("time", .string(JSONLog.iso8601(clock()))), ("level", .string(level.rawValue))] + fields)
        var line = JSONWriter.bytes(object)
        line.append(UInt8(ascii: "\n"))
        lock.withLock { _ in output(line) }
    }

    /// A line with a message, for start-up and shutdown.
    public func log(_ level: Level, _ message: String, _ fields: [(key: String, value: JSONValue)] = []) {
        write(level, [("msg", .string(message))] + fields)
    }

    public static func realTime() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }

    /// `2026-12-04T20:51:32.123Z`, UTC with milliseconds.
    public static func iso8601(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let millis = Int32(time.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
