/// One connection's protocol state, fed bytes as they arrive; no I/O (the server reads and
/// writes). Modelled on Go's net/http/fcgi child.go. One request at a time: this responder
/// does not multiplex and says so (`FCGI_MPXS_CONNS=0`, §4.1).
public struct FastCGIConnection: Sendable {
    public struct Limits: Sendable {
        /// Cap on the `PARAMS` stream of one request.
        public var maxParamsBytes: Int
        /// Cap on the `STDIN` stream; beyond it the request is refused with `bodyTooLarge`.
        public var maxBodyBytes: Int
        /// `FCGI_MAX_CONNS` and `FCGI_MAX_REQS` for `FCGI_GET_VALUES` (§4.1).
        public var maxConnections: Int

        public init(maxParamsBytes: Int = 65536, maxBodyBytes: Int = 65536, maxConnections: Int = 1024) {
            self.maxParamsBytes = maxParamsBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxConnections = maxConnections
        }
    }

    private enum Phase: Equatable {
        case params
        case stdin
        /// Handed to the owner; waiting for `finishRequest()`.
        case answering
    }

    private struct ActiveRequest {
        var id: UInt16
        var keepConnection: Bool
        var phase: Phase = .params
        var paramsBytes: [UInt8] = []
        var bodyLength = 0
        var refusal: FastCGIRequest.Refusal?
    }

    public let limits: Limits
    private var input: [UInt8] = []
    private var active: ActiveRequest?
    private var closing = false

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// True when nothing of a request has arrived: no partial record, no request begun.
    public var isIdle: Bool { input.isEmpty && active == nil }

    /// True while a complete request is being answered.
    public var isAnswering: Bool { active?.phase == .answering }

    /// Feeds bytes; returns what to do. A throw means the input is malformed: close the connection.
    public mutating func receive(_ bytes: some Collection<UInt8>) throws(FastCGIError) -> [ConnectionEvent] {
        guard !closing else { return [] }
        input.append(contentsOf: bytes)
        var events: [ConnectionEvent] = []
        var start = 0
        while !closing, let header = try RecordHeader.decode(input[start...]),
            input.count - start >= header.recordLength
        {
            let contentStart = start + RecordHeader.length
            // Padding (§3.3) lies past the content and is skipped with the record.
            try handle(header, content: input[contentStart..<contentStart + Int(header.contentLength)], events: &events)
            start += header.recordLength
        }
        input.removeFirst(start)
        if closing { input = [] }
        return events
    }

    /// The answer to the request in progress is written; returns whether the connection
    /// stays open (`FCGI_KEEP_CONN`, §5.1).
    public mutating func finishRequest() -> Bool {
        let keep = active?.keepConnection ?? false
        active = nil
        if !keep { closing = true }
        return keep
    }

    private mutating func handle(
        _ header: RecordHeader, content: ArraySlice<UInt8>, events: inout [ConnectionEvent]
    ) throws(FastCGIError) {
        // §3.3: request id 0 is the management channel.
        if header.requestId == 0 {
            events.append(.send(try managementAnswer(type: header.type, content: content)))
            return
        }
        let type = RecordType(rawValue: header.type)
        if type == .beginRequest {
            try begin(header.requestId, content: content, events: &events)
            return
        }
        // §3.3: records for a request id that is not active are ignored (as Go's child.go does).
        guard var request = active, request.id == header.requestId else { return }
        switch type {
        case .abortRequest:
            // §5.4: answer an abort with END_REQUEST, as the application.
            active = nil
            var out: [UInt8] = []
            RecordEncoder.endRequest(requestId: request.id, status: .requestComplete, into: &out)
            events.append(.aborted(requestId: request.id))
            events.append(.send(out))
            if !request.keepConnection { close(events: &events) }
        case .params:
            guard request.phase == .params else { throw .unexpectedRecord(type: header.type, requestId: header.requestId) }
            if content.isEmpty {
                request.phase = .stdin
            } else if request.refusal == nil {
                if request.paramsBytes.count + content.count > limits.maxParamsBytes {
                    request.refusal = .paramsTooLarge
                    request.paramsBytes = []
                } else {
                    request.paramsBytes.append(contentsOf: content)
                }
            }
            active = request
        case .stdin:
            guard request.phase == .stdin else { throw .unexpectedRecord(type: header.type, requestId: header.requestId) }
            if content.isEmpty {
                request.phase = .answering
                active = request
                events.append(.request(try complete(request)))
                return
            }
            if request.bodyLength + content.count > limits.maxBodyBytes {
                if request.refusal == nil { request.refusal = .bodyTooLarge }
            } else {
                request.bodyLength += content.count
            }
            active = request
        default:
            // DATA belongs to the Filter role; other types are not sent by a web server.
            return
        }
    }

    private mutating func begin(
        _ id: UInt16, content: ArraySlice<UInt8>, events: inout [ConnectionEvent]
    ) throws(FastCGIError) {
        // §5.1: role (2 bytes), flags (1 byte), 5 reserved bytes.
        guard content.count == 8 else { throw .malformedBeginRequest(length: content.count) }
        let c = content.startIndex
        let role = UInt16(content[c]) << 8 | UInt16(content[c + 1])
        let keepConnection = content[c + 2] & 1 == 1
        if let current = active {
            guard current.id != id else { throw .requestIdInUse(id) }
            // §5.5: one request at a time; refuse this one, keep serving the current one.
            var out: [UInt8] = []
            RecordEncoder.endRequest(requestId: id, status: .cantMultiplexConnection, into: &out)
            events.append(.send(out))
            return
        }
        // §6.1: role 1 is FCGI_RESPONDER, the only role served here.
        guard role == 1 else {
            var out: [UInt8] = []
            RecordEncoder.endRequest(requestId: id, status: .unknownRole, into: &out)
            events.append(.send(out))
            if !keepConnection { close(events: &events) }
            return
        }
        active = ActiveRequest(id: id, keepConnection: keepConnection)
    }

    private func complete(_ request: ActiveRequest) throws(FastCGIError) -> FastCGIRequest {
        // Checked here, so a malformed stream still closes the connection; decoded later.
        try NameValuePairs.forEachPair(in: request.paramsBytes[...]) { _, _ in }
        return FastCGIRequest(
            id: request.id, keepConnection: request.keepConnection, paramsBytes: request.paramsBytes,
            bodyLength: request.bodyLength, refusal: request.refusal)
    }

    private mutating func close(events: inout [ConnectionEvent]) {
        closing = true
        events.append(.close)
    }

    /// §4.1 `FCGI_GET_VALUES` names only known variables in its answer; §4.2 any other
    /// management type gets `FCGI_UNKNOWN_TYPE`.
    private func managementAnswer(type: UInt8, content: ArraySlice<UInt8>) throws(FastCGIError) -> [UInt8] {
        var out: [UInt8] = []
        guard RecordType(rawValue: type) == .getValues else {
            RecordEncoder.unknownType(type, into: &out)
            return out
        }
        let known = [
            "FCGI_MAX_CONNS": String(limits.maxConnections),
            "FCGI_MAX_REQS": String(limits.maxConnections),
            "FCGI_MPXS_CONNS": "0",
        ]
        var answered: [(name: String, value: String)] = []
        for (name, _) in try NameValuePairs.decode(content) {
            if let value = known[name], !answered.contains(where: { $0.name == name }) {
                answered.append((name, value))
            }
        }
        RecordEncoder.record(.getValuesResult, requestId: 0, content: NameValuePairs.encode(answered)[...], into: &out)
        return out
    }
}
