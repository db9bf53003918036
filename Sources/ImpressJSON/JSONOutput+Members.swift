extension JSONOutput {
    // One member of an object, name and value, for the value kinds most members have: a body
    // reads as the contract's list of members, one line each.

    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        int(value)
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// A string member; `null` when absent.
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func member<Strings: Sequence>(_ name: StaticString, strings values: Strings)
    where Strings.Element == String {
        key(name)
        strings(values)
    }
}
