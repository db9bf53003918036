/// Encodes records to send. §3.3 recommends 8-byte-aligned records, so padding is added.
public enum RecordEncoder {
    /// One record of at most 65535 content bytes (longer content is cut; `stream` splits first).
    public static func record(_ type: RecordType, requestId: UInt16, content: ArraySlice<UInt8>, into out: inout [UInt8]) {
        let length = min(content.count, RecordHeader.maxContentLength)
        let padding = (8 - length % 8) % 8
        RecordHeader(
            type: type.rawValue, requestId: requestId, contentLength: UInt16(length), paddingLength: UInt8(padding)
        ).encode(into: &out)
        out.append(contentsOf: content.prefix(length))
        out.append(contentsOf: repeatElement(0, count: padding))
    }

    /// A whole stream (§3.3 "stream records"): records of at most 65535 bytes, then the empty
    /// record that ends it.
    public static func stream(_ type: RecordType, requestId: UInt16, bytes: [UInt8], into out: inout [UInt8]) {
        var start = 0
        while start < bytes.count {
            let end = min(start + RecordHeader.maxContentLength, bytes.count)
            record(type, requestId: requestId, content: bytes[start..<end], into: &out)
            start = end
        }
        record(type, requestId: requestId, content: [], into: &out)
    }

    /// `FCGI_END_REQUEST`, §5.5: appStatus (4 bytes), protocolStatus, 3 reserved bytes.
    public static func endRequest(
        requestId: UInt16, appStatus: UInt32 = 0, status: ProtocolStatus, into out: inout [UInt8]
    ) {
        let body: [UInt8] = [
            UInt8(appStatus >> 24), UInt8((appStatus >> 16) & 0xFF), UInt8((appStatus >> 8) & 0xFF),
            UInt8(appStatus & 0xFF), status.rawValue, 0, 0, 0,
        ]
        record(.endRequest, requestId: requestId, content: body[...], into: &out)
    }

    /// `FCGI_UNKNOWN_TYPE`, §4.2: the unknown type byte and 7 reserved bytes.
    public static func unknownType(_ type: UInt8, into out: inout [UInt8]) {
        record(.unknownType, requestId: 0, content: [type, 0, 0, 0, 0, 0, 0, 0], into: &out)
    }

    /// A complete responder answer, §6.2: the `STDOUT` stream then one `END_REQUEST`.
    public static func response(requestId: UInt16, stdout: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(stdout.count + (stdout.count / RecordHeader.maxContentLength + 2) * 16 + 16)
        stream(.stdout, requestId: requestId, bytes: stdout, into: &out)
        endRequest(requestId: requestId, status: .requestComplete, into: &out)
        return out
    }
}
