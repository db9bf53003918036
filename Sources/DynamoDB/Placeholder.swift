enum DynamoDBPlaceholder {}
