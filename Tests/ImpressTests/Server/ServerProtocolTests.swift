import Glibc
import ImpressJSON
import Testing

@testable import ImpressServer

/// The server over real loopback sockets: protocol behaviour end to end.
@Suite struct ServerProtocolTests {
    typealias C = FastCGIClient

    private func json(_ answer: C.Answer) throws -> JSONValue { try JSONParser.parse(answer.bodyText) }

    @Test func answersAGetWithCGIHeadersAndJSON() throws {
        let server = try RunningServer()
        let answer = try server.get("/v1/health", query: "a=1&b=2", extra: [("HTTP_X_ORGANIZATION_ID", "org_1")])
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
        #expect(answer.protocolStatus == 0)
        let body = try json(answer)
        #expect(body["path"] == .string("/v1/health"))
        #expect(body["query"] == .string("a=1&b=2"))
        #expect(body["headers"]?["x-organization-id"] == .string("org_1"))
        #expect(body["remote"] == .string("127.0.0.1"))
        // Every record but the last END_REQUEST is STDOUT, ending with the empty one.
        #expect(answer.records.dropLast().allSatisfy { $0.type == 6 })
        #expect(answer.records.dropLast().last?.content == [])
    }

    @Test func keepConnServesThreeRequestsOnOneConnection() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        for index in 1...3 {
            try connection.send(C.request(params: C.getParams(path: "/n\(index)"), keepConnection: true))
            let answer = try connection.readAnswer()
            #expect(try json(answer)["path"] == .string("/n\(index)"))
        }
    }

    /// §5.1: KEEP_CONN clear, the application closes, with FIN (no RST) after END_REQUEST.
    @Test func withoutKeepConnTheServerClosesCleanly() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        try connection.send(C.request(params: C.getParams(path: "/x")))
        #expect(try connection.readAnswer().status == 200)
        #expect(try connection.readsCleanEOF())
    }

    @Test func byteAtATimeOverTheSocket() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        try connection.send(C.request(id: 300, params: C.getParams(path: "/slow")), chunk: 1)
        let answer = try connection.readAnswer(id: 300)
        #expect(answer.records.allSatisfy { $0.requestId == 300 })
        #expect(try json(answer)["path"] == .string("/slow"))
    }

    @Test func unknownRoleThenNextRequestOnTheSameConnection() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        try connection.send(C.begin(id: 1, role: 2, keepConnection: true))
        let refused = try connection.readAnswer()
        #expect(refused.protocolStatus == 3)
        try connection.send(C.request(id: 2, params: C.getParams(path: "/after")))
        #expect(try json(connection.readAnswer(id: 2))["path"] == .string("/after"))
    }

    @Test func managementRecordsOverTheSocket() throws {
        let server = try RunningServer { $0.maxConnections = 64 }
        let connection = try server.connect()
        try connection.send(C.record(9, id: 0, C.pairs([("FCGI_MPXS_CONNS", ""), ("FCGI_MAX_REQS", "")])))
        let result = try #require(try connection.readRecord())
        #expect(result.type == 10)
        #expect(result.content == C.pairs([("FCGI_MPXS_CONNS", "0"), ("FCGI_MAX_REQS", "64")]))
        try connection.send(C.record(77, id: 0, []))
        #expect(try connection.readRecord() == C.Record(type: 11, requestId: 0, content: [77, 0, 0, 0, 0, 0, 0, 0]))
    }

    @Test func concurrentBeginGetsCantMpxAndTheFirstIsAnswered() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        try connection.send(
            C.begin(id: 1, keepConnection: true) + C.begin(id: 2, keepConnection: true)
                + C.stream(4, id: 1, C.pairs(C.getParams(path: "/first"))) + C.stream(5, id: 1, []))
        let refusal = try #require(try connection.readRecord())
        #expect(refusal == C.Record(type: 3, requestId: 2, content: [0, 0, 0, 0, 1, 0, 0, 0]))
        #expect(try json(connection.readAnswer(id: 1))["path"] == .string("/first"))
    }

    @Test func abortWhileAnsweringEndsTheRequestAndTheConnectionGoesOn() throws {
        let server = try RunningServer()
        let connection = try server.connect()
        try connection.send(C.request(params: C.getParams(path: "/block"), keepConnection: true))
        #expect(Processes.waitUntil(timeout: 10) { server.responder.gate.waiting.load(ordering: .sequentiallyConsistent) == 1 })
        try connection.send(C.record(2, id: 1, []))
        let end = try connection.readAnswer()
        #expect(end.records == [C.Record(type: 3, requestId: 1, content: [0, 0, 0, 0, 0, 0, 0, 0])])
        server.responder.gate.open()
        try connection.send(C.request(id: 1, params: C.getParams(path: "/next"), keepConnection: true))
        // The blocked request's late answer is dropped: the next record is for /next.
        #expect(try json(connection.readAnswer())["path"] == .string("/next"))
    }

    @Test func peerLeavingMidRequestDoesNotHurtTheServer() throws {
        let server = try RunningServer()
        do {
            let connection = try server.connect()
            try connection.send(C.begin(id: 1, keepConnection: true) + C.record(4, id: 1, C.pairs([("A", "b")])))
        }
        do {
            let connection = try server.connect()
            try connection.send(C.request(params: C.getParams(path: "/block"), keepConnection: true))
            #expect(Processes.waitUntil(timeout: 10) { server.responder.gate.waiting.load(ordering: .sequentiallyConsistent) == 1 })
        }
        server.responder.gate.open()
        #expect(try server.get("/still").status == 200)
    }

    @Test func garbageOnOneConnectionLeavesOthersServed() throws {
        let server = try RunningServer()
        var generator = SystemRandomNumberGenerator()
        var garbage = (0..<(1 << 17)).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64, Array.init) }
        garbage[0] = 9  // never a valid version 1 start by accident
        let bad = try server.connect()
        try? bad.send(garbage)
        #expect(bad.drainsToClose())
        #expect(try server.get("/fine").status == 200)
    }

    @Test func bigResponseIsSplitInRecords() throws {
        let server = try RunningServer()
        let answer = try server.get("/big", query: "n=66000")
        #expect(answer.body == (0..<66000).map { UInt8($0 % 251) })
        let stdout = answer.records.filter { $0.type == 6 }
        #expect(stdout.allSatisfy { $0.content.count <= 65535 && ($0.content.count + Int($0.paddingLength)) % 8 == 0 })
        #expect(stdout.last?.content == [])
        #expect(answer.records.filter { $0.type == 3 }.count == 1)
    }

    @Test func bodyOverTheCapIs413JSON() throws {
        let server = try RunningServer { $0.maxBodyBytes = 1000 }
        let connection = try server.connect()
        try connection.send(C.request(params: C.getParams(path: "/x"), stdin: Array(repeating: 1, count: 70_000)))
        let answer = try connection.readAnswer()
        #expect(answer.status == 413)
        #expect(try json(answer)["error"]?["code"] == .string("payload_too_large"))
    }

    @Test func paramsOverTheCapIs413JSON() throws {
        let server = try RunningServer { $0.maxParamsBytes = 4096 }
        let answer = try server.get("/x", extra: [("HTTP_COOKIE", String(repeating: "c", count: 10_000))])
        #expect(answer.status == 413)
    }

    @Test func requestIdFromTheWebServerOrGenerated() throws {
        let server = try RunningServer()
        let given = try json(server.get("/x", extra: [("REQUEST_ID", "abc-123")]))
        #expect(given["request_id"] == .string("abc-123"))
        let generated = try json(server.get("/x", extra: [("HTTP_X_REQUEST_ID", "bad id\n")]))
        let id = generated["request_id"]?.stringValue ?? ""
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
    }

    @Test func logsOneJSONLinePerRequest() throws {
        let server = try RunningServer()
        _ = try server.get("/v1/users/u1", query: "token=secret", extra: [("REQUEST_ID", "rid-1"), ("HTTP_AUTHORIZATION", "Bearer tok")])
        #expect(Processes.waitUntil(timeout: 5) { !server.logs.all.isEmpty })
        let line = try #require(server.logs.all.first)
        #expect(line.hasSuffix("\n"))
        let entry = try JSONParser.parse(String(line.dropLast()))
        #expect(entry.objectValue?.map(\.key) == ["time", "level", "request_id", "method", "path", "status", "duration_ms"])
        #expect(entry["path"] == .string("/v1/users/u1"))
        #expect(entry["status"] == .number("200"))
        #expect(!line.contains("secret") && !line.contains("tok"))
    }
}
