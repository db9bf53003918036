import Glibc

/// A peer's address as text, for the allow-list and `REMOTE_ADDR`-less logs.
struct SocketAddress {
    /// Numeric host; an IPv4-mapped IPv6 address is shown as IPv4. Nil for unix peers.
    let host: String?
    let port: Int?

    init(_ storage: sockaddr_storage) {
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let (host, port) = withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    return (SocketAddress.text(family: AF_INET, &address.s_addr), Int(UInt16(bigEndian: pointer.pointee.sin_port)))
                }
            }
            self.host = host
            self.port = port
        case AF_INET6:
            let (host, port) = withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    return (withUnsafeBytes(of: &address) { $0.baseAddress.flatMap { SocketAddress.text(family: AF_INET6, $0) } }, Int(UInt16(bigEndian: pointer.pointee.sin6_port)))
                }
            }
            self.host = host.map { $0.hasPrefix("::ffff:") && $0.contains(".") ? String($0.dropFirst(7)) : $0 }
            self.port = port
        default:
            host = nil
            port = nil
        }
    }

    private static func text(family: Int32, _ address: UnsafeRawPointer) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(family, address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
