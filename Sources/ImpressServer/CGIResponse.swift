import ImpressHTTP

/// An `HTTPResponse` as CGI output (RFC 3875 §6): a `Status:` line, the header fields, a
/// blank line, the body. This becomes the FastCGI `STDOUT` stream. Built byte by byte into one
/// buffer: string interpolation here was a handful of allocations per answer.
enum CGIResponse {
    static func bytes(_ response: HTTPResponse) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(response.body.count + 32 + response.headers.count * 64)
        out.append(literal: "Status: ")
        out.append(contentsOf: String(response.status).utf8)
        out.append(UInt8(ascii: " "))
        appendClean(HTTPResponse.reason(response.status), to: &out)
        out.append(literal: "\r\n")
        for (name, value) in response.headers where !name.equalsIgnoringASCIICase("status") {
            appendClean(name, to: &out)
            out.append(literal: ": ")
            appendClean(value, to: &out)
            out.append(literal: "\r\n")
        }
        out.append(literal: "\r\n")
        out.append(contentsOf: response.body)
        return out
    }

    /// A CR or LF in a field would let a value start a header of its own; NUL ends C strings.
    /// (Bytes of multi-byte UTF-8 sequences are never these ASCII values.)
    private static func appendClean(_ text: String, to out: inout [UInt8]) {
        let isUnsafe: (UInt8) -> Bool = { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }
        // Fields are almost always clean: copy them whole, filter only when they are not.
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: isUnsafe) else {
                out.append(contentsOf: bytes)
                return
            }
            out.append(contentsOf: bytes.filter { !isUnsafe($0) })
        }
    }
}
