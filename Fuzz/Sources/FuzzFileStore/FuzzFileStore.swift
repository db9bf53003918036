import FuzzSupport
import Glibc
import ImpressModel
import ImpressStore

/// The embedded store's file (`IMPRESS_STORE=file:PATH`): the input is the file, loaded by
/// `FileStore(path:)` (its block reader, its line splitter across threads, the one-pass item
/// decoder `Event(wire:)`, the indexes). A file that loads is then served: every list route and the detail routes of the
/// first user, fingerprint and domainprint, for all organizations and for one, in the default
/// window, a wide ISO window and a forged cursor spanning all of Int64, so the analytics
/// meet whatever timestamps, coordinates and scores a file can hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFileStore(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard write(UnsafeBufferPointer(start: data, count: size)) else { preconditionFailure("cannot write \(path)") }
    let store: FileStore
    do {
        store = try FileStore(path: path)
    } catch {
        if case .malformedItem(let line, _) = error { precondition(line >= 1, "line number \(line)") }
        return 0
    }
    serve(store)
    return 0
}

private let path = "/dev/shm/impress-fuzz-filestore-\(getpid()).jsonl"

private func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let written = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        guard written > 0 else { return false }
        offset += written
    }
    return true
}

private func serve(_ store: FileStore) {
    var ids = FirstIds()
    let everything = ReadRequest(
        selection: .window, scope: .allOrganizations, window: TimeWindow(from: .min, to: .max), maxEvents: .max)
    let summary = try? store.read(everything) { page in page.forEach { ids.note($0) } }
    precondition(summary?.eventsScanned == store.eventCount, "a full read missed events")
    guard let fingerprint = ids.fingerprint else { return }

    let api = FuzzAPI(store: store)
    let wide = "from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z"
    var routes: [(path: String, binding: String)] = [
        ("/users", "users|last_seen||"), ("/fingerprints", "fingerprints|last_seen|false"),
        ("/domainprints", "domainprints|last_seen|false"),
        ("/fingerprints/" + PercentEncoding.encode(fingerprint), "fingerprints/" + fingerprint),
    ]
    if let user = ids.user { routes.append(("/users/" + PercentEncoding.encode(user), "users/" + user)) }
    if let dp = ids.domainprint { routes.append(("/domainprints/" + PercentEncoding.encode(dp), "domainprints/" + dp)) }
    for organization in [nil, ids.organization] {
        for route in routes {
            let cursor = ForgedCursor.encoded(binding: route.binding, from: .min, to: .max)
            for query in ["", wide, "cursor=" + cursor] {
                api.get(route.path + "?" + query, organization: organization)
            }
        }
    }
}

/// The first of each id the file holds, in the store's order: whom the detail routes ask for.
private struct FirstIds {
    var fingerprint: String?
    var organization: String?
    var user: String?
    var domainprint: String?

    mutating func note(_ event: Event) {
        fingerprint = fingerprint ?? event.fingerprint
        organization = organization ?? event.organizationId
        user = user ?? event.userId
        domainprint = domainprint ?? event.domainprint
    }
}
