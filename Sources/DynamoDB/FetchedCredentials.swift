import AWSSigV4
import ImpressHTTPClient
import ImpressJSON

/// The JSON both the container endpoint and IMDS answer with:
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` (and IMDS's `Code`).
enum FetchedCredentials {
    static func decode(_ response: HTTPClientResponse, source: String) throws(DynamoDBError) -> AWSCredentials {
        guard response.status == 200 else { throw .credentials("\(source) answered HTTP \(response.status)") }
        guard let json = try? JSONParser.parse(response.body), let id = json["AccessKeyId"]?.stringValue,
            let secret = json["SecretAccessKey"]?.stringValue
        else { throw .credentials("\(source) reply has no AccessKeyId/SecretAccessKey") }
        if let code = json["Code"]?.stringValue, code != "Success" { throw .credentials("\(source) says \(code)") }
        let expiration = json["Expiration"]?.stringValue.flatMap(CredentialTimestamp.epochSeconds)
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: json["Token"]?.stringValue, expiration: expiration)
    }

    static func send(_ http: HTTPClient, _ request: HTTPClientRequest, source: String) throws(DynamoDBError) -> HTTPClientResponse {
        do { return try http.send(request) } catch { throw .credentials("\(source): \(error)") }
    }
}
