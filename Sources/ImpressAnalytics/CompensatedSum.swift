/// A floating-point sum with Neumaier's compensation: the result is the correctly rounded
/// sum for any realistic input, so averages do not change with the order pages arrive in
/// (a plain `+=` can differ in the last bits, which rounding to 2 decimals can expose).
struct CompensatedSum: Sendable {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    var value: Double { sum + compensation }
}
