import DynamoDB
import Testing

@Suite struct DynamoDBConfigurationTests {
    @Test func defaults() throws {
        let c = try DynamoDBConfiguration.fromEnvironment([:])
        #expect(c.region == "eu-south-2")
        #expect(c.tableName == "fingerprint-events")
        #expect(c.endpoint == "https://dynamodb.eu-south-2.amazonaws.com")
    }

    @Test(arguments: [
        (["AWS_REGION": "us-east-1"], "https://dynamodb.us-east-1.amazonaws.com"),
        (["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"], "http://127.0.0.1:5000"),
        (["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_DYNAMODB": "https://b:2"], "https://b:2"),
    ])
    func endpointPrecedence(env: [String: String], endpoint: String) throws {
        #expect(try DynamoDBConfiguration.fromEnvironment(env).endpoint == endpoint)
    }

    @Test(arguments: [
        ["AWS_REGION": "EU South"], ["DYNAMODB_TABLE": "a"], ["DYNAMODB_TABLE": "bad table"],
        ["AWS_ENDPOINT_URL": "ftp://x"], ["AWS_ENDPOINT_URL_DYNAMODB": "http://x/path"],
        ["AWS_ENDPOINT_URL": "http://user:pw@x"],
    ])
    func refusesBadValues(env: [String: String]) {
        #expect(throws: DynamoDBConfiguration.Error.self) { try DynamoDBConfiguration.fromEnvironment(env) }
    }
}
