#if canImport(Glibc)
import Glibc
#endif
import ImpressModel
import Synchronization

/// Reads the embedded store's file: one DynamoDB-typed item per line, the form
/// `aws dynamodb scan` prints each item in; blank lines are skipped. The file is read a block
/// at a time (never whole: a million events take 640 MB of text), and each block's lines are
/// decoded on every core at once.
enum FileStoreLoader {
    static let blockSize = 8 << 20

    /// The file's events in file order, in pages of `FileStore.pageSize`; the first malformed
    /// line stops the load with its number.
    static func pages(path: String) throws(FileStoreError) -> [[Event]] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let parts = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var pages = PageFiller()
        var linesBefore = 0
        // Bytes read but not decoded yet: the start of a line a block cut.
        var pending: [UInt8] = []
        // A small file gets a small buffer (the fuzzer loads thousands of tiny files).
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : blockSize
        var block = [UInt8](repeating: 0, count: max(1, min(blockSize, size + 1)))
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            pending.append(contentsOf: block[0..<n])
            // Whole lines only, unless the file has ended.
            let end = n == 0 ? pending.count : (pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            try pending.withUnsafeBufferPointer { (buffer) throws(FileStoreError) in
                let lines = UnsafeBufferPointer(rebasing: buffer[0..<end])
                let decoded = try decode(lines, parts: parts, firstLine: linesBefore + 1, into: &pages)
                linesBefore += decoded
            }
            pending.removeFirst(end)
            if n == 0 { return pages.pages }
        }
    }

    /// Decodes whole lines, `parts` runs of them at once; returns how many lines there were.
    private static func decode(
        _ text: UnsafeBufferPointer<UInt8>, parts: Int, firstLine: Int, into pages: inout PageFiller
    ) throws(FileStoreError) -> Int {
        // Threads only pay for themselves on a megabyte or more.
        let runs = split(text, parts: text.count < 1 << 20 ? 1 : parts)
        let results = Mutex<[Run?]>(Array(repeating: nil, count: runs.count))
        ConcurrentRun.run(runs.count) { index in
            let run = Run(UnsafeBufferPointer(rebasing: text[runs[index]]))
            results.withLock { $0[index] = run }
        }
        var lines = 0
        for run in results.withLock({ $0 }) {
            guard let run else { continue }
            if let failure = run.failure {
                throw .malformedItem(line: firstLine + lines + failure.line - 1, reason: failure.reason)
            }
            lines += run.lines
            pages.append(contentsOf: run.events)
        }
        return lines
    }

    /// `parts` runs of whole lines, about equal in bytes.
    private static func split(_ text: UnsafeBufferPointer<UInt8>, parts: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for part in 1...parts where start < text.count {
            var end = part == parts ? text.count : max(start, text.count / parts * part)
            while end < text.count, end > 0, text[end - 1] != 0x0A { end += 1 }
            if end > start { runs.append(start..<end) }
            start = end
        }
        return runs
    }

    /// One run of lines, decoded: its events, its line count, or its first malformed line
    /// (counted from 1 within the run).
    private struct Run: Sendable {
        var events: [Event] = []
        var lines = 0
        var failure: (line: Int, reason: String)?

        init(_ text: UnsafeBufferPointer<UInt8>) {
            var shared = SharedValues()
            var lineStart = 0
            while lineStart < text.count {
                lines += 1
                let rest = UnsafeBufferPointer(rebasing: text[lineStart...])
                let length = FileStoreLoader.lineLength(rest)
                let line = UnsafeBufferPointer(rebasing: rest[0..<length])
                lineStart += length + 1
                guard line.contains(where: { !FileStoreLoader.isWhitespace($0) }) else { continue }
                do throws(ItemDecodingError) {
                    var event = try Event(wire: line)
                    shared.share(&event)
                    events.append(event)
                } catch {
                    failure = (lines, error.description)
                    return
                }
            }
        }
    }

    /// Bytes before the first newline (all of them when there is none).
    private static func lineLength(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress, let newline = memchr(base, 0x0A, text.count) else { return text.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
}

/// Appends events to pages of `FileStore.pageSize`, each allocated once at its full size.
struct PageFiller {
    private(set) var pages: [[Event]] = []

    mutating func append(contentsOf events: [Event]) {
        var start = 0
        while start < events.count {
            if pages.isEmpty || pages[pages.count - 1].count == FileStore.pageSize {
                pages.append([])
                pages[pages.count - 1].reserveCapacity(FileStore.pageSize)
            }
            let end = min(events.count, start + FileStore.pageSize - pages[pages.count - 1].count)
            pages[pages.count - 1].append(contentsOf: events[start..<end])
            start = end
        }
    }
}
