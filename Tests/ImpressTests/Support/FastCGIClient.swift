import Glibc

/// A FastCGI web-server side for tests: encodes records by hand (independently of the
/// `FastCGI` module), talks over a real socket, and parses what comes back.
enum FastCGIClient {
    static let responderRole: UInt16 = 1

    struct Record: Equatable {
        var type: UInt8
        var requestId: UInt16
        var content: [UInt8]
        var paddingLength: UInt8 = 0
    }

    /// A parsed responder answer.
    struct Answer {
        var records: [Record]
        var stdout: [UInt8] { records.filter { $0.type == 6 }.flatMap(\.content) }
        var endRequest: Record? { records.first { $0.type == 3 } }
        var protocolStatus: UInt8? { endRequest.flatMap { $0.content.count == 8 ? $0.content[4] : nil } }
        var cgiHead: String {
            let bytes = stdout
            guard let end = Self.headEnd(bytes) else { return "" }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
        var status: Int? {
            cgiHead.split(separator: "\r\n").first { $0.hasPrefix("Status: ") }
                .flatMap { Int($0.dropFirst(8).prefix(3)) }
        }
        func header(_ name: String) -> String? {
            for line in cgiHead.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return String(parts[1].drop { $0 == " " })
                }
            }
            return nil
        }
        var body: [UInt8] {
            let bytes = stdout
            guard let end = Self.headEnd(bytes) else { return [] }
            return Array(bytes[(end + 4)...])
        }
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        private static func headEnd(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4) where bytes[index..<index + 4] == [13, 10, 13, 10] {
                return index
            }
            return nil
        }
    }

    static func record(_ type: UInt8, id: UInt16, _ content: [UInt8], padding: Int = 0) -> [UInt8] {
        [1, type, UInt8(id >> 8), UInt8(id & 0xFF), UInt8(content.count >> 8), UInt8(content.count & 0xFF), UInt8(padding), 0]
            + content + [UInt8](repeating: 0, count: padding)
    }

    static func begin(id: UInt16, role: UInt16 = responderRole, keepConnection: Bool) -> [UInt8] {
        record(1, id: id, [UInt8(role >> 8), UInt8(role & 0xFF), keepConnection ? 1 : 0, 0, 0, 0, 0, 0])
    }

    static func length(_ n: Int) -> [UInt8] {
        n < 128 ? [UInt8(n)] : [UInt8(0x80 | (n >> 24)), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
    }

    static func pairs(_ list: [(String, String)]) -> [UInt8] {
        list.flatMap { length($0.0.utf8.count) + length($0.1.utf8.count) + Array($0.0.utf8) + Array($0.1.utf8) }
    }

    /// A stream in records of at most `chunk` bytes, then the empty record.
    static func stream(_ type: UInt8, id: UInt16, _ bytes: [UInt8], chunk: Int = 65535) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            out += record(type, id: id, Array(bytes[start..<end]))
            start = end
        }
        return out + record(type, id: id, [])
    }

    static func getParams(path: String, query: String = "", extra: [(String, String)] = []) -> [(String, String)] {
        [
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", query.isEmpty ? path : "\(path)?\(query)"),
            ("QUERY_STRING", query), ("REMOTE_ADDR", "127.0.0.1"),
        ] + extra
    }

    /// BEGIN_REQUEST, PARAMS, empty PARAMS, STDIN, empty STDIN.
    static func request(
        id: UInt16 = 1, params: [(String, String)], stdin: [UInt8] = [], keepConnection: Bool = false
    ) -> [UInt8] {
        begin(id: id, keepConnection: keepConnection) + stream(4, id: id, pairs(params)) + stream(5, id: id, stdin)
    }
}

/// A connected socket to the server under test; closes on deinit.
final class TestConnection {
    let fd: Int32
    private var input: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            // No close here: deinit runs after a throwing init too, and a second close could
            // hit a descriptor another test's thread has opened since (a server's listener).
            throw TestFailure("connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        setReceiveTimeout(10)
    }

    init(unixPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(unixPath.utf8)) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            // No close here: deinit runs after a throwing init too, and a second close could
            // hit a descriptor another test's thread has opened since (a server's listener).
            throw TestFailure("connect to unix:\(unixPath): \(String(cString: strerror(errno)))")
        }
        setReceiveTimeout(10)
    }

    deinit { Glibc.close(fd) }

    func setReceiveTimeout(_ seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends all bytes, `chunk` bytes per send(2) when given.
    func send(_ bytes: [UInt8], chunk: Int? = nil) throws {
        var offset = 0
        while offset < bytes.count {
            let size = min(chunk ?? bytes.count, bytes.count - offset)
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, size, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestFailure("send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    /// Reads more bytes; false at EOF. Throws on timeout or error.
    private func fill() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &buffer, buffer.count, 0)
        if count > 0 {
            input += buffer[0..<count]
            return true
        }
        if count == 0 { return false }
        throw TestFailure("recv: \(String(cString: strerror(errno)))")
    }

    /// The next whole record, or nil at EOF.
    func readRecord() throws -> FastCGIClient.Record? {
        while true {
            if input.count >= 8 {
                let length = Int(input[4]) << 8 | Int(input[5])
                let padding = Int(input[6])
                if input.count >= 8 + length + padding {
                    let record = FastCGIClient.Record(
                        type: input[1], requestId: UInt16(input[2]) << 8 | UInt16(input[3]),
                        content: Array(input[8..<8 + length]), paddingLength: input[6])
                    input.removeFirst(8 + length + padding)
                    return record
                }
            }
            guard try fill() else { return nil }
        }
    }

    /// Records up to and including the END_REQUEST for `id`.
    func readAnswer(id: UInt16 = 1) throws -> FastCGIClient.Answer {
        var records: [FastCGIClient.Record] = []
        while let record = try readRecord() {
            records.append(record)
            if record.type == 3 && record.requestId == id { return FastCGIClient.Answer(records: records) }
        }
        throw TestFailure("EOF before END_REQUEST; got \(records.count) records")
    }

    /// True when the peer closes with FIN (recv returns 0) and sends nothing more.
    func readsCleanEOF() throws -> Bool {
        if !input.isEmpty { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        if count < 0 { throw TestFailure("recv: \(String(cString: strerror(errno)))") }
        return count == 0
    }

    /// Reads until EOF or an error, discarding; true if the connection ended (EOF or reset).
    func drainsToClose() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { continue }
            return count == 0 || errno == ECONNRESET
        }
    }

    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
