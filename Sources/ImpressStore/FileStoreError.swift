/// Why the embedded store could not load its file. The daemon prints the description as its
/// one start-up error line and exits 2 (API.md §5), so it names the file and the line.
public enum FileStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A line is not a valid item; `line` counts from 1.
    case malformedItem(line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .malformedItem(line, reason): return "line \(line): \(reason)"
        }
    }
}
