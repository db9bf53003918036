/// A configuration or start-up problem, with a message fit for one log line.
public struct ServerError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
