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
        let line = log.line(.info) { line in
            line.append(literal: #","request_id":"#)
            JSONWriter.writeString(item.request.requestId, into: &line)
            line.append(literal: #","method":"#)
            JSONWriter.writeString(item.request.method, into: &line)
            line.append(literal: #","path":"#)
            JSONWriter.writeString(item.request.path, into: &line)
            line.append(literal: #","status":"#)
            line.append(contentsOf: String(response.status).utf8)
            line.append(literal: #","duration_ms":"#)
            RequestHandler.appendMilliseconds(micros: micros, to: &line)
        }
        return Answer(
            bytes: RecordEncoder.response(requestId: item.fastCGIRequestId, stdout: CGIResponse.bytes(response)),
            logLine: line)
    }

    /// `1234` µs as `1.234`: three decimals, exact, no floating point in the text.
    static func appendMilliseconds(micros: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(micros / 1000).utf8)
        out.append(UInt8(ascii: "."))
        // 0 ≤ micros % 1000 < 1000 (micros is not negative), so each digit is 0-9.
        let fraction = micros % 1000
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 100))
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 10 % 10))
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10))
    }
}
