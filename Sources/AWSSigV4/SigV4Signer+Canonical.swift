/// The canonical forms of SigV4 task 1 (AWS General Reference, "Create a canonical request").
extension SigV4Signer {
    /// Lower-case names, sorted; values trimmed with inner whitespace runs collapsed to one
    /// space; a repeated header's values joined by commas in the order given.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(collapseWhitespace(value))
        }
        return merged.keys.sorted().map { ($0, merged[$0, default: []].joined(separator: ",")) }
    }

    /// The wire path URI-encoded once more (`%` becomes `%25`), segment by segment; with
    /// `normalize`, dot segments and empty segments go first (RFC 3986 §5.2.4).
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        guard !path.isEmpty else { return "/" }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if normalize {
            let trailingSlash = path.hasSuffix("/")
            var kept: [String] = []
            for segment in segments {
                switch segment {
                case "", ".": continue
                case "..": _ = kept.popLast()
                default: kept.append(segment)
                }
            }
            let last = segments.last ?? ""
            let endsInDirectory = trailingSlash || last == "." || last == ".."
            segments = [""] + kept + (endsInDirectory && !kept.isEmpty ? [""] : [])
            if kept.isEmpty { return "/" }
        }
        return segments.map { uriEncode($0) }.joined(separator: "/")
    }

    /// Parameters decoded and re-encoded strictly, sorted by name then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { part -> (String, String) in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = uriEncode(percentDecode(String(kv[0])))
            let value = kv.count > 1 ? uriEncode(percentDecode(String(kv[1]))) : ""
            return (name, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Every byte but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) as `%XX`, upper-case hex.
    public static func uriEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecode(_ text: String) -> String {
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let b = bytes.next() {
            guard b == UInt8(ascii: "%") else {
                out.append(b)
                continue
            }
            let high = bytes.next()
            let low = bytes.next()
            if let h = high.flatMap(hexValue), let l = low.flatMap(hexValue) {
                out.append(h << 4 | l)
            } else {
                out.append(b)
                high.map { out.append($0) }
                low.map { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func collapseWhitespace(_ value: String) -> String {
        // By bytes: "\r\n" is one Character, which a Character comparison would miss.
        let words = value.utf8.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 })
        return words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
