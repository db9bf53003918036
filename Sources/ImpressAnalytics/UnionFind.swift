/// Disjoint sets over dense ids 0..<count (union by size, path halving), for the identity
/// graph's connected components.
struct UnionFind: Sendable {
    private var parent: [UInt32]
    private var size: [UInt32]

    init(count: Int) {
        parent = (0..<count).map { UInt32(truncatingIfNeeded: $0) }
        size = Array(repeating: 1, count: count)
    }

    /// The representative of `x`'s set.
    mutating func find(_ x: UInt32) -> UInt32 {
        var x = x
        while parent[Int(x)] != x {
            let grandparent = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grandparent
            x = grandparent
        }
        return x
    }

    mutating func union(_ a: UInt32, _ b: UInt32) {
        var rootA = find(a)
        var rootB = find(b)
        guard rootA != rootB else { return }
        if size[Int(rootA)] < size[Int(rootB)] { swap(&rootA, &rootB) }
        parent[Int(rootB)] = rootA
        size[Int(rootA)] &+= size[Int(rootB)]
    }
}
