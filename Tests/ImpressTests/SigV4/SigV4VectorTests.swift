import AWSSigV4
import Foundation
import ImpressJSON
import Testing

/// The header-signing cases of the AWS SigV4 test suite (Fixtures/sigv4, Apache-2.0,
/// awslabs/aws-c-auth). Left out: `post-sts-header-after`, which adds the session token
/// after signing (`omit_session_token`), a mode this signer does not offer.
@Suite struct SigV4VectorTests {
    static let cases = [
        "get-header-key-duplicate", "get-header-value-multiline", "get-header-value-order", "get-header-value-trim",
        "get-relative-normalized", "get-relative-relative-normalized", "get-relative-relative-unnormalized",
        "get-relative-unnormalized", "get-slash-dot-slash-normalized", "get-slash-dot-slash-unnormalized",
        "get-slash-normalized", "get-slash-pointless-dot-normalized", "get-slash-pointless-dot-unnormalized",
        "get-slash-unnormalized", "get-slashes-normalized", "get-slashes-unnormalized", "get-space-normalized",
        "get-space-unnormalized", "get-unreserved", "get-utf8", "get-vanilla", "get-vanilla-empty-query-key",
        "get-vanilla-query", "get-vanilla-query-order-encoded", "get-vanilla-query-order-key-case",
        "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-vanilla-with-session-token",
        "post-header-key-case", "post-header-key-sort", "post-header-value-case", "post-sts-header-before",
        "post-vanilla", "post-vanilla-empty-query-value", "post-vanilla-query", "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters",
    ]

    @Test(arguments: cases)
    func matchesTheSuite(name: String) throws {
        let vector = try SigV4Vector(name: name)
        // Every case is signed at 2015-08-30T12:36:00Z.
        let date = SigV4Date(epochSeconds: 1_440_938_160)
        let signer = SigV4Signer(
            credentials: vector.credentials, region: "us-east-1", service: "service", signsContentHash: vector.signBody)
        let headers = signer.headersToSign(vector.request, date: date)
        let canonical = signer.canonicalRequest(vector.request, headers: headers, normalizePath: vector.normalize)
        #expect(canonical == vector.expectedCanonicalRequest)
        let toSign = signer.stringToSign(canonicalRequest: canonical, date: date)
        #expect(toSign == vector.expectedStringToSign)
        #expect(signer.signature(stringToSign: toSign, date: date) == vector.expectedSignature)

        let signed = signer.sign(vector.request, date: date, normalizePath: vector.normalize)
        let authorization = try #require(signed.last)
        #expect(authorization.name == "Authorization")
        #expect(authorization.value.hasSuffix("Signature=\(vector.expectedSignature)"))
        #expect(authorization.value.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "))
    }

    @Test(arguments: [
        (Int64(0), "19700101T000000Z"), (951_827_696, "20000229T123456Z"), (4_102_444_799, "20991231T235959Z"),
        (-1, "19691231T235959Z"),
    ])
    func formatsDates(epochSeconds: Int64, expected: String) {
        let date = SigV4Date(epochSeconds: epochSeconds)
        #expect(date.amzDate == expected)
        #expect(date.dateStamp == String(expected.prefix(8)))
    }
}

/// One case folder: the request parsed from `request.txt` (continuation lines folded into
/// the header above them), the credentials and flags from `context.json`, the expected outputs.
struct SigV4Vector {
    var request: SigV4Signer.Request
    var credentials: AWSCredentials
    var normalize: Bool
    var signBody: Bool
    var expectedCanonicalRequest: String
    var expectedStringToSign: String
    var expectedSignature: String

    init(name: String) throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/sigv4/\(name)", withExtension: nil))
        func read(_ file: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        let context = try JSONParser.parse(try read("context.json"))
        credentials = AWSCredentials(
            accessKeyId: try #require(context["credentials"]?["access_key_id"]?.stringValue),
            secretAccessKey: try #require(context["credentials"]?["secret_access_key"]?.stringValue),
            sessionToken: context["credentials"]?["token"]?.stringValue)
        normalize = context["normalize"]?.boolValue ?? true
        signBody = context["sign_body"]?.boolValue ?? false
        expectedCanonicalRequest = try read("header-canonical-request.txt")
        expectedStringToSign = try read("header-string-to-sign.txt")
        expectedSignature = try read("header-signature.txt")

        let raw = try read("request.txt")
        let parts = raw.components(separatedBy: "\n\n")
        var lines = parts[0].components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let path = String(target.prefix { $0 != "?" })
        let query = target.count > path.count ? String(target.dropFirst(path.count + 1)) : ""
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + "\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = parts.count > 1 ? Array(parts.dropFirst().joined(separator: "\n\n").utf8) : []
        request = SigV4Signer.Request(method: method, path: path, query: query, headers: headers, body: body)
    }
}
