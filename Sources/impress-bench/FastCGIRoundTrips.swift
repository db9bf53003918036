import FastCGI
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `impress-bench fastcgi`: raw FastCGI round trips per second against a running daemon, with
/// kept connections (`FCGI_KEEP_CONN`) as nginx uses them, no HTTP in between: what the
/// daemon's protocol loop and worker hand-off cost on their own.
enum FastCGIRoundTrips {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(address: String, connections: Int, seconds: Double, path: String) throws {
        let request = requestBytes(path: path)
        let deadline = Date().addingTimeInterval(seconds)
        let results = Mutex<(count: Int, latencies: [Double], errors: [String])>((0, [], []))
        DispatchQueue.concurrentPerform(iterations: connections) { _ in
            var latencies: [Double] = []
            var count = 0
            do {
                let fd = try connect(address)
                defer { close(fd) }
                var buffer: [UInt8] = []
                while Date() < deadline {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try sendAll(fd, request)
                    try readUntilEndRequest(fd, &buffer)
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                    count += 1
                }
            } catch {
                results.withLock { $0.errors.append("\(error)") }
            }
            results.withLock {
                $0.count += count
                $0.latencies += latencies
            }
        }
        let (count, latencies, errors) = results.withLock { ($0.count, $0.latencies.sorted(), $0.errors) }
        let p50 = latencies.isEmpty ? 0 : latencies[latencies.count / 2]
        let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        print(String(format: "fastcgi %@ over %d kept connections: %.0f round trips/s, p50 %.3f ms, p99 %.3f ms, %d errors",
                     path, connections, Double(count) / seconds, p50, p99, errors.count))
        if let first = errors.first { print("first error: \(first)") }
    }

    /// BEGIN_REQUEST (responder, keep-conn), PARAMS, the empty PARAMS, the empty STDIN.
    static func requestBytes(path: String) -> [UInt8] {
        var out: [UInt8] = []
        RecordEncoder.record(.beginRequest, requestId: 1, content: [0, 1, 1, 0, 0, 0, 0, 0][...], into: &out)
        let params = NameValuePairs.encode([
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", path), ("QUERY_STRING", ""), ("SERVER_PROTOCOL", "HTTP/1.1"),
        ])
        RecordEncoder.record(.params, requestId: 1, content: params[...], into: &out)
        RecordEncoder.record(.params, requestId: 1, content: [][...], into: &out)
        RecordEncoder.record(.stdin, requestId: 1, content: [][...], into: &out)
        return out
    }

    static func connect(_ address: String) throws -> Int32 {
        if address.hasPrefix("unix:") {
            let path = String(address.dropFirst(5))
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw Failure(description: "socket path too long") }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard ok == 0 else { throw Failure(description: "connect \(address): errno \(errno)") }
            return fd
        }
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { throw Failure(description: "address is unix:/path or HOST:PORT") }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr(String(parts[0]))
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw Failure(description: "connect \(address): errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += n
        }
    }

    /// Reads records until this request's END_REQUEST; what follows stays in `buffer`.
    static func readUntilEndRequest(_ fd: Int32, _ buffer: inout [UInt8]) throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            while let header = try RecordHeader.decode(buffer[...]), buffer.count >= header.recordLength {
                buffer.removeFirst(header.recordLength)
                if header.type == RecordType.endRequest.rawValue { return }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw Failure(description: "connection closed by the daemon") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
