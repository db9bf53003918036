import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny scriptable HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for tests that need a
/// real peer: fault injection for the DynamoDB client, credential endpoints, a JWKS. Each
/// connection gets its own thread and keep-alive; the script decides per request what
/// happens, so a test can answer, hang, reset or drop the connection.
final class LoopbackHTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// Names lower-cased.
        var headers: [String: String]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    enum Action: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Read the request and never answer (until the server stops).
        case hang
        /// Close the connection with a TCP reset (SO_LINGER 0).
        case reset
        /// Close the connection cleanly without an answer.
        case close

        static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Action {
            .respond(
                status: status, headers: [("Content-Type", "application/x-amz-json-1.0")] + headers,
                body: Array(text.utf8))
        }
    }

    typealias Script = @Sendable (_ index: Int, _ request: Request) -> Action

    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let listenFD: Int32
    private let script: Script
    private let state = Mutex(State())
    private let finished = DispatchGroup()

    private struct State {
        var requests: [Request] = []
        var clients: Set<Int32> = []
        var stopped = false
        var connections = 0
    }

    /// The requests received so far, in order.
    var requests: [Request] { state.withLock { $0.requests } }
    /// How many connections were accepted (keep-alive reuse keeps this low).
    var connectionCount: Int { state.withLock { $0.connections } }

    /// `port` 0 takes an ephemeral one; a given port lets a test bring a stopped peer back
    /// where its clients look for it.
    init(port requestedPort: Int = 0, script: @escaping Script) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(requestedPort).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw LoopbackServerError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listenFD = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        self.script = script
        finished.enter()
        Thread { [self] in
            acceptLoop()
            finished.leave()
        }.start()
    }

    /// Stops accepting, breaks every open connection (hanging ones too) and waits for the threads.
    /// Idempotent: the listening descriptor is closed exactly once, since a second close
    /// could hit a descriptor number another test has been given since.
    func stop() {
        // Connections are shut down under the lock that their threads close them under, so
        // a descriptor number is never touched after its thread closed it (another test may
        // own that number by then).
        let wasStopped = state.withLock { s -> Bool in
            defer { s.stopped = true }
            if !s.stopped { for fd in s.clients { shutdown(fd, Int32(SHUT_RDWR)) } }
            return s.stopped
        }
        guard !wasStopped else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(listenFD)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let admitted = state.withLock { s -> Bool in
                guard !s.stopped else { return false }
                s.clients.insert(client)
                s.connections += 1
                return true
            }
            guard admitted else {
                close(client)
                return
            }
            finished.enter()
            Thread { [self] in
                serve(client)
                state.withLock {
                    _ = $0.clients.remove(client)
                    close(client)
                }
                finished.leave()
            }.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            let index = state.withLock { s -> Int in
                s.requests.append(request)
                return s.requests.count - 1
            }
            switch script(index, request) {
            case .respond(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                head += "Content-Length: \(body.count)\r\n\r\n"
                guard writeAll(fd, Array(head.utf8) + body) else { return }
            case .hang:
                var sink = [UInt8](repeating: 0, count: 1024)
                while recv(fd, &sink, sink.count, 0) > 0 {}
                return
            case .reset:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case .close:
                return
            }
        }
    }

    /// Reads one request (head and a Content-Length body); nil at end of stream.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int? = nil
        while headEnd == nil {
            headEnd = buffer.firstRange(of: separator)?.lowerBound
            if headEnd == nil { guard receive(fd, &buffer) else { return nil } }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + 4
        while buffer.count < bodyStart + length { guard receive(fd, &buffer) else { return nil } }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private func receive(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[..<n])
        return true
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}

struct LoopbackServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
