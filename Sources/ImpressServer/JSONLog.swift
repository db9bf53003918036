import Glibc
import ImpressJSON
import Synchronization

/// One JSON object per line (API.md §5: stderr, read by journald). Thread-safe: lines are
/// built whole and written with one write(2) under a lock, so they never interleave.
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
        writeLines(line(level, fields))
    }

    /// One line, "\n" included, for a caller that writes several at once (`writeLines`).
    func line(_ level: Level, _ fields: [(key: String, value: JSONValue)]) -> [UInt8] {
        line(level) { line in
            for (key, value) in fields {
                line.append(UInt8(ascii: ","))
                JSONWriter.writeString(key, into: &line)
                line.append(UInt8(ascii: ":"))
                JSONWriter.write(value, into: &line)
            }
        }
    }

    /// `{"time":…,"level":…`, then what `appendFields` writes (each field after a comma), then
    /// `}` and "\n": a caller on the per-request path writes its fields straight into the line.
    func line(_ level: Level, _ appendFields: (inout [UInt8]) -> Void) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(192)
        line.append(literal: #"{"time":""#)
        JSONLog.appendISO8601(clock(), to: &line)
        line.append(literal: #"","level":""#)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(UInt8(ascii: "\""))
        appendFields(&line)
        line.append(literal: "}\n")
        return line
    }

    /// Whole lines from `line`, written together: the event loop gathers a pass's request
    /// lines into one write(2) instead of one per answer.
    func writeLines(_ lines: [UInt8]) {
        lock.withLock { _ in output(lines) }
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

    /// `2026-12-04T20:51:32.123Z`, UTC with milliseconds. The digits go straight into the
    /// line: formatting through Strings was a dozen allocations on every request.
    static func appendISO8601(_ time: timespec, to out: inout [UInt8]) {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int, then separator: UInt8) {
            // Every field is below 10^width (a year below 10000), so the digits fit.
            var divisor: Int32 = 1
            for _ in 1..<width { divisor &*= 10 }
            var rest = max(0, value)
            while divisor > 0 {
                out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
            out.append(separator)
        }
        digits(parts.tm_year + 1900, 4, then: UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2, then: UInt8(ascii: "-"))
        digits(parts.tm_mday, 2, then: UInt8(ascii: "T"))
        digits(parts.tm_hour, 2, then: UInt8(ascii: ":"))
        digits(parts.tm_min, 2, then: UInt8(ascii: ":"))
        digits(parts.tm_sec, 2, then: UInt8(ascii: "."))
        digits(Int32(time.tv_nsec / 1_000_000), 3, then: UInt8(ascii: "Z"))
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
