import Glibc

/// Where the daemon listens (`IMPRESS_LISTEN`, API.md §5).
public enum ListenAddress: Sendable, Equatable {
    /// A unix socket, created with mode 0660; a stale socket file is replaced.
    case unix(path: String)
    /// A numeric IPv4 or IPv6 address. Port 0 picks a free port (see `FastCGIServer.boundPort`).
    case tcp(host: String, port: Int)
    /// The socket a supervisor passed: systemd (`LISTEN_FDS`, fd 3) or fd 0 when fd 0 is a
    /// listening socket (FastCGI's `FCGI_LISTENSOCK_FILENO`, what spawn-fcgi passes).
    case inherited
    /// An already listening socket descriptor; the server takes ownership of it.
    case descriptor(Int32)

    /// Parses an `IMPRESS_LISTEN` value: `unix:/path`, `HOST:PORT` (`127.0.0.1:9000`,
    /// `[::1]:9000`, `localhost:9000`); nil or empty means `.inherited`.
    public static func parse(_ value: String?) throws(ServerError) -> ListenAddress {
        guard let value, !value.isEmpty else { return .inherited }
        if value.hasPrefix("unix:") {
            let path = String(value.dropFirst(5))
            guard path.hasPrefix("/") else {
                throw ServerError("IMPRESS_LISTEN '\(value)': a unix socket path must be absolute (unix:/run/impress.sock)")
            }
            // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
            guard path.utf8.count < 108 else {
                throw ServerError("IMPRESS_LISTEN: the unix socket path is longer than 107 bytes")
            }
            return .unix(path: path)
        }
        let host: Substring
        let portText: Substring
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]"), value[value.index(after: close)...].hasPrefix(":") else {
                throw ServerError("IMPRESS_LISTEN '\(value)': expected [IPV6]:PORT")
            }
            host = value[value.index(after: value.startIndex)..<close]
            portText = value[value.index(close, offsetBy: 2)...]
            guard isNumericAddress(String(host), family: AF_INET6) else {
                throw ServerError("IMPRESS_LISTEN '\(value)': '\(host)' is not an IPv6 address")
            }
        } else {
            guard let colon = value.lastIndex(of: ":") else {
                throw ServerError("IMPRESS_LISTEN '\(value)': expected unix:/path or HOST:PORT")
            }
            host = value[..<colon]
            portText = value[value.index(after: colon)...]
            guard host == "localhost" || isNumericAddress(String(host), family: AF_INET) else {
                throw ServerError(
                    "IMPRESS_LISTEN '\(value)': the host must be an IPv4 address, [IPv6] or localhost")
            }
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
            let port = Int(portText), (1...65535).contains(port)
        else {
            throw ServerError("IMPRESS_LISTEN '\(value)': the port must be a number from 1 to 65535")
        }
        return .tcp(host: host == "localhost" ? "127.0.0.1" : String(host), port: port)
    }

    static func isNumericAddress(_ text: String, family: Int32) -> Bool {
        var storage = in6_addr()
        return inet_pton(family, text, &storage) == 1
    }
}
