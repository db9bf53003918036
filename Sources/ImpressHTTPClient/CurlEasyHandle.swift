import CCurl

/// One libcurl easy handle and the response being received on it. Reused request after
/// request so its connection cache keeps connections alive; `curl_easy_reset` clears the
/// options between requests but keeps live connections (libcurl docs, curl_easy_reset).
/// Callbacks find this object through an `Unmanaged` pointer set as their user data.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private var status = 0
    private var headers: [String: String] = [:]
    private var body: [UInt8] = []
    private var maxResponseBytes = 0
    private var exceededLimit = false

    init?() {
        CurlGlobal.initialize()
        guard let h = curl_easy_init() else { return nil }
        handle = h
    }

    deinit { curl_easy_cleanup(handle) }

    func perform(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        curl_easy_reset(handle)
        status = 0
        headers = [:]
        body = []
        maxResponseBytes = max(0, request.maxResponseBytes)
        exceededLimit = false

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        try configure(request, headerList: &headerList)

        let code = curl_easy_perform(handle)
        if exceededLimit { throw .responseTooLarge(limit: maxResponseBytes) }
        guard code == CURLE_OK else { throw Self.classify(code, url: request.url, maxBytes: maxResponseBytes) }
        var responseCode = 0
        _ = impress_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        // A file:// read has no status line; it either succeeded or failed above.
        let finalStatus = responseCode == 0 && request.url.lowercased().hasPrefix("file:") ? 200 : responseCode
        return HTTPClientResponse(status: finalStatus, headers: headers, body: body)
    }

    private func configure(
        _ request: HTTPClientRequest, headerList: inout UnsafeMutablePointer<curl_slist>?
    ) throws(HTTPClientError) {
        let protocols = request.allowFileURL ? "http,https,file" : "http,https"
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        guard protocols.split(separator: ",").contains(Substring(scheme)) else {
            throw .invalidRequest("scheme \(scheme) is not allowed")
        }
        try set(CURLOPT_URL, string: request.url)
        try set(CURLOPT_PROTOCOLS_STR, string: protocols)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, request.connectTimeoutMs))
        try set(CURLOPT_TIMEOUT_MS, max(1, request.totalTimeoutMs))
        if request.maxResponseBytes >= 0 {
            _ = impress_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes))
        }

        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            try set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        default:
            // Any method with a body (PUT with an empty one too) goes out as a POST upload with
            // the method name replaced; COPYPOSTFIELDS copies, so the array need not outlive this.
            _ = impress_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            let code = request.body.withUnsafeBytes { raw in
                impress_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
            }
            guard code == CURLE_OK else { throw .invalidRequest("cannot set the request body") }
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: method) }
        }

        var names = Set<String>()
        for (name, value) in request.headers {
            // By bytes: "\r\n" is a single Character, which a Character search would miss.
            guard !name.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == 13 || $0 == 10 }),
                !value.utf8.contains(where: { $0 == 13 || $0 == 10 })
            else { throw .invalidRequest("header \(name) is malformed") }
            names.insert(name.lowercased())
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // libcurl adds these on its own: a form Content-Type to POSTs and `Expect: 100-continue`
        // to large ones; an empty value removes them.
        if !names.contains("content-type") { headerList = curl_slist_append(headerList, "Content-Type:") }
        if !names.contains("expect") { headerList = curl_slist_append(headerList, "Expect:") }
        _ = impress_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, UnsafeRawPointer(headerList))

        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = impress_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, me)
        _ = impress_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, me)
        _ = impress_curl_setopt_write_callback(handle) { data, size, count, user in
            guard let user else { return 0 }
            let this = Unmanaged<CurlEasyHandle>.fromOpaque(user).takeUnretainedValue()
            return this.receiveBody(data, size &* count)
        }
        _ = impress_curl_setopt_header_callback(handle) { data, size, count, user in
            guard let user else { return 0 }
            let this = Unmanaged<CurlEasyHandle>.fromOpaque(user).takeUnretainedValue()
            return this.receiveHeader(data, size &* count)
        }
    }

    private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard let data, length > 0 else { return length }
        guard body.count &+ length <= maxResponseBytes else {
            exceededLimit = true
            return 0  // a short count makes libcurl abort with CURLE_WRITE_ERROR
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
        return length
    }

    /// Called once per header line, the status line included; a new status line (after a
    /// `100 Continue`) starts a new header block.
    private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard let data, length > 0 else { return length }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return length
        }
        guard let colon = line.firstIndex(of: ":") else { return length }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
        return length
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        guard impress_curl_setopt_long(handle, option, value) == CURLE_OK else {
            throw .invalidRequest("libcurl refused option \(option.rawValue)")
        }
    }

    private func set(_ option: CURLoption, string: String) throws(HTTPClientError) {
        // String options are copied by libcurl (curl_easy_setopt: "strings are copied").
        let code = string.withCString { impress_curl_setopt_ptr(handle, option, $0) }
        guard code == CURLE_OK else { throw .invalidRequest("libcurl refused option \(option.rawValue)") }
    }

    private static func classify(_ code: CURLcode, url: String, maxBytes: Int) -> HTTPClientError {
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectFailed(message)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: maxBytes)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidRequest(message)
        case CURLE_FILE_COULDNT_READ_FILE:
            return .connectFailed(message)
        default:
            return .transport(message)
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        // `Character.isWhitespace`, since "\r\n" is one Character and equals neither "\r" nor "\n".
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
