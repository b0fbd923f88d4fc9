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
        // Eight passes of eight bits; a pass where every value has the same digit moves nothing.
        var spare = keyed
        keyed.withUnsafeMutableBufferPointer { from in
            spare.withUnsafeMutableBufferPointer { to in
                var source = from, target = to
                var inFrom = true
                for shift in stride(from: UInt64(0), to: 64, by: 8) {
                    var counts = [Int](repeating: 0, count: 256)
                    for item in source { counts[Int((item.value >> shift) & 0xFF)] += 1 }
                    if counts.contains(source.count) { continue }
                    var total = 0
                    for digit in 0..<256 {
                        let n = counts[digit]
                        counts[digit] = total
                        total += n
                    }
                    for item in source {
                        let digit = Int((item.value >> shift) & 0xFF)
                        target[counts[digit]] = item
                        counts[digit] += 1
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
