import ImpressHTTP

/// Builds the `HTTPRequest` from CGI/1.1 variables (RFC 3875 §4.1) as nginx passes them.
enum CGIRequest {
    static func httpRequest(
        params: [String: String], generateId: () -> String = RequestID.random
    ) -> HTTPRequest {
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers[String(name.dropFirst(5)).lowercased().replacingUnderscores()] = value
        }
        if let type = params["CONTENT_TYPE"], !type.isEmpty { headers["content-type"] = type }
        if let length = params["CONTENT_LENGTH"], !length.isEmpty { headers["content-length"] = length }

        let requestURI = params["REQUEST_URI"] ?? ""
        let uriParts = requestURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = uriParts.first.map(String.init) ?? ""
        if path.isEmpty { path = params["DOCUMENT_URI"] ?? "" }
        if path.isEmpty { path = (params["SCRIPT_NAME"] ?? "") + (params["PATH_INFO"] ?? "") }
        if path.isEmpty { path = "/" }
        let query = params["QUERY_STRING"] ?? (uriParts.count > 1 ? String(uriParts[1]) : "")

        let requestId =
            [params["REQUEST_ID"], params["HTTP_X_REQUEST_ID"]].compactMap { $0 }.first(where: RequestID.isSane)
            ?? generateId()
        return HTTPRequest(
            method: params["REQUEST_METHOD"] ?? "", path: path, queryString: query, headers: headers,
            requestId: requestId, remoteAddress: params["REMOTE_ADDR"])
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
