/// A request's header fields. From a web server they stay in the bytes it sent (CGI/1.1
/// variables, RFC 3875 §4.1.18: `HTTP_X_ORGANIZATION_ID` for `x-organization-id`) and a value
/// becomes a String only when it is asked for: a browser sends a dozen fields, the API reads
/// three, and a dictionary of them all was the largest part of a `/health` answer's cost.
public struct HTTPHeaderFields: Sendable {
    /// Where one field lies in `bytes`: the name in CGI form without its `HTTP_` prefix
    /// (`X_ORGANIZATION_ID`, or `CONTENT_TYPE`), and the value.
    public struct Field: Sendable {
        public var name: Range<Int>
        public var value: Range<Int>

        public init(name: Range<Int>, value: Range<Int>) {
            self.name = name
            self.value = value
        }
    }

    private enum Storage: Sendable {
        /// Lower-case names.
        case dictionary([String: String])
        /// In the order sent; a name sent twice means its last value.
        case cgi(bytes: [UInt8], fields: [Field])
    }

    private var storage: Storage

    /// `fields`: lower-case names.
    public init(_ fields: [String: String] = [:]) {
        storage = .dictionary(fields)
    }

    /// Fields in CGI form found in `bytes` (ranges outside it are ignored).
    public init(cgiBytes bytes: [UInt8], fields: [Field]) {
        storage = .cgi(bytes: bytes, fields: fields)
    }

    /// The value of the field named `name`, whatever its case; the last one when sent twice.
    public func value(named name: String) -> String? {
        switch storage {
        case .dictionary(let fields):
            return fields[name.lowercased()]
        case .cgi(let bytes, let fields):
            var name = name
            return name.withUTF8 { wanted in
                bytes.withUnsafeBufferPointer { buffer in
                    for field in fields.reversed() where HTTPHeaderFields.contains(buffer, field) {
                        let cgiName = UnsafeBufferPointer(rebasing: buffer[field.name])
                        if HTTPHeaderFields.cgiName(cgiName, names: wanted) {
                            return String(decoding: UnsafeBufferPointer(rebasing: buffer[field.value]), as: UTF8.self)
                        }
                    }
                    return nil
                }
            }
        }
    }

    /// Every field, by lower-case name (for tests and diagnostics; lookups use `value(named:)`).
    public var dictionary: [String: String] {
        switch storage {
        case .dictionary(let fields):
            return fields
        case .cgi(let bytes, let fields):
            var out: [String: String] = [:]
            bytes.withUnsafeBufferPointer { buffer in
                for field in fields where HTTPHeaderFields.contains(buffer, field) {
                    let name = UnsafeBufferPointer(rebasing: buffer[field.name]).map(HTTPHeaderFields.fieldNameByte)
                    out[String(decoding: name, as: UTF8.self)] = String(
                        decoding: UnsafeBufferPointer(rebasing: buffer[field.value]), as: UTF8.self)
                }
            }
            return out
        }
    }

    private static func contains(_ buffer: UnsafeBufferPointer<UInt8>, _ field: Field) -> Bool {
        field.name.lowerBound >= 0 && field.name.upperBound <= buffer.count
            && field.value.lowerBound >= 0 && field.value.upperBound <= buffer.count
    }

    /// RFC 3875 §4.1.18 upper-cases the field name and turns `-` into `_`; this undoes it
    /// (`X_ORGANIZATION_ID` → `x-organization-id`), one byte at a time.
    private static func fieldNameByte(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "_"): UInt8(ascii: "-")
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
        default: byte
        }
    }

    /// Whether the CGI name stands for the field `wanted`, compared as a lower-cased field
    /// name (ASCII letters fold; nothing else does).
    private static func cgiName(_ cgiName: UnsafeBufferPointer<UInt8>, names wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cgiName.count == wanted.count else { return false }
        for (byte, wantedByte) in zip(cgiName, wanted) {
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(wantedByte) ? wantedByte | 0x20 : wantedByte
            if fieldNameByte(byte) != lowered { return false }
        }
        return true
    }
}
