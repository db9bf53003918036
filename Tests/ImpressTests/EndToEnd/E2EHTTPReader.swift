import Glibc

/// Reads one HTTP/1.1 response (head plus a Content-Length or chunked body) off a raw kept
/// connection, leaving the connection open for the next request.
enum E2EHTTPReader {
    /// The status code of the next response on `connection`, its body consumed.
    static func readStatus(_ connection: TestConnection) throws -> Int {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        func receive() throws {
            let n = recv(connection.fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw TestFailure("connection closed or timed out mid-response") }
            bytes.append(contentsOf: chunk[..<n])
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        while bytes.firstRange(of: separator) == nil { try receive() }
        guard let headEnd = bytes.firstRange(of: separator)?.upperBound else { throw TestFailure("no head") }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
        guard let status = head.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestFailure("no status line in \(head)")
        }
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            while bytes.count < headEnd + length { try receive() }
        } else if head.contains("transfer-encoding: chunked") {
            // The last chunk is `0\r\n\r\n`.
            let lastChunk: [UInt8] = [48, 13, 10, 13, 10]
            while !bytes[headEnd...].elementsEqual(lastChunk) && !bytes.suffix(7).elementsEqual([13, 10] + lastChunk) {
                try receive()
            }
        }
        return status
    }
}
