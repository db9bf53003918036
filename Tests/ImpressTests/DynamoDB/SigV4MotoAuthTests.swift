import AWSSigV4
import DynamoDB
import ImpressHTTPClient
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The signer checked by a second implementation: moto with `INITIAL_NO_AUTH_ACTION_COUNT=3`
/// verifies SigV4 (with botocore's code) on every action after the first three. Those three
/// make an IAM user with an allow-all policy and an access key (IAM's query protocol,
/// signed by our signer too); DynamoDB calls with that key must then pass, and a request
/// whose body changed after signing must not.
@Suite struct SigV4MotoAuthTests {
    @Test func motoAcceptsOurSignaturesAndRefusesATamperedBody() throws {
        let moto = try Moto(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
        defer { moto.stop() }
        let http = HTTPClient()
        let bootstrap = AWSCredentials(accessKeyId: "AKIDBOOTSTRAP", secretAccessKey: "unchecked")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try iam(http, moto, bootstrap, "Action=CreateUser&UserName=impress")
        _ = try iam(
            http, moto, bootstrap,
            "Action=PutUserPolicy&UserName=impress&PolicyName=all&PolicyDocument=" + SigV4Signer.uriEncode(policy))
        let keyReply = try iam(http, moto, bootstrap, "Action=CreateAccessKey&UserName=impress")
        let key = AWSCredentials(
            accessKeyId: try #require(Self.element("AccessKeyId", in: keyReply)),
            secretAccessKey: try #require(Self.element("SecretAccessKey", in: keyReply)))

        let configuration = DynamoDBConfiguration(region: "us-east-1", endpoint: moto.endpoint, maxAttempts: 1)
        let client = DynamoDBClient(configuration: configuration, credentials: StaticCredentialProvider(key), http: http)
        try client.createEventsTable("signed")
        #expect(try client.tableStatus("signed") == "ACTIVE")

        var wrongSecret = key
        wrongSecret.secretAccessKey += "x"
        let refused = DynamoDBClient(configuration: configuration, credentials: StaticCredentialProvider(wrongSecret), http: http)
        let error = #expect(throws: DynamoDBError.self) { _ = try refused.tableStatus("signed") }
        if case .service(_, _, let status)? = error { #expect(status == 403) } else { Issue.record("got \(String(describing: error))") }

        // Signed for one body, sent with another.
        let host = "127.0.0.1:\(moto.port)"
        let signer = SigV4Signer(credentials: key, region: "us-east-1", service: "dynamodb")
        let signedBody = Array(#"{"TableName":"signed"}"#.utf8)
        let headers = signer.sign(
            SigV4Signer.Request(
                method: "POST", path: "/",
                headers: [("Host", host), ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.DescribeTable")],
                body: signedBody),
            date: SigV4Date(epochSeconds: Int64(time(nil))))
        let honest = try http.send(HTTPClientRequest(method: "POST", url: moto.endpoint + "/", headers: headers, body: signedBody))
        #expect(honest.status == 200)
        let tampered = try http.send(
            HTTPClientRequest(method: "POST", url: moto.endpoint + "/", headers: headers, body: Array(#"{"TableName":"other"}"#.utf8)))
        #expect(tampered.status == 403)
    }

    func iam(_ http: HTTPClient, _ moto: Moto, _ credentials: AWSCredentials, _ form: String) throws -> String {
        let body = Array((form + "&Version=2010-05-08").utf8)
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "iam")
        let headers = signer.sign(
            SigV4Signer.Request(
                method: "POST", path: "/",
                headers: [("Host", "127.0.0.1:\(moto.port)"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: body),
            date: SigV4Date(epochSeconds: Int64(time(nil))))
        let response = try http.send(HTTPClientRequest(method: "POST", url: moto.endpoint + "/", headers: headers, body: body))
        let text = String(decoding: response.body, as: UTF8.self)
        try #require(response.status == 200, "IAM \(form) failed: \(text)")
        return text
    }

    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
