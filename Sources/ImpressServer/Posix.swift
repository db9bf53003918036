import Glibc

/// A failed system call, named (NIO's style): "accept4: Too many open files".
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    public let call: String
    public let code: Int32

    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// Every system call of the server goes through here: `EINTR` is retried, any other
/// failure is thrown with the call's name. Callers that expect `EAGAIN` catch it by code.
enum Posix {
    @discardableResult
    static func call<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            guard result == -1 else { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemCallError(call: name, code: code)
        }
    }

    /// Seconds on the monotonic clock, for deadlines.
    static func monotonicNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    static func setNonBlocking(_ fd: Int32) throws(SystemCallError) {
        let flags = try call("fcntl(F_GETFL)") { fcntl(fd, F_GETFL) }
        try call("fcntl(F_SETFL)") { fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
        let fdFlags = try call("fcntl(F_GETFD)") { fcntl(fd, F_GETFD) }
        try call("fcntl(F_SETFD)") { fcntl(fd, F_SETFD, fdFlags | FD_CLOEXEC) }
    }

    /// Whether `fd` is a socket in the listening state (`SO_ACCEPTCONN`).
    static func isListeningSocket(_ fd: Int32) -> Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) == 0 && value == 1
    }
}
