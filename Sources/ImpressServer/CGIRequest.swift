import FastCGI
import Glibc
import ImpressHTTP

/// Builds the `HTTPRequest` from CGI/1.1 variables (RFC 3875 §4.1) as nginx passes them.
/// One pass over the params' bytes: the few variables used here become Strings, header fields
/// stay where they are (`HTTPHeaderFields` decodes one when asked), the rest of nginx's
/// twenty-odd are skipped.
enum CGIRequest {
    static func httpRequest(_ request: FastCGIRequest, generateId: () -> String = RequestID.random) -> HTTPRequest {
        httpRequest(paramsBytes: request.paramsBytes, generateId: generateId)
    }

    static func httpRequest(params: [String: String], generateId: () -> String = RequestID.random) -> HTTPRequest {
        httpRequest(paramsBytes: NameValuePairs.encode(params.map { ($0.key, $0.value) }), generateId: generateId)
    }

    /// Where the variables read here lie in the params' bytes; a name sent twice keeps its last value.
    private struct Variables {
        var method, requestURI, documentURI, scriptName, pathInfo, queryString, requestId, remoteAddress: Range<Int>?
        /// Header fields of their own (RFC 3875 §4.1.2, §4.1.3), so with their names.
        var contentType, contentLength: HTTPHeaderFields.Field?

        /// Keeps `value` when `name` is one of the variables (compared by length first: most
        /// of nginx's names are then never compared byte by byte).
        mutating func record(name nameRange: Range<Int>, value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) {
            let name = UnsafeBufferPointer(rebasing: buffer[nameRange])
            switch name.count {
            case 9: if name.equals("PATH_INFO") { pathInfo = value }
            case 10: if name.equals("REQUEST_ID") { requestId = value }
            case 11:
                if name.equals("REQUEST_URI") {
                    requestURI = value
                } else if name.equals("SCRIPT_NAME") {
                    scriptName = value
                } else if name.equals("REMOTE_ADDR") {
                    remoteAddress = value
                }
            case 12:
                if name.equals("QUERY_STRING") {
                    queryString = value
                } else if name.equals("DOCUMENT_URI") {
                    documentURI = value
                } else if name.equals("CONTENT_TYPE") {
                    contentType = HTTPHeaderFields.Field(name: nameRange, value: value)
                }
            case 14:
                if name.equals("REQUEST_METHOD") {
                    method = value
                } else if name.equals("CONTENT_LENGTH") {
                    contentLength = HTTPHeaderFields.Field(name: nameRange, value: value)
                }
            default: break
            }
        }
    }

    /// `paramsBytes`: a `PARAMS` stream (name-value pairs, FastCGI §3.4).
    static func httpRequest(paramsBytes: [UInt8], generateId: () -> String) -> HTTPRequest {
        paramsBytes.withUnsafeBufferPointer { buffer in
            var variables = Variables()
            var fields: [HTTPHeaderFields.Field] = []
            fields.reserveCapacity(16)
            // The params were checked when the request completed (`FastCGIConnection`): a
            // malformed stream cannot reach here, and would only end the walk early.
            try? NameValuePairs.forEachPair(in: buffer) { name, value in
                if UnsafeBufferPointer(rebasing: buffer[name]).starts(with: "HTTP_") {
                    fields.append(HTTPHeaderFields.Field(name: name.lowerBound + 5..<name.upperBound, value: value))
                } else {
                    variables.record(name: name, value: value, in: buffer)
                }
            }
            // Set, they are taken over any `HTTP_CONTENT_TYPE`: the last field of a name wins.
            if let field = variables.contentType, !field.value.isEmpty { fields.append(field) }
            if let field = variables.contentLength, !field.value.isEmpty { fields.append(field) }
            let text = { (range: Range<Int>?) -> String? in
                range.map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) }
            }

            let requestURI = variables.requestURI ?? 0..<0
            let question = buffer[requestURI].firstIndex(of: UInt8(ascii: "?"))
            var path = text(requestURI.lowerBound..<(question ?? requestURI.upperBound)) ?? ""
            if path.isEmpty { path = text(variables.documentURI) ?? "" }
            if path.isEmpty { path = (text(variables.scriptName) ?? "") + (text(variables.pathInfo) ?? "") }
            if path.isEmpty { path = "/" }
            let query =
                text(variables.queryString) ?? question.flatMap { text($0 + 1..<requestURI.upperBound) } ?? ""
            let headerFields = HTTPHeaderFields(cgiBytes: paramsBytes, fields: fields)

            let sane = { (id: String?) in id.flatMap { RequestID.isSane($0) ? $0 : nil } }
            // `HTTP_X_REQUEST_ID` is the `x-request-id` header.
            let requestId =
                sane(text(variables.requestId)) ?? sane(headerFields.value(named: "x-request-id")) ?? generateId()
            return HTTPRequest(
                method: text(variables.method) ?? "", path: path, queryString: query, headerFields: headerFields,
                requestId: requestId, remoteAddress: text(variables.remoteAddress))
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Byte equality with an ASCII literal, no String made.
    fileprivate func equals(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && starts(with: literal)
    }

    fileprivate func starts(with literal: StaticString) -> Bool {
        guard count >= literal.utf8CodeUnitCount, let base = baseAddress else { return literal.utf8CodeUnitCount == 0 }
        return memcmp(base, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }
}
