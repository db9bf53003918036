import Glibc
import ImpressHTTP
import ImpressJSON
import Testing

@testable import ImpressServer

/// CGI/1.1 variables (RFC 3875 §4.1) to `HTTPRequest`, and `HTTPResponse` to CGI output.
@Suite struct CGIRequestTests {
    @Test func buildsFromNginxParams() {
        let request = CGIRequest.httpRequest(params: [
            "REQUEST_METHOD": "GET", "REQUEST_URI": "/v1/users/a%2Fb?x=1", "QUERY_STRING": "x=1",
            "DOCUMENT_URI": "/index", "HTTP_X_ORGANIZATION_ID": "org_9", "HTTP_AUTHORIZATION": "Bearer t",
            "CONTENT_TYPE": "text/plain", "CONTENT_LENGTH": "0", "REMOTE_ADDR": "10.0.0.1", "REQUEST_ID": "r-1",
        ])
        #expect(request.method == "GET")
        #expect(request.path == "/v1/users/a%2Fb")
        #expect(request.queryString == "x=1")
        #expect(
            request.headers == [
                "x-organization-id": "org_9", "authorization": "Bearer t", "content-type": "text/plain",
                "content-length": "0",
            ])
        #expect(request.requestId == "r-1")
        #expect(request.remoteAddress == "10.0.0.1")
    }

    @Test(arguments: [
        (["DOCUMENT_URI": "/doc"], "/doc", ""),
        (["SCRIPT_NAME": "/api", "PATH_INFO": "/v1"], "/api/v1", ""),
        ([:], "/", ""),
        (["REQUEST_URI": "/a?b=c"], "/a", "b=c"),
    ])
    func pathFallbacks(params: [String: String], path: String, query: String) {
        let request = CGIRequest.httpRequest(params: params, generateId: { "g" })
        #expect(request.path == path)
        #expect(request.queryString == query)
    }

    @Test(arguments: [
        ("abc-DEF_1.2", true), ("", false), (String(repeating: "a", count: 128), true),
        (String(repeating: "a", count: 129), false), ("a b", false), ("a\nb", false), ("é", false), ("a/b", false),
    ])
    func saneRequestIds(id: String, sane: Bool) {
        #expect(RequestID.isSane(id) == sane)
        let chosen = CGIRequest.httpRequest(params: ["HTTP_X_REQUEST_ID": id], generateId: { "generated" }).requestId
        #expect(chosen == (sane ? id : "generated"))
    }

    @Test func cgiOutputHasStatusHeadersAndBody() {
        var response = HTTPResponse(status: 404, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        response.setHeader("X-Evil", "a\r\nSet-Cookie: x=1")
        #expect(
            String(decoding: CGIResponse.bytes(response), as: UTF8.self)
                == "Status: 404 Not Found\r\nContent-Type: application/json\r\nX-Evil: aSet-Cookie: x=1\r\n\r\n{}")
    }

    @Test func jsonLogLine() throws {
        let capture = LogCapture()
        let log = JSONLog(
            output: { bytes in capture.log.write(.debug, [("inner", .string(String(decoding: bytes, as: UTF8.self)))]) },
            clock: { timespec(tv_sec: 1_780_000_000, tv_nsec: 123_456_789) })
        log.log(.info, "started", [("workers", .int(4))])
        let inner = try #require(try JSONParser.parse(String(capture.all.first?.dropLast() ?? ""))["inner"]?.stringValue)
        #expect(inner == #"{"time":"2026-05-28T20:26:40.123Z","level":"info","msg":"started","workers":4}"# + "\n")
    }
}

/// Header fields are read from the params' bytes when asked, with the dictionary's meaning.
@Suite struct CGIHeaderFieldTests {
    @Test func headerLookupFoldsCaseAndTakesTheLastOfARepeatedName() {
        let request = CGIRequest.httpRequest(
            paramsBytes: FastCGIClient.pairs([
                ("HTTP_X_ORGANIZATION_ID", "org_1"), ("HTTP_ORIGIN", "https://a.example"),
                ("HTTP_X_ORGANIZATION_ID", "org_2"), ("HTTP_CONTENT_TYPE", "from-header"),
                ("CONTENT_TYPE", "text/plain"), ("HTTP_X_EMPTY", ""), ("SERVER_NAME", "x"),
            ]), generateId: { "g" })
        #expect(request.header("x-organization-id") == "org_2")
        #expect(request.header("X-Organization-Id") == "org_2")
        #expect(request.header("origin") == "https://a.example")
        // CONTENT_TYPE (RFC 3875 §4.1.3) wins over the HTTP_ field when set.
        #expect(request.header("content-type") == "text/plain")
        #expect(request.header("x-empty") == "")
        #expect(request.header("server-name") == nil)
        #expect(request.header("x_organization_id") == nil)
        #expect(request.header("authorization") == nil)
        #expect(
            request.headers == [
                "x-organization-id": "org_2", "origin": "https://a.example", "content-type": "text/plain",
                "x-empty": "",
            ])
    }

    @Test func anEmptyContentTypeLeavesTheHeaderField() {
        let request = CGIRequest.httpRequest(
            paramsBytes: FastCGIClient.pairs([("CONTENT_TYPE", ""), ("HTTP_CONTENT_TYPE", "a/b")]), generateId: { "g" })
        #expect(request.header("content-type") == "a/b")
    }

    @Test(arguments: [(0, "0.000"), (5, "0.005"), (1234, "1.234"), (60_000_000, "60000.000")])
    func durationInMilliseconds(micros: Int, text: String) {
        var out: [UInt8] = []
        RequestHandler.appendMilliseconds(micros: micros, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == text)
    }
}
