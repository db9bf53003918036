#if canImport(Glibc)
import Glibc
#endif
import ImpressJSON
import ImpressModel

/// Reads the embedded store's file: one DynamoDB-typed item per line, the form
/// `aws dynamodb scan` prints each item in; blank lines are skipped.
enum FileStoreLoader {
    static func events(path: String) throws(FileStoreError) -> [Event] {
        let bytes = try readAll(path: path)
        var events: [Event] = []
        var lineNumber = 0
        var lineStart = 0
        try bytes.withUnsafeBufferPointer { (buffer) throws(FileStoreError) in
            while lineStart < buffer.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < buffer.count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                guard line.contains(where: { !isWhitespace($0) }) else { continue }
                events.append(try event(line: line, number: lineNumber))
            }
        }
        return events
    }

    /// One item from its typed JSON, as an event; the error names the line and the reason.
    static func event(line: UnsafeBufferPointer<UInt8>, number: Int) throws(FileStoreError) -> Event {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: line, options: .init(rejectDuplicateKeys: true))
        } catch {
            throw .malformedItem(line: number, reason: error.description)
        }
        return try event(json: json, number: number)
    }

    static func event(json: JSONValue, number: Int) throws(FileStoreError) -> Event {
        do {
            return try Event(item: try Item(wire: json))
        } catch {
            throw .malformedItem(line: number, reason: error.description)
        }
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    private static func readAll(path: String) throws(FileStoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return out }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}
