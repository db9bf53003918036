import Foundation
import ImpressHTTPClient
import Testing

@Suite struct HTTPClientTests {
    @Test func sendsMethodHeadersBodyAndReadsTheResponse() throws {
        let server = try LoopbackHTTPServer { _, request in
            .respond(
                status: 201, headers: [("X-Echo-Method", request.method), ("X-Multi", "a"), ("X-Multi", "b")],
                body: request.body.reversed())
        }
        defer { server.stop() }
        let client = HTTPClient()
        let response = try client.send(
            HTTPClientRequest(
                method: "POST", url: server.baseURL + "/op?x=1", headers: [("X-Amz-Target", "T.Op"), ("Content-Type", "a/b")],
                body: Array("abc".utf8)))
        #expect(response.status == 201)
        #expect(response.body == Array("cba".utf8))
        #expect(response.header("x-echo-method") == "POST")
        #expect(response.header("x-multi") == "a, b")
        let seen = try #require(server.requests.first)
        #expect(seen.path == "/op?x=1")
        #expect(seen.headers["x-amz-target"] == "T.Op")
        #expect(seen.headers["content-type"] == "a/b")
        #expect(seen.headers["expect"] == nil)
    }

    @Test func putWithEmptyBodyHasNoFormContentType() throws {
        let server = try LoopbackHTTPServer { _, _ in .respond(status: 200, body: Array("token".utf8)) }
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(method: "PUT", url: server.baseURL + "/latest/api/token"))
        #expect(response.body == Array("token".utf8))
        let seen = try #require(server.requests.first)
        #expect(seen.method == "PUT")
        #expect(seen.headers["content-type"] == nil)
        #expect(seen.headers["content-length"] == "0")
    }

    @Test func reusesTheConnection() throws {
        let server = try LoopbackHTTPServer { _, _ in .respond(status: 200, body: [1]) }
        defer { server.stop() }
        let client = HTTPClient(maxIdleHandles: 1)
        for _ in 0..<3 { _ = try client.get(url: server.baseURL + "/") }
        #expect(server.requests.count == 3)
        #expect(server.connectionCount == 1)
    }

    @Test func classifiesFailures() throws {
        let server = try LoopbackHTTPServer { index, _ in
            switch index {
            case 0: return .hang
            case 1: return .reset
            default: return .respond(status: 200, body: [UInt8](repeating: 7, count: 100))
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        let hang = #expect(throws: HTTPClientError.self) {
            _ = try client.send(HTTPClientRequest(method: "GET", url: server.baseURL, totalTimeoutMs: 300))
        }
        if case .timeout = hang {} else { Issue.record("expected timeout, got \(String(describing: hang))") }
        let reset = #expect(throws: HTTPClientError.self) { _ = try client.get(url: server.baseURL) }
        if case .transport = reset {} else { Issue.record("expected transport, got \(String(describing: reset))") }
        #expect(throws: HTTPClientError.responseTooLarge(limit: 10)) { _ = try client.get(url: server.baseURL, maxBytes: 10) }
    }

    @Test func connectFailure() throws {
        // A port that was just free: bind, read the port, close.
        let server = try LoopbackHTTPServer { _, _ in .close }
        let url = server.baseURL
        server.stop()
        let error = #expect(throws: HTTPClientError.self) { _ = try HTTPClient().get(url: url) }
        if case .connectFailed = error {} else { Issue.record("expected connectFailed, got \(String(describing: error))") }
    }

    @Test func fileURLOnlyWhenAllowed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json").path
        try Data("{\"keys\":[]}".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let client = HTTPClient()
        #expect(throws: HTTPClientError.self) { _ = try client.get(url: "file://" + path) }
        let response = try client.get(url: "file://" + path, allowFileURL: true)
        #expect(response.status == 200)
        #expect(response.body == Array("{\"keys\":[]}".utf8))
        #expect(throws: HTTPClientError.self) { _ = try client.get(url: "ftp://127.0.0.1/") }
    }
}

extension HTTPClientTests {
    /// Regression: a header check by Character missed "\r\n", one grapheme cluster.
    @Test func refusesHeaderInjection() {
        #expect(throws: HTTPClientError.self) {
            _ = try HTTPClient().send(
                HTTPClientRequest(method: "GET", url: "http://127.0.0.1:9/", headers: [("X-A", "v\r\nX-B: injected")]))
        }
    }
}
