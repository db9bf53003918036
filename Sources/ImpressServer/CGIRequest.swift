import FastCGI
import ImpressHTTP

/// Builds the `HTTPRequest` from CGI/1.1 variables (RFC 3875 §4.1) as nginx passes them.
/// One pass over the params: header fields and the ten variables used here become Strings,
/// the rest of nginx's twenty-odd are skipped (a dictionary of them all was a quarter of the
/// instructions of a `/health` answer).
enum CGIRequest {
    static func httpRequest(_ request: FastCGIRequest, generateId: () -> String = RequestID.random) -> HTTPRequest {
        httpRequest(generateId: generateId) { visit in request.forEachParam(visit) }
    }

    static func httpRequest(params: [String: String], generateId: () -> String = RequestID.random) -> HTTPRequest {
        httpRequest(generateId: generateId) { visit in
            for (name, value) in params { visit(Array(name.utf8)[...], Array(value.utf8)[...]) }
        }
    }

    /// The variables read here; a name sent twice keeps its last value.
    private struct Variables {
        var method, requestURI, documentURI, scriptName, pathInfo, queryString: String?
        var contentType, contentLength, requestId, remoteAddress: String?

        mutating func set(_ name: String, _ value: ArraySlice<UInt8>) {
            let text = { String(decoding: value, as: UTF8.self) }
            switch name {
            case "REQUEST_METHOD": method = text()
            case "REQUEST_URI": requestURI = text()
            case "DOCUMENT_URI": documentURI = text()
            case "SCRIPT_NAME": scriptName = text()
            case "PATH_INFO": pathInfo = text()
            case "QUERY_STRING": queryString = text()
            case "CONTENT_TYPE": contentType = text()
            case "CONTENT_LENGTH": contentLength = text()
            case "REQUEST_ID": requestId = text()
            case "REMOTE_ADDR": remoteAddress = text()
            default: break
            }
        }
    }

    private static func httpRequest(
        generateId: () -> String,
        params forEachParam: ((_ name: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) -> Void) -> Void
    ) -> HTTPRequest {
        var headers: [String: String] = [:]
        var variables = Variables()
        forEachParam { name, value in
            if name.starts(with: "HTTP_".utf8) {
                headers[headerName(fromParam: name)] = String(decoding: value, as: UTF8.self)
            } else {
                // CGI names fit a small String (15 bytes), which needs no allocation.
                variables.set(String(decoding: name, as: UTF8.self), value)
            }
        }
        if let type = variables.contentType, !type.isEmpty { headers["content-type"] = type }
        if let length = variables.contentLength, !length.isEmpty { headers["content-length"] = length }

        let requestURI = variables.requestURI ?? ""
        let question = requestURI.firstIndex(of: "?")
        var path = String(requestURI[..<(question ?? requestURI.endIndex)])
        if path.isEmpty { path = variables.documentURI ?? "" }
        if path.isEmpty { path = (variables.scriptName ?? "") + (variables.pathInfo ?? "") }
        if path.isEmpty { path = "/" }
        let query = variables.queryString ?? question.map { String(requestURI[requestURI.index(after: $0)...]) } ?? ""

        // `HTTP_X_REQUEST_ID` is the `x-request-id` header.
        let requestId =
            [variables.requestId, headers["x-request-id"]].compactMap { $0 }.first(where: RequestID.isSane)
            ?? generateId()
        return HTTPRequest(
            method: variables.method ?? "", path: path, queryString: query, headers: headers,
            requestId: requestId, remoteAddress: variables.remoteAddress)
    }

    /// `HTTP_X_ORGANIZATION_ID` → `x-organization-id` (RFC 3875 §4.1.18 upper-cases the field
    /// name and turns `-` into `_`; this undoes it), in one pass over the bytes.
    private static func headerName(fromParam name: ArraySlice<UInt8>) -> String {
        String(
            decoding: name.dropFirst(5).map { byte in
                switch byte {
                case UInt8(ascii: "_"): UInt8(ascii: "-")
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
                default: byte
                }
            }, as: UTF8.self)
    }
}
