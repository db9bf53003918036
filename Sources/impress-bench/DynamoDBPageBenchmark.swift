import AWSSigV4
import DynamoDB
import Foundation
import ImpressAnalytics
import ImpressApp
import ImpressJSON
import ImpressModel
import ImpressStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `impress-bench dynamodb`: the DynamoDB read path against a loopback peer that answers every
/// Query with the same canned page of demo items (issue 4): events/s decoded from the JSON
/// pages into the fraud-stats analytics, then the wall time of a multi-page read when each
/// page costs 20 ms, with one time slice against four read in parallel.
enum DynamoDBPageBenchmark {
    static let itemsPerPage = 1_000

    static func run(pages: Int, delayMs: Int) throws {
        let now: Int64 = 1_764_547_200_000
        let demo = DemoData(organizations: ["org_bench"], eventsPerOrganization: itemsPerPage, seed: 3, now: now)
        let items = Array(demo.items().prefix(itemsPerPage))
        let page = JSONWriter.bytes(.object([("Items", .array(items.map(\.wire))), ("Count", .int(items.count)), ("ScannedCount", .int(items.count))]))
        let window = TimeWindow(from: now - 30 * 86_400_000, to: now)
        decodeCost(page, items: items.count)

        let fast = try CannedPagePeer(page: page, pagesPerRead: pages, delayMs: 0)
        defer { fast.stop() }
        let (events, seconds) = try read(fast, slices: 1, window: window)
        print(String(format: "dynamodb decode: %d events in %d pages of %d in %.3f s = %.0f events/s (HTTP on loopback, JSON, items, events, /fraud/stats analytics)",
                     events, pages, itemsPerPage, seconds, Double(events) / seconds))

        // The same 48 pages either way: one slice reads them one after another, four slices
        // read 12 each at the same time.
        for slices in [1, 4] {
            let slow = try CannedPagePeer(page: page, pagesPerRead: 48 / slices, delayMs: delayMs)
            defer { slow.stop() }
            let (n, wall) = try read(slow, slices: slices, window: window)
            print(String(format: "dynamodb %d ms per page, 48 pages, %d slice(s): %d events in %.3f s", delayMs, slices, n, wall))
        }
    }

    /// Decoding alone, best of 5 rounds of 20 decodes of the canned page: the general decoders
    /// (a JSON tree of the page, then an `Item` per item: what the store did before, short of
    /// the event) against `EventPage`, the one pass the store reads pages with.
    static func decodeCost(_ page: [UInt8], items: Int) {
        func microsecondsPerItem(_ decode: ([UInt8]) -> Int) -> Double {
            var best = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                var decoded = 0
                for _ in 0..<20 { decoded += decode(page) }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if decoded == 20 * items { best = min(best, seconds / Double(decoded) * 1e6) }
            }
            return best
        }
        let general = microsecondsPerItem { bytes in
            ((try? JSONParser.parse(bytes))?["Items"]?.arrayValue ?? []).compactMap { try? Item(wire: $0) }.count
        }
        let onePass = microsecondsPerItem { bytes in
            bytes.withUnsafeBufferPointer { (try? EventPage(reply: $0, operation: "Query"))?.events.count ?? 0 }
        }
        print(String(format: "dynamodb decode only: JSON tree + Item %.2f µs/item, one-pass EventPage %.2f µs/item (%.1fx)",
                     general, onePass, general / onePass))
    }

    /// Reads the window through `DynamoDBStore` into a fraud-stats accumulator.
    static func read(_ peer: CannedPagePeer, slices: Int, window: TimeWindow) throws -> (events: Int, seconds: Double) {
        let client = DynamoDBClient(
            configuration: DynamoDBConfiguration(region: "eu-south-2", endpoint: peer.url),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "bench", secretAccessKey: "bench")))
        let store = DynamoDBStore(
            client: client, options: DynamoDBStore.Options(querySlices: slices, minimumSliceMs: 3_600_000))
        var stats = FraudStatsAccumulator()
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try store.read(
            ReadRequest(selection: .window, scope: .organization("org_bench"), window: window, maxEvents: 100_000_000)
        ) { stats.add(contentsOf: $0) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        _ = stats.finish()
        return (summary.eventsScanned, seconds)
    }
}

/// A minimal HTTP/1.1 peer on 127.0.0.1: every request gets the canned page; the first
/// `pagesPerRead - 1` pages of each read carry a `LastEvaluatedKey` counting the pages, so the
/// client pages on (the count rides in the key it sends back).
final class CannedPagePeer: Sendable {
    let url: String
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)

    init(page: [UInt8], pagesPerRead: Int, delayMs: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        listener = fd
        guard bound, listen(fd, 64) == 0 else { throw FastCGIRoundTrips.Failure(description: "peer: bind/listen errno \(errno)") }
        url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        let body = page
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                Thread.detachNewThread { CannedPagePeer.serve(client, page: body, pagesPerRead: pagesPerRead, delayMs: delayMs) }
            }
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ fd: Int32, page: [UInt8], pagesPerRead: Int, delayMs: Int) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            // One request: headers, then Content-Length bytes of body.
            var request: [UInt8]?
            while request == nil {
                if let end = buffer.firstRange(of: [13, 10, 13, 10])?.upperBound {
                    let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if buffer.count >= end + length {
                        request = Array(buffer[end..<(end + length)])
                        buffer.removeFirst(end + length)
                        continue
                    }
                }
                let n = recv(fd, &chunk, chunk.count, 0)
                guard n > 0 else { return }
                buffer.append(contentsOf: chunk[..<n])
            }
            let text = String(decoding: request ?? [], as: UTF8.self)
            let served = text.range(of: "page#").flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) } ?? 0
            var body = page
            if served + 1 < pagesPerRead {
                body.removeLast()  // the closing brace: add the key that continues the read
                body += Array(#","LastEvaluatedKey":{"PK":{"S":"page#\#(served + 1)"}}}"#.utf8)
            }
            if delayMs > 0 { usleep(UInt32(delayMs) * 1000) }
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: \(body.count)\r\n\r\n"
            let bytes = Array(head.utf8) + body
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { return }
                offset += n
            }
        }
    }
}
