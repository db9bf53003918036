import FastCGI
import Testing

/// The per-connection state machine fed bytes, as Go's fcgi_test.go does.
@Suite struct ConnectionStateTests {
    typealias C = FastCGIClient

    static let params: [(String, String)] = [("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/v1/health")]

    private func requests(_ events: [ConnectionEvent]) -> [FastCGIRequest] {
        events.compactMap { event -> FastCGIRequest? in
            guard case .request(let request) = event else { return nil }
            return request
        }
    }

    private func sent(_ events: [ConnectionEvent]) -> [UInt8] {
        events.flatMap { event -> [UInt8] in
            guard case .send(let bytes) = event else { return [] }
            return bytes
        }
    }

    @Test func wholeRequestAtOnce() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.request(params: Self.params, keepConnection: true))
        #expect(
            requests(events) == [
                FastCGIRequest(
                    id: 1, keepConnection: true, params: ["REQUEST_METHOD": "GET", "REQUEST_URI": "/v1/health"])
            ])
        #expect(connection.isAnswering)
        let keep = connection.finishRequest()
        #expect(keep)
        #expect(connection.isIdle)
    }

    @Test func byteAtATime() throws {
        var connection = FastCGIConnection()
        var events: [ConnectionEvent] = []
        for byte in C.request(id: 300, params: Self.params) {
            events += try connection.receive([byte])
        }
        #expect(requests(events).map(\.id) == [300])
        #expect(requests(events).first?.params["REQUEST_URI"] == "/v1/health")
        let keep = connection.finishRequest()
        #expect(keep == false)
    }

    /// A pair whose bytes straddle PARAMS records, down to one byte per record.
    @Test(arguments: [1, 3, 7, 200])
    func straddledParams(chunk: Int) throws {
        let long = String(repeating: "x", count: 300)
        let bytes =
            C.begin(id: 1, keepConnection: false)
            + C.stream(4, id: 1, C.pairs([("HTTP_X_LONG", long), ("REQUEST_METHOD", "GET")]), chunk: chunk)
            + C.stream(5, id: 1, [])
        var connection = FastCGIConnection()
        let request = try #require(requests(try connection.receive(bytes)).first)
        #expect(request.params == ["HTTP_X_LONG": long, "REQUEST_METHOD": "GET"])
    }

    @Test func paddingOf255IsSkipped() throws {
        let bytes =
            C.record(1, id: 1, [0, 1, 0, 0, 0, 0, 0, 0], padding: 255)
            + C.record(4, id: 1, C.pairs([("A", "b")]), padding: 255) + C.record(4, id: 1, [], padding: 255)
            + C.record(5, id: 1, [], padding: 255)
        var connection = FastCGIConnection()
        #expect(requests(try connection.receive(bytes)).first?.params == ["A": "b"])
    }

    @Test func lastValueWins() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.request(params: [("A", "1"), ("A", "2")]))
        #expect(requests(events).first?.params == ["A": "2"])
    }

    /// §5.1/§5.5: role 2 (Authorizer) is refused; with KEEP_CONN the connection goes on.
    @Test func unknownRoleKeepsConnection() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.begin(id: 1, role: 2, keepConnection: true))
        #expect(events == [.send([1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0])])
        #expect(requests(try connection.receive(C.request(id: 2, params: Self.params))).map(\.id) == [2])
    }

    @Test func unknownRoleWithoutKeepConnCloses() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.begin(id: 1, role: 3, keepConnection: false))
        #expect(events == [.send([1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]), .close])
    }

    /// §4.2: FCGI_UNKNOWN_TYPE names the type.
    @Test func unknownManagementType() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.record(200, id: 0, [1, 2, 3]))
        #expect(events == [.send([1, 11, 0, 0, 0, 8, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0])])
    }

    /// §4.1: only known variables are answered; FCGI_MPXS_CONNS is 0.
    @Test func getValues() throws {
        var connection = FastCGIConnection(limits: .init(maxConnections: 50))
        let query = C.pairs([("FCGI_MPXS_CONNS", ""), ("FCGI_UNKNOWN", ""), ("FCGI_MAX_CONNS", "")])
        let answer = sent(try connection.receive(C.record(9, id: 0, query)))
        let content = C.pairs([("FCGI_MPXS_CONNS", "0"), ("FCGI_MAX_CONNS", "50")])
        let padding = (8 - content.count % 8) % 8
        #expect(answer == C.record(10, id: 0, content, padding: padding))
    }

    /// §5.5: a second BEGIN while one is in progress gets CANT_MPX_CONN; the first is unharmed.
    @Test func concurrentBeginIsRefused() throws {
        var connection = FastCGIConnection()
        var events = try connection.receive(C.begin(id: 1, keepConnection: true) + C.begin(id: 2, keepConnection: true))
        #expect(events == [.send([1, 3, 0, 2, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])])
        events = try connection.receive(C.stream(4, id: 2, C.pairs([("X", "y")])) + C.stream(4, id: 1, C.pairs(Self.params)) + C.stream(5, id: 1, []))
        #expect(requests(events).map(\.id) == [1])
    }

    /// §5.4: abort is answered with END_REQUEST; the id is free again.
    @Test func abortRequest() throws {
        var connection = FastCGIConnection()
        _ = try connection.receive(C.request(params: Self.params, keepConnection: true))
        let events = try connection.receive(C.record(2, id: 1, []))
        #expect(events == [.aborted(requestId: 1), .send([1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])
        #expect(connection.isIdle)
        #expect(requests(try connection.receive(C.request(params: Self.params))).map(\.id) == [1])
    }

    /// Fuzz crash 50fa2ccf (FuzzFastCGI): an abort right behind the last STDIN record, in the
    /// same read. The request comes out, then its abort and END_REQUEST; the connection is idle
    /// again at once (the server drops the worker's answer on the abort), and serves the next
    /// request. The crash was in the harness, which expected the connection still answering.
    @Test func abortInTheSameReadAsTheLastStdinRecord() throws {
        var connection = FastCGIConnection()
        let events = try connection.receive(C.request(params: Self.params, keepConnection: true) + C.record(2, id: 1, []))
        #expect(requests(events).map(\.id) == [1])
        #expect(Array(events.dropFirst()) == [.aborted(requestId: 1), .send([1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])
        #expect(connection.isIdle)
        #expect(requests(try connection.receive(C.request(params: Self.params))).map(\.id) == [1])
    }

    @Test func paramsOverTheCap() throws {
        var connection = FastCGIConnection(limits: .init(maxParamsBytes: 100))
        let events = try connection.receive(C.request(params: [("HTTP_BIG", String(repeating: "a", count: 200))]))
        #expect(requests(events).first?.refusal == .paramsTooLarge)
        #expect(requests(events).first?.params == [:])
    }

    @Test func bodyOverTheCap() throws {
        var connection = FastCGIConnection(limits: .init(maxBodyBytes: 1000))
        let under = try connection.receive(C.request(params: Self.params, stdin: Array(repeating: 7, count: 1000), keepConnection: true))
        #expect(requests(under).first?.refusal == nil)
        #expect(requests(under).first?.bodyLength == 1000)
        _ = connection.finishRequest()
        let over = try connection.receive(C.request(params: Self.params, stdin: Array(repeating: 7, count: 1001)))
        #expect(requests(over).first?.refusal == .bodyTooLarge)
    }

    @Test func recordsForOtherIdsAreIgnored() throws {
        var connection = FastCGIConnection()
        #expect(try connection.receive(C.record(4, id: 9, C.pairs([("A", "b")])) + C.record(5, id: 9, [])).isEmpty)
    }

    @Test(arguments: [
        [2, 1, 0, 1, 0, 0, 0, 0] as [UInt8],  // version 2
        C.record(1, id: 1, [0, 1, 0, 0, 0, 0, 0]),  // BEGIN body of 7 bytes
        C.begin(id: 1, keepConnection: true) + C.begin(id: 1, keepConnection: true),  // id reused in flight
        C.begin(id: 1, keepConnection: true) + C.record(5, id: 1, [1]),  // STDIN before PARAMS end
        C.begin(id: 1, keepConnection: true) + C.record(4, id: 1, [5, 0, 65]) + C.record(4, id: 1, []) + C.record(5, id: 1, []),
    ])
    func malformedInputThrows(bytes: [UInt8]) {
        #expect(throws: FastCGIError.self) {
            var connection = FastCGIConnection()
            _ = try connection.receive(bytes)
        }
    }
}
