import ImpressModel

/// The parameters of one `Query` or `Scan` page (DynamoDB API Reference, Query and Scan).
/// A `Query` has a key condition; a `Scan` has none and may name a segment of a parallel scan.
public struct ReadInput: Sendable, Equatable {
    public var tableName: String
    public var indexName: String?
    public var keyConditionExpression: String?
    public var filterExpression: String?
    /// Placeholders for attribute names (`#ts` → `timestamp`, a reserved word).
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var scanIndexForward: Bool?
    /// The most items to evaluate (before the filter) for this page.
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var segment: Int?
    public var totalSegments: Int?

    public init(
        tableName: String, indexName: String? = nil, keyConditionExpression: String? = nil,
        filterExpression: String? = nil, expressionAttributeNames: [String: String] = [:],
        expressionAttributeValues: Item = [:], scanIndexForward: Bool? = nil, limit: Int? = nil,
        exclusiveStartKey: Item? = nil, segment: Int? = nil, totalSegments: Int? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.segment = segment
        self.totalSegments = totalSegments
    }
}
