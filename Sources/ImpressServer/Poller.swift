import CLinux
import Glibc

/// The event loop's readiness source: level-triggered epoll(7), so a pass costs the ready
/// descriptors, not every open one (poll(2) took the whole pollfd array, rebuilt and scanned on
/// every pass). Events use poll(2)'s bit values, which epoll shares (`EPOLLIN` = `POLLIN`, …);
/// `POLLERR` and `POLLHUP` are reported whether asked for or not.
final class Poller {
    /// A ready descriptor: the tag it was registered with and what it is ready for.
    struct Ready {
        let tag: UInt64
        let events: Int16
    }

    private static let capacity = 256
    private let descriptor: Int32
    private var tags = [UInt64](repeating: 0, count: Poller.capacity)
    private var events = [UInt32](repeating: 0, count: Poller.capacity)

    init() throws(SystemCallError) {
        descriptor = try Posix.call("epoll_create1") { impress_epoll_create() }
    }

    deinit {
        Posix.close(descriptor)
    }

    func add(_ fd: Int32, events: Int16, tag: UInt64) throws(SystemCallError) {
        try control(1, fd, events: events, tag: tag)
    }

    func modify(_ fd: Int32, events: Int16, tag: UInt64) throws(SystemCallError) {
        try control(3, fd, events: events, tag: tag)
    }

    /// Needed only for a descriptor that stays open; close(2) removes one by itself.
    func remove(_ fd: Int32) throws(SystemCallError) {
        try control(2, fd, events: 0, tag: 0)
    }

    /// Waits up to `timeout` ms (-1: no limit) and returns what is ready.
    func wait(timeout: Int32) throws(SystemCallError) -> [Ready] {
        let count = try Posix.call("epoll_wait") {
            impress_epoll_wait(descriptor, &tags, &events, Int32(Poller.capacity), timeout)
        }
        // The kernel returns at most `capacity` events, so the prefix is in bounds.
        return (0..<Int(count)).map { Ready(tag: tags[$0], events: Int16(truncatingIfNeeded: events[$0])) }
    }

    private func control(_ operation: Int32, _ fd: Int32, events: Int16, tag: UInt64) throws(SystemCallError) {
        try Posix.call("epoll_ctl") {
            impress_epoll_control(descriptor, operation, fd, UInt32(UInt16(bitPattern: events)), tag)
        }
    }
}
