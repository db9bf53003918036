import ImpressHTTP

/// An `HTTPResponse` as CGI output (RFC 3875 §6): a `Status:` line, the header fields, a
/// blank line, the body. This becomes the FastCGI `STDOUT` stream.
enum CGIResponse {
    static func bytes(_ response: HTTPResponse) -> [UInt8] {
        var head = "Status: \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for (name, value) in response.headers where name.lowercased() != "status" {
            // A CR or LF in a field would let a value start a header of its own.
            head += "\(clean(name)): \(clean(value))\r\n"
        }
        head += "\r\n"
        var out = Array(head.utf8)
        out.append(contentsOf: response.body)
        return out
    }

    private static func clean(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" })
    }
}
