extension [UInt8] {
    /// Appends a literal's bytes with one copy: through `String.UTF8View` each fixed piece of
    /// a CGI head or log line cost a generic append of its own (about a tenth of a `/health`).
    mutating func append(literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
