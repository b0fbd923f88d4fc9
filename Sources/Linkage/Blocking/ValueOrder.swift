/// Rows with a blocking value put in order of value, and of row where values are equal: what
/// `sort { ($0.value, $0.row) < ($1.value, $1.row) }` gives, by a radix sort of the values.
///
/// Every blocking rule orders every person this way, several times a training (λ's pairs, each
/// training rule's): a comparison sort of some 28,000 rows a rule was 2% of a run at 10,000 patients.
/// A least-significant-digit radix sort keeps the order of rows with equal digits, so rows handed over
/// in ascending order (as a table's are) come out by value and then by row, as the comparison sort
/// left them. Any other order is sorted the comparison way.
enum ValueOrder {
    /// Below this many rows the comparison sort is as quick.
    static let smallest = 256

    static func sort(_ keyed: inout [(value: UInt64, row: Int32)]) {
        let rowsAscending = zip(keyed, keyed.dropFirst()).allSatisfy { $0.row < $1.row }
        guard keyed.count >= smallest, rowsAscending else {
            keyed.sort { ($0.value, $0.row) < ($1.value, $1.row) }
            return
        }
        // Eight passes of eight bits; a pass where every value has the same digit moves nothing. Each
        // digit's counts are the same whatever order the rows are in: all eight counted in one reading
        // of the rows (a reading a pass was half the sort's cost).
        var spare = keyed
        keyed.withUnsafeMutableBufferPointer { from in
            spare.withUnsafeMutableBufferPointer { to in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 8 * 256) { counts in
                    counts.initialize(repeating: 0)
                    for item in from {
                        var value = item.value
                        for digit in 0..<8 {
                            counts[digit << 8 | Int(value & 0xFF)] += 1
                            value >>= 8
                        }
                    }
                    var source = from, target = to
                    var inFrom = true
                    for digit in 0..<8 {
                        let base = digit << 8, shift = UInt64(digit * 8)
                        if counts[base | Int((source[0].value >> shift) & 0xFF)] == source.count { continue }
                        var total = 0
                        for place in base..<base + 256 {
                            let n = counts[place]
                            counts[place] = total
                            total += n
                        }
                        for item in source {
                            let place = base | Int((item.value >> shift) & 0xFF)
                            target[counts[place]] = item
                            counts[place] += 1
                        }
                        swap(&source, &target)
                        inFrom.toggle()
                    }
                    // Where an odd number of passes moved the rows, they are in the spare buffer.
                    if !inFrom { from.baseAddress!.update(from: to.baseAddress!, count: from.count) }
                }
            }
        }
    }
}
