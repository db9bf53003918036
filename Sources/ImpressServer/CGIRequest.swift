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
    private enum Variable: Int, CaseIterable {
        case method, requestURI, documentURI, scriptName, pathInfo, queryString
        case contentType, contentLength, requestId, remoteAddress

        var name: String {
            switch self {
            case .method: "REQUEST_METHOD"
            case .requestURI: "REQUEST_URI"
            case .documentURI: "DOCUMENT_URI"
            case .scriptName: "SCRIPT_NAME"
            case .pathInfo: "PATH_INFO"
            case .queryString: "QUERY_STRING"
            case .contentType: "CONTENT_TYPE"
            case .contentLength: "CONTENT_LENGTH"
            case .requestId: "REQUEST_ID"
            case .remoteAddress: "REMOTE_ADDR"
            }
        }

        /// Names as bytes, matched without making a String of every name nginx sends.
        static let names: [[UInt8]] = allCases.map { Array($0.name.utf8) }

        init?(_ name: ArraySlice<UInt8>) {
            guard let index = Variable.names.firstIndex(where: { $0.count == name.count && $0.elementsEqual(name) }) else {
                return nil
            }
            self.init(rawValue: index)
        }
    }

    private static func httpRequest(
        generateId: () -> String,
        params forEachParam: ((_ name: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) -> Void) -> Void
    ) -> HTTPRequest {
        var headers: [String: String] = [:]
        var variables = [String?](repeating: nil, count: Variable.allCases.count)
        forEachParam { name, value in
            if name.starts(with: "HTTP_".utf8) {
                headers[headerName(fromParam: name)] = String(decoding: value, as: UTF8.self)
            } else if let variable = Variable(name) {
                variables[variable.rawValue] = String(decoding: value, as: UTF8.self)
            }
        }
        let variable = { (name: Variable) in variables[name.rawValue] }
        if let type = variable(.contentType), !type.isEmpty { headers["content-type"] = type }
        if let length = variable(.contentLength), !length.isEmpty { headers["content-length"] = length }

        let requestURI = variable(.requestURI) ?? ""
        let question = requestURI.utf8.firstIndex(of: UInt8(ascii: "?"))
        var path = String(requestURI[..<(question ?? requestURI.endIndex)])
        if path.isEmpty { path = variable(.documentURI) ?? "" }
        if path.isEmpty { path = (variable(.scriptName) ?? "") + (variable(.pathInfo) ?? "") }
        if path.isEmpty { path = "/" }
        let query = variable(.queryString) ?? question.map { String(requestURI[requestURI.index(after: $0)...]) } ?? ""

        // `HTTP_X_REQUEST_ID` is the `x-request-id` header.
        let requestId =
            [variable(.requestId), headers["x-request-id"]].compactMap { $0 }.first(where: RequestID.isSane)
            ?? generateId()
        return HTTPRequest(
            method: variable(.method) ?? "", path: path, queryString: query, headers: headers,
            requestId: requestId, remoteAddress: variable(.remoteAddress))
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
