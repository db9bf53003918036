import FastCGI

/// The FastCGI record stream as the server feeds it (socket bytes, any split), and the
/// name-value decoder on its own. Besides not trapping, two properties are checked:
/// - chunk independence: the same bytes fed whole or in pieces give the same events and the
///   same error (a throw discards the events of that one `receive`, so only the pieces fed
///   before the failing one keep theirs);
/// - name-value round trip: what `decode` returns, `encode` then `decode` returns unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFastCGI(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkChunkIndependence(bytes)
    serveLikeTheServer(bytes)
    checkNameValueRoundTrip(bytes)
    return 0
}

/// Small limits, so that inputs of a few KiB reach the "too large" refusals.
private let limits = FastCGIConnection.Limits(maxParamsBytes: 512, maxBodyBytes: 256, maxConnections: 4)

private func checkChunkIndependence(_ bytes: [UInt8]) {
    var whole = FastCGIConnection(limits: limits)
    let wholeOutcome = Result { () throws(FastCGIError) in try whole.receive(bytes) }

    var pieces = FastCGIConnection(limits: limits)
    var pieceEvents: [ConnectionEvent] = []
    var pieceError: FastCGIError?
    for chunk in chunks(of: bytes) {
        do {
            pieceEvents += try pieces.receive(chunk)
        } catch {
            pieceError = error
            break
        }
    }
    switch wholeOutcome {
    case .success(let events):
        precondition(pieceError == nil, "pieces failed where the whole stream did not: \(String(describing: pieceError))")
        precondition(events == pieceEvents, "pieces gave other events than the whole stream")
        precondition(whole.isIdle == pieces.isIdle && whole.isAnswering == pieces.isAnswering, "state differs")
    case .failure(let error):
        precondition(pieceError == error, "pieces failed with \(String(describing: pieceError)), the whole with \(error)")
    }
}

/// As the server drives a connection: the events of one `receive` are applied in order (a
/// request goes to a worker, an abort of it drops its answer), and only then, as a worker's
/// answer comes back, is a request still in flight answered and `finishRequest` called.
/// (An abort right behind the request's last STDIN record arrives in the same read: the
/// request event then comes out with the connection already idle again.)
private func serveLikeTheServer(_ bytes: [UInt8]) {
    var connection = FastCGIConnection(limits: limits)
    for chunk in chunks(of: bytes) {
        guard let events = try? connection.receive(chunk) else { return }
        var inFlight: FastCGIRequest?
        for event in events {
            switch event {
            case .request(let request):
                precondition(inFlight == nil, "a second request handed out while one is in flight")
                precondition(request.bodyLength <= limits.maxBodyBytes, "body length past the limit")
                inFlight = request
            case .aborted(let id):
                if inFlight?.id == id { inFlight = nil }
            case .close:
                return
            case .send:
                continue
            }
        }
        guard let request = inFlight else { continue }
        precondition(connection.isAnswering, "a request is in flight but the connection is not answering")
        _ = RecordEncoder.response(requestId: request.id, stdout: Array("Status: 200\r\n\r\n".utf8))
        if !connection.finishRequest() { return }
    }
}

private func checkNameValueRoundTrip(_ bytes: [UInt8]) {
    guard let pairs = try? NameValuePairs.decode(bytes[...]) else { return }
    let again = try? NameValuePairs.decode(NameValuePairs.encode(pairs)[...])
    precondition(again.map { $0.elementsEqual(pairs) { $0.name == $1.name && $0.value == $1.value } } ?? false,
        "name-value pairs do not survive encode then decode")
}

/// Cuts `bytes` into pieces of 1 to 16 bytes, sizes drawn from a generator seeded by the
/// length, so a given input always splits the same way (libFuzzer needs determinism).
private func chunks(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var state = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15 | 1
    var out: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        let end = min(bytes.count, start + Int(state % 16) + 1)
        out.append(bytes[start..<end])
        start = end
    }
    return out
}
