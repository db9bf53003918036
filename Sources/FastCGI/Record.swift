/// Record types, FastCGI Specification 1.0 §8 ("Types and Constants").
public enum RecordType: UInt8, Sendable {
    case beginRequest = 1
    case abortRequest = 2
    case endRequest = 3
    case params = 4
    case stdin = 5
    case stdout = 6
    case stderr = 7
    case data = 8
    case getValues = 9
    case getValuesResult = 10
    case unknownType = 11
}

/// `FCGI_END_REQUEST` protocol status, §5.5.
public enum ProtocolStatus: UInt8, Sendable {
    case requestComplete = 0
    case cantMultiplexConnection = 1
    case overloaded = 2
    case unknownRole = 3
}

/// The fixed 8-byte record header, §3.3. `type` stays a raw byte: unknown types must be
/// answered (§4.2), not refused.
public struct RecordHeader: Sendable, Equatable {
    public static let length = 8
    /// §3.3: `FCGI_VERSION_1`, the only version there is.
    public static let version: UInt8 = 1
    public static let maxContentLength = 65535

    public var type: UInt8
    public var requestId: UInt16
    public var contentLength: UInt16
    public var paddingLength: UInt8

    public init(type: UInt8, requestId: UInt16, contentLength: UInt16, paddingLength: UInt8) {
        self.type = type
        self.requestId = requestId
        self.contentLength = contentLength
        self.paddingLength = paddingLength
    }

    /// Decodes the first 8 bytes of `bytes`; nil when fewer are there.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(FastCGIError) -> RecordHeader? {
        guard bytes.count >= length else { return nil }
        let b = bytes.startIndex
        guard bytes[b] == version else { throw .unsupportedVersion(bytes[b]) }
        return RecordHeader(
            type: bytes[b + 1],
            requestId: UInt16(bytes[b + 2]) << 8 | UInt16(bytes[b + 3]),
            contentLength: UInt16(bytes[b + 4]) << 8 | UInt16(bytes[b + 5]),
            paddingLength: bytes[b + 6])
    }

    public func encode(into out: inout [UInt8]) {
        out.append(contentsOf: [
            RecordHeader.version, type, UInt8(requestId >> 8), UInt8(requestId & 0xFF),
            UInt8(contentLength >> 8), UInt8(contentLength & 0xFF), paddingLength, 0,
        ])
    }

    /// Header plus content plus padding.
    public var recordLength: Int { RecordHeader.length + Int(contentLength) + Int(paddingLength) }
}
