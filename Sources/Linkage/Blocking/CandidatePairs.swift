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
        self.init(RuleBlocks(table: table, rules: rules), acrossSides: acrossSides, largestBlock: largestBlock, limit: limit)
    }

    /// The pairs of blocks already found.
    init(_ blocks: RuleBlocks, acrossSides: Bool, largestBlock: Int, limit: Int = .max) {
        let side = blocks.side
        for r in blocks.rules.indices {
            let members = blocks.members[r]
            blocks.forEachBlock(rule: r) { start, end in
                guard left.count < limit else { return false }
                let size = end - start
                if size > largestBlock {
                    largeBlocks.append((blocks.rules[r].description, size))
                } else if size > 1 {
                    for x in start..<(end - 1) {
                        let a = Int(members[x])
                        for y in (x + 1)..<end {
                            let b = Int(members[y])
                            if acrossSides && side[a] == side[b] { continue }
                            if blocks.foundEarlier(a, b, before: r) { continue }
                            let (l, rr) = acrossSides && side[a] == 1 ? (b, a) : (min(a, b), max(a, b))
                            left.append(Int32(l))
                            right.append(Int32(rr))
                        }
                    }
                }
                return true
            }
        }
    }
}

/// Each blocking rule's blocks: the rows with a value for it, by value and then by row (as a stable sort
/// by value leaves them), a block being a run of one value; and each row's block under every rule, by
/// which a pair an earlier rule found is known.
///
/// A rule's rows are kept as rows, with where each block ends, not beside their values: the values and
/// rows of every rule side by side were 27 MB at 100,000 patients, held through training where linking
/// holds the most; sorted side by side one rule at a time, they are let go once the rule's blocks are known.
/// A row's block under a rule is its number (four bytes), not the rule's value for it (eight): two rows
/// have one value exactly where they are in one block. Every rule's values made first and kept were
/// 22 MB at 100,000 patients, at the run's high-water mark of memory.
struct RuleBlocks {
    let rules: [BlockingRule]
    /// `blockOf[r][row]`: the number of the row's block under rule `r` (its place in `ends[r]`); -1 where
    /// the row has no value for the rule.
    let blockOf: [[Int32]]
    /// `members[r]`: the rows with a value for rule `r`, by value then row.
    let members: [[Int32]]
    /// `ends[r]`: where each of rule `r`'s blocks ends in `members[r]`, in order.
    let ends: [[Int32]]
    /// Each row's side of the table (0 or 1).
    let side: [UInt8]

    init(table: PersonTable, rules: [BlockingRule]) {
        self.rules = rules
        side = table.side
        var members: [[Int32]] = [], ends: [[Int32]] = [], blockOf: [[Int32]] = []
        for rule in rules {
            let v = rule.values(in: table)
            // Sorted as pairs side by side, not rows compared through a look-up of their values.
            var keyed: [(value: UInt64, row: Int32)] = []
            keyed.reserveCapacity(v.count)
            for row in v.indices where v[row] != BlockingRule.missing { keyed.append((v[row], Int32(row))) }
            ValueOrder.sort(&keyed)
            func endsBlock(_ k: Int) -> Bool { k + 1 == keyed.count || keyed[k + 1].value != keyed[k].value }
            var rows: [Int32] = [], blockEnds: [Int32] = []
            var blocks = [Int32](repeating: -1, count: v.count)
            rows.reserveCapacity(keyed.count)
            blockEnds.reserveCapacity(keyed.indices.reduce(0) { $0 + (endsBlock($1) ? 1 : 0) })
            for k in keyed.indices {
                rows.append(keyed[k].row)
                blocks[Int(keyed[k].row)] = Int32(blockEnds.count)
                if endsBlock(k) { blockEnds.append(Int32(k + 1)) }
            }
            members.append(rows)
            ends.append(blockEnds)
            blockOf.append(blocks)
        }
        self.members = members
        self.ends = ends
        self.blockOf = blockOf
    }

    /// Calls `body` with the bounds (start, end) in `members[rule]` of each of the rule's blocks in order,
    /// until it returns false.
    func forEachBlock(rule r: Int, _ body: (Int, Int) -> Bool) {
        var start = 0
        for end in ends[r] {
            guard body(start, Int(end)) else { return }
            start = Int(end)
        }
    }

    /// Whether a rule before `rule` gives rows `a` and `b` the same value (they were compared there).
    func foundEarlier(_ a: Int, _ b: Int, before rule: Int) -> Bool {
        for s in 0..<rule {
            let block = blockOf[s][a]
            if block >= 0 && block == blockOf[s][b] { return true }
        }
        return false
    }
}
