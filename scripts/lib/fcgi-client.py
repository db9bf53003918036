#!/usr/bin/env python3
"""The FastCGI side of nginx, minimal, for scripts/profile-request: N GET requests of one path
over one kept connection (FCGI_KEEP_CONN), each with the params nginx's `fastcgi_params` sends,
so the daemon does the work it does behind nginx and nothing else runs in between.

usage: fcgi-client.py SOCKET N PATH [TOKEN ORG]
Prints the first response (CGI head and body) to stdout; exits 1 if any status is not 200."""
import socket
import struct
import sys

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
RESPONDER, KEEP_CONN = 1, 1


def record(kind, content):
    return struct.pack(">BBHHBB", 1, kind, 1, len(content), 0, 0) + content


def name_value(name, value):
    def length(text):
        return struct.pack(">B", len(text)) if len(text) < 128 else struct.pack(">I", len(text) | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(name) + length(value) + name + value


def request(path, query, headers):
    params = {
        "QUERY_STRING": query, "REQUEST_METHOD": "GET", "CONTENT_TYPE": "", "CONTENT_LENGTH": "",
        "SCRIPT_NAME": path, "REQUEST_URI": path + ("?" + query if query else ""), "DOCUMENT_URI": path,
        "DOCUMENT_ROOT": "/usr/share/nginx/html", "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_SCHEME": "http",
        "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_SOFTWARE": "nginx/1.22.1", "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "51234", "SERVER_ADDR": "127.0.0.1", "SERVER_PORT": "8080", "SERVER_NAME": "localhost",
        "REDIRECT_STATUS": "200", "REQUEST_ID": "0123456789abcdef0123456789abcdef",
        "HTTP_HOST": "127.0.0.1:8080", "HTTP_USER_AGENT": "wrk",
    }
    params.update(headers)
    body = b"".join(name_value(k, v) for k, v in params.items())
    return (record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, KEEP_CONN))
            + record(PARAMS, body) + record(PARAMS, b"") + record(STDIN, b""))


def read_exactly(sock, buf, size):
    while len(buf) < size:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("fcgi-client: the daemon closed the connection")
        buf += chunk
    return buf


def read_response(sock, buf):
    out = b""
    while True:
        buf = read_exactly(sock, buf, 8)
        _, kind, _, content_length, padding, _ = struct.unpack(">BBHHBB", buf[:8])
        buf = read_exactly(sock, buf, 8 + content_length + padding)
        content, buf = buf[8:8 + content_length], buf[8 + content_length + padding:]
        if kind == STDOUT:
            out += content
        if kind == END_REQUEST:
            return out, buf


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    sock_path, count, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    path, _, query = target.partition("?")
    headers = {}
    if len(sys.argv) == 6:
        headers = {"HTTP_AUTHORIZATION": "Bearer " + sys.argv[4], "HTTP_X_ORGANIZATION_ID": sys.argv[5]}
    message = request(path, query, headers)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(sock_path)
    buf = b""
    for i in range(count):
        sock.sendall(message)
        out, buf = read_response(sock, buf)
        if i == 0:
            sys.stdout.write(out.decode("utf-8", "replace") + "\n")
        if not out.startswith(b"Status: 200"):
            status = out.split(b"\r\n", 1)[0].decode("utf-8", "replace")
            sys.exit(f"fcgi-client: request {i + 1}: {status}")


main()
