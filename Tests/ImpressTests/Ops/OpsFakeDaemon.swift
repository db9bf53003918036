import Foundation
import Glibc

/// A stand-in for the daemon behind the edge: a FastCGI 1.0 responder (in Python, started as a
/// real process on the socket the local config points at) that reports what nginx sent it.
///   /fail...  answers 502 in the daemon's error shape, to see nginx pass it through untouched
///   /fraud... answers 401 unless Authorization and x-organization-id came along
///   else      answers 200 with {"request_id", "http_proxy", "method", "connection"}, where
///             `connection` numbers the FastCGI connections accepted, to see them kept alive
/// Both carry CORS headers as the daemon's answers do, to see nginx add no second copy.
final class OpsFakeDaemon {
    let socketPath: String
    private let process: Process

    init(in directory: OpsTemporaryDirectory) throws {
        socketPath = directory.path("fake-daemon.sock")
        try directory.write(OpsFakeDaemon.source, to: "fake-daemon.py")
        process = try OpsCommand.start(
            "python3", [directory.path("fake-daemon.py"), socketPath],
            stdout: directory.path("fake-daemon.stdout"), stderr: directory.path("fake-daemon.stderr"))
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw OpsCommand.Failure(description: "fake daemon did not start: \(directory.read("fake-daemon.stderr"))")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit {
        stop()
    }

    /// SIGKILL: a child of the test runner inherits its blocked SIGTERM, and Python, unlike
    /// nginx, does not unblock it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static let source = #"""
        import json, signal, socket, struct, sys, threading

        # Started from the test runner, whose blocked SIGTERM survives exec: take it back, so
        # `kill -TERM` (the benchmark's cleanup) stops this process.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

        BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6

        def read_exact(conn, n):
            data = b""
            while len(data) < n:
                chunk = conn.recv(n - len(data))
                if not chunk:
                    return None
                data += chunk
            return data

        def write_record(conn, kind, request_id, content):
            padding = (8 - len(content) % 8) % 8
            conn.sendall(struct.pack(">BBHHBB", 1, kind, request_id, len(content), padding, 0) + content + b"\0" * padding)

        def name_values(data):
            pairs, i = {}, 0
            def length():
                nonlocal i
                if data[i] < 128:
                    i += 1
                    return data[i - 1]
                i += 4
                return struct.unpack(">I", data[i - 4:i])[0] & 0x7FFFFFFF
            while i < len(data):
                n, v = length(), length()
                pairs[data[i:i + n].decode()] = data[i + n:i + n + v].decode("latin-1")
                i += n + v
            return pairs

        def serve(conn, number):
            with conn:
                while True:
                    keep, params, request_id = False, b"", 0
                    while True:
                        header = read_exact(conn, 8)
                        if header is None:
                            return
                        _, kind, request_id, length, padding, _ = struct.unpack(">BBHHBB", header)
                        content = read_exact(conn, length + padding)[:length]
                        if kind == BEGIN_REQUEST:
                            keep = bool(content[2] & 1)
                        elif kind == PARAMS:
                            params += content
                        elif kind == STDIN and length == 0:
                            break
                    p = name_values(params)
                    uri = p.get("REQUEST_URI", "")
                    if uri.startswith("/fail"):
                        status = "502 Bad Gateway"
                        body = {"error": {"code": "upstream_error", "message": "DynamoDB said no"},
                                "request_id": p.get("REQUEST_ID")}
                    elif uri.startswith("/fraud") and not (p.get("HTTP_AUTHORIZATION") and p.get("HTTP_X_ORGANIZATION_ID")):
                        status = "401 Unauthorized"
                        body = {"error": {"code": "unauthorized", "message": "Missing bearer token"},
                                "request_id": p.get("REQUEST_ID")}
                    else:
                        status = "200 OK"
                        body = {"request_id": p.get("REQUEST_ID"), "http_proxy": p.get("HTTP_PROXY"),
                                "method": p.get("REQUEST_METHOD"), "connection": number}
                    head = ("Status: " + status + "\r\nContent-Type: application/json; charset=utf-8\r\n"
                            "Access-Control-Allow-Origin: https://getimpress.io\r\nVary: Origin\r\n\r\n")
                    write_record(conn, STDOUT, request_id, head.encode() + json.dumps(body).encode() + b"\n")
                    write_record(conn, STDOUT, request_id, b"")
                    write_record(conn, END_REQUEST, request_id, struct.pack(">IB3x", 0, 0))
                    if not keep:
                        return

        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(sys.argv[1])
        server.listen(64)
        accepted = 0
        while True:
            conn, _ = server.accept()
            accepted += 1
            threading.Thread(target=serve, args=(conn, accepted), daemon=True).start()
        """#
}
