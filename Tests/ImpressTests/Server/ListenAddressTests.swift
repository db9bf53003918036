import Glibc
import Testing

@testable import ImpressServer

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("unix:/run/impress/admin.sock", ListenAddress.unix(path: "/run/impress/admin.sock")),
        ("127.0.0.1:9000", .tcp(host: "127.0.0.1", port: 9000)),
        ("[::1]:9000", .tcp(host: "::1", port: 9000)),
        ("localhost:65535", .tcp(host: "127.0.0.1", port: 65535)),
        ("0.0.0.0:1", .tcp(host: "0.0.0.0", port: 1)),
        ("", .inherited),
    ])
    func parses(text: String, expected: ListenAddress) throws {
        #expect(try ListenAddress.parse(text) == expected)
    }

    @Test func unsetIsInherited() throws {
        #expect(try ListenAddress.parse(nil) == .inherited)
    }

    @Test(arguments: [
        "unix:relative.sock", "unix:", "9000", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
        "127.0.0.1:+80", "example.com:9000", "[::1]9000", "[nothost]:9000", "::1:9000", "unix:/" + String(repeating: "a", count: 120),
    ])
    func refuses(text: String) {
        #expect(throws: ServerError.self) { try ListenAddress.parse(text) }
    }

    @Test func messageNamesTheProblem() {
        #expect(throws: ServerError("IMPRESS_LISTEN '127.0.0.1:http': the port must be a number from 1 to 65535")) {
            try ListenAddress.parse("127.0.0.1:http")
        }
    }

    @Test func allowListParsing() {
        #expect(ServerConfiguration.webServerAddresses(from: " 127.0.0.1, ::1 ,,") == ["127.0.0.1", "::1"])
        #expect(ServerConfiguration.webServerAddresses(from: "") == nil)
        #expect(ServerConfiguration.webServerAddresses(from: nil) == nil)
    }

    @Test func listensOnIPv6Loopback() throws {
        let server = try RunningServer(listen: .tcp(host: "::1", port: 0))
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(server.port).bigEndian
        inet_pton(AF_INET6, "::1", &address.sin6_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        // Some containers have no IPv6 loopback; binding would have failed then, so this holds.
        #expect(connected == 0)
    }

    @Test func unixSocketHasMode0660AndReplacesAStaleSocket() throws {
        let folder = try Processes.temporaryDirectory("impress-unix")
        defer { Processes.removeTree(folder) }
        let path = "\(folder)/admin.sock"
        // A stale socket: bound, then its owner gone.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(stale)

        let server = try RunningServer(listen: .unix(path: path))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        let connection = try TestConnection(unixPath: path)
        try connection.send(FastCGIClient.request(params: FastCGIClient.getParams(path: "/unix")))
        #expect(try connection.readAnswer().status == 200)
        // A second server on the live socket is refused.
        #expect(throws: ServerError("unix:\(path) is in use by another process")) {
            _ = try FastCGIServer(
                configuration: ServerConfiguration(listen: .unix(path: path), environment: [:]),
                responder: EchoResponder(), log: JSONLog(output: { _ in }))
        }
        #expect(server.stop())
        #expect(access(path, F_OK) != 0)
    }

    @Test func aFileThatIsNotASocketIsNotReplaced() throws {
        let folder = try Processes.temporaryDirectory("impress-unix")
        defer { Processes.removeTree(folder) }
        let path = "\(folder)/notes.txt"
        try Processes.writeFile(path, "keep me")
        #expect(throws: ServerError("unix:\(path) exists and is not a socket; not replacing it")) {
            _ = try FastCGIServer(
                configuration: ServerConfiguration(listen: .unix(path: path), environment: [:]),
                responder: EchoResponder(), log: JSONLog(output: { _ in }))
        }
        #expect(Processes.readFile(path) == "keep me")
    }

    /// spawn-fcgi style: a listening socket handed over as a descriptor.
    @Test func servesOnAnInheritedDescriptor() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(fd, 16)
        let server = try RunningServer(listen: .descriptor(fd))
        #expect(try server.get("/inherited").status == 200)
    }

    @Test func aDescriptorThatIsNotListeningIsRefused() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        #expect(throws: ServerError("descriptor \(fd) is not a listening socket")) {
            _ = try ListeningSocket(.descriptor(fd), environment: [:])
        }
    }

    @Test func systemdActivationNeedsThisProcessesPid() {
        // LISTEN_PID of another process: not ours, so fd 0 is checked, and the test runner's
        // fd 0 is not a listening socket.
        if !Posix.isListeningSocket(0) {
            #expect(throws: ServerError.self) {
                _ = try ListeningSocket.inheritedDescriptor(environment: ["LISTEN_PID": "1", "LISTEN_FDS": "1"])
            }
        }
    }

    @Test func aTakenPortFailsAtInitWithAClearMessage() throws {
        let first = try RunningServer()
        #expect(throws: ServerError("cannot bind 127.0.0.1:\(first.port): Address already in use")) {
            _ = try FastCGIServer(
                configuration: ServerConfiguration(listen: .tcp(host: "127.0.0.1", port: first.port), environment: [:]),
                responder: EchoResponder(), log: JSONLog(output: { _ in }))
        }
    }

    /// FCGI_LISTENSOCK_FILENO (§2.2): a listening socket on fd 0, as spawn-fcgi passes it, is
    /// found by `.inherited`. fd 0 is swapped only for the moment of the check.
    @Test func findsAListeningSocketOnFdZero() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listening) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(listening, 1)
        let savedStdin = dup(0)
        try #require(savedStdin >= 0)
        dup2(listening, 0)
        let found = try? ListeningSocket.inheritedDescriptor(environment: [:])
        dup2(savedStdin, 0)
        close(savedStdin)
        #expect(found == 0)
    }
}
