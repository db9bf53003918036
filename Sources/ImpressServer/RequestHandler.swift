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
/// `END_REQUEST`) and the log line for it, which the event loop writes with the others of its
/// pass.
struct RequestHandler: Sendable {
    /// What a request's answer leaves for the event loop to write.
    struct Answer: Sendable {
        let bytes: [UInt8]
        let logLine: [UInt8]
    }

    let responder: any Responder
    let log: JSONLog

    func answer(_ item: WorkItem) -> Answer {
        let response =
            item.refusal.map { responder.reject(item.request, with: $0) } ?? responder.respond(to: item.request)
        return answer(item, with: response)
    }

    /// The answer the responder gives without waiting (see `Responder.immediateResponse`), for
    /// the event loop to send without a hand-off; nil when a worker must answer.
    func immediateAnswer(_ item: WorkItem) -> Answer? {
        guard item.refusal == nil, let response = responder.immediateResponse(to: item.request) else { return nil }
        return answer(item, with: response)
    }

    private func answer(_ item: WorkItem, with response: HTTPResponse) -> Answer {
        let micros = Int(max(0, Posix.monotonicNow() - item.received) * 1_000_000)
        let fraction = String(micros % 1000)
        let line = log.line(
            .info,
            [
                ("request_id", .string(item.request.requestId)),
                ("method", .string(item.request.method)),
                ("path", .string(item.request.path)),
                ("status", .int(response.status)),
                ("duration_ms", .number("\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)")),
            ])
        return Answer(
            bytes: RecordEncoder.response(requestId: item.fastCGIRequestId, stdout: CGIResponse.bytes(response)),
            logLine: line)
    }
}
