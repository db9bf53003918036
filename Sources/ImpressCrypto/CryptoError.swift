import CCrypto

/// A libcrypto call that failed, with OpenSSL's own reason text from its error queue.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, e.g. "read public key PEM".
    public var operation: String
    /// The `ERR_get_error()` texts, oldest first; empty when OpenSSL queued none.
    public var detail: String

    public init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? operation : "\(operation): \(detail)" }

    /// Drains this thread's OpenSSL error queue into an error, so a later call does not
    /// report a stale reason.
    static func capture(_ operation: String) -> CryptoError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            let text = buffer.withUnsafeMutableBufferPointer { b -> String in
                guard let base = b.baseAddress else { return "" }
                ERR_error_string_n(code, base, b.count)
                return String(cString: base)
            }
            reasons.append(text)
        }
        return CryptoError(operation: operation, detail: reasons.joined(separator: "; "))
    }
}
