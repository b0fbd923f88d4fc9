/// The pairs a model compares: the union of its blocking rules, each pair once (a pair an earlier
/// rule found is not found again).
struct CandidatePairs: Sendable {
    var left: [Int32] = []
    var right: [Int32] = []
    /// Blocks not compared because they were larger than the cap (said in the notes).
    var largeBlocks: [(rule: String, people: Int)] = []

    var count: Int { left.count }

    /// Pairs of one list (`acrossSides` false) or between the two sides of a table.
    /// `limit` stops after that many pairs (blocks come in the order of their hashed keys: a random
    /// order), for training on a sample.
    init(table: PersonTable, rules: [BlockingRule], acrossSides: Bool, largestBlock: Int, limit: Int = .max) {
        let values = rules.map { $0.values(in: table) }
        for (r, rule) in rules.enumerated() {
            let v = values[r]
            // Each person with a value, by value and then by row (as a stable sort by value leaves them):
            // sorted as pairs side by side, not rows compared through a look-up of their values.
            var keyed: [(value: UInt64, row: Int32)] = []
            keyed.reserveCapacity(table.count)
            for row in v.indices where v[row] != BlockingRule.missing { keyed.append((v[row], Int32(row))) }
            ValueOrder.sort(&keyed)
            var start = 0
            while start < keyed.count && left.count < limit {
                var end = start + 1
                let key = keyed[start].value
                while end < keyed.count && keyed[end].value == key { end += 1 }
                let size = end - start
                if size > largestBlock {
                    largeBlocks.append((rule.description, size))
                } else if size > 1 {
                    for x in start..<(end - 1) {
                        let a = Int(keyed[x].row)
                        for y in (x + 1)..<end {
                            let b = Int(keyed[y].row)
                            if acrossSides && table.side[a] == table.side[b] { continue }
                            var earlier = false
                            for s in 0..<r {
                                let va = values[s][a]
                                if va != BlockingRule.missing && va == values[s][b] { earlier = true; break }
                            }
                            if earlier { continue }
                            let (l, rr) = acrossSides && table.side[a] == 1 ? (b, a) : (min(a, b), max(a, b))
                            left.append(Int32(l))
                            right.append(Int32(rr))
                        }
                    }
                }
                start = end
            }
        }
    }
}
