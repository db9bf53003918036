import FastCGI
import ImpressHTTP
import ImpressJSON

/// A complete request on its way to a worker.
struct WorkItem: Sendable {
    let connectionKey: UInt64
    let serial: UInt64
    let fastCGIRequestId: UInt16
    let request: HTTPRequest
    /// Set when the server answers with an error instead of calling the responder.
    let refusal: APIError?
    /// Monotonic seconds when the request became complete.
    let received: Double
}

/// Turns a work item into the bytes to send (CGI output in `STDOUT` records, then
/// `END_REQUEST`) and logs one line for it.
struct RequestHandler: Sendable {
    let responder: any Responder
    let log: JSONLog

    func answer(_ item: WorkItem) -> [UInt8] {
        let response =
            item.refusal.map { responder.reject(item.request, with: $0) } ?? responder.respond(to: item.request)
        let micros = Int(max(0, Posix.monotonicNow() - item.received) * 1_000_000)
        let fraction = String(micros % 1000)
        log.write(
            .info,
            [
                ("request_id", .string(item.request.requestId)),
                ("method", .string(item.request.method)),
                ("path", .string(item.request.path)),
                ("status", .int(response.status)),
                ("duration_ms", .number("\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)")),
            ])
        return RecordEncoder.response(requestId: item.fastCGIRequestId, stdout: CGIResponse.bytes(response))
    }
}
