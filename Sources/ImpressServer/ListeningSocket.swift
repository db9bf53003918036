import Glibc
import Synchronization

/// The one listening socket, opened at start-up so a bad address fails before `run()`.
/// Owns its descriptor; a unix socket file it created is removed on close.
final class ListeningSocket: Sendable {
    let fd: Int32
    /// Whether peers are IP hosts (`FCGI_WEB_SERVER_ADDRS` applies only to those).
    let isInternet: Bool
    /// The TCP port bound, when listening on TCP.
    let port: Int?
    private let createdPath: String?
    private let closed = Atomic<Bool>(false)

    init(_ address: ListenAddress, environment: [String: String], backlog: Int32 = 1024) throws(ServerError) {
        switch address {
        case .unix(let path):
            fd = try ListeningSocket.bindUnix(path: path, backlog: backlog)
            createdPath = path
        case .tcp(let host, let port):
            fd = try ListeningSocket.bindTCP(host: host, port: port, backlog: backlog)
            createdPath = nil
        case .inherited:
            fd = try ListeningSocket.inheritedDescriptor(environment: environment)
            createdPath = nil
        case .descriptor(let given):
            guard Posix.isListeningSocket(given) else {
                throw ServerError("descriptor \(given) is not a listening socket")
            }
            fd = given
            createdPath = nil
        }
        do {
            try Posix.setNonBlocking(fd)
        } catch {
            Posix.close(fd)
            throw ServerError("cannot use the listening socket: \(error)")
        }
        let family = ListeningSocket.family(of: fd)
        isInternet = family == AF_INET || family == AF_INET6
        port = isInternet ? ListeningSocket.localPort(of: fd) : nil
    }

    deinit {
        close()
    }

    /// Stops accepting: new connections are refused from here on. Safe to call twice.
    func close() {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        Posix.close(fd)
        if let createdPath { unlink(createdPath) }
    }

    /// systemd socket activation (sd_listen_fds(3): `LISTEN_PID` is this process, the first
    /// socket is fd 3), else fd 0 when it is a listening socket (FastCGI §2.2,
    /// `FCGI_LISTENSOCK_FILENO`).
    static func inheritedDescriptor(environment: [String: String]) throws(ServerError) -> Int32 {
        if let pid = environment["LISTEN_PID"].flatMap({ Int32($0) }), pid == getpid(),
            let count = environment["LISTEN_FDS"].flatMap({ Int($0) }), count >= 1
        {
            guard Posix.isListeningSocket(3) else {
                throw ServerError("LISTEN_FDS is set but fd 3 is not a listening socket")
            }
            return 3
        }
        guard Posix.isListeningSocket(0) else {
            throw ServerError(
                "IMPRESS_LISTEN is not set and no socket was inherited (no LISTEN_FDS for this process, "
                    + "fd 0 is not a listening socket); set IMPRESS_LISTEN=unix:/path or HOST:PORT")
        }
        return 0
    }

    private static func bindTCP(host: String, port: Int, backlog: Int32) throws(ServerError) -> Int32 {
        guard (0...65535).contains(port) else { throw ServerError("port \(port) is out of range") }
        let isIPv6 = host.contains(":")
        let place = isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
        let fd = try system("cannot listen on \(place)") {
            socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do throws(ServerError) {
            var one: Int32 = 1
            try system("cannot listen on \(place)") {
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            if isIPv6 {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(port).bigEndian
                guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                    throw ServerError("'\(host)' is not an IPv6 address")
                }
                try system("cannot bind \(place)") {
                    withUnsafePointer(to: &address) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                        }
                    }
                }
            } else {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(port).bigEndian
                guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                    throw ServerError("'\(host)' is not an IPv4 address")
                }
                try system("cannot bind \(place)") {
                    withUnsafePointer(to: &address) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
            }
            try system("cannot listen on \(place)") { listen(fd, backlog) }
        } catch {
            Posix.close(fd)
            throw error
        }
        return fd
    }

    private static func bindUnix(path: String, backlog: Int32) throws(ServerError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ServerError("unix socket path '\(path)' is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        try replaceStaleSocket(at: path, address: address)

        let fd = try system("cannot listen on unix:\(path)") {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            try system("cannot bind unix:\(path)") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
            }
        } catch {
            Posix.close(fd)
            throw error
        }
        do {
            // Nobody can connect before listen(2), so setting the mode here leaves no window.
            try system("cannot listen on unix:\(path)") { chmod(path, 0o660) }
            try system("cannot listen on unix:\(path)") { listen(fd, backlog) }
        } catch {
            Posix.close(fd)
            unlink(path)
            throw error
        }
        return fd
    }

    /// Removes a socket file left by a previous run; refuses anything that is not a socket,
    /// and a socket some process still accepts on.
    private static func replaceStaleSocket(at path: String, address: sockaddr_un) throws(ServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw ServerError("unix:\(path) exists and is not a socket; not replacing it")
        }
        let probe = try system("cannot check unix:\(path)") {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { Posix.close(probe) }
        var target = address
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected != 0 else {
            throw ServerError("unix:\(path) is in use by another process")
        }
        try system("cannot remove stale socket unix:\(path)") { unlink(path) }
    }

    /// `Posix.call` named by what start-up was doing: "cannot bind 127.0.0.1:80: Permission denied".
    @discardableResult
    private static func system<Result: BinaryInteger>(
        _ context: String, _ body: () -> Result
    ) throws(ServerError) -> Result {
        do {
            return try Posix.call(context, body)
        } catch {
            throw ServerError(error.description)
        }
    }

    private static func family(of fd: Int32) -> Int32 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return ok == 0 ? Int32(storage.ss_family) : -1
    }

    private static func localPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return nil }
        return SocketAddress(storage).port
    }
}
