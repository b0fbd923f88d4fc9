/// About `atMost` of the pairs the blocking rules compare (`CandidatePairs`), at an even stride, each
/// standing for `standsFor` of them: what a large register's prior (λ) is estimated from.
///
/// Where the blocks hold few pairs, they are all found and every `standsFor`-th kept. Where they hold
/// many (a large register's common names and postcodes: their pairs grow with its square), finding them
/// all to keep one in seventy was a third of training's time at 100,000 patients (11 million pairs,
/// 90 MB); the stride is then taken through each block's pairs as positions (a patient by a trace), and
/// a pair at the stride that an earlier rule compared is left out, as `CandidatePairs` leaves it out,
/// rather than looked for: the pairs kept are still an even sample of those compared, each standing for
/// `standsFor`.
struct PairSample {
    var left: [Int32] = []
    var right: [Int32] = []
    /// How many compared pairs each pair kept stands for.
    var standsFor = 1

    /// Where the blocks' pair positions number at most this many times `atMost`, their pairs are all found
    /// and strided as training always took them (a 10,000-patient drill has some 190,000 positions).
    static let foundWhole = 4

    init(table: PersonTable, rules: [BlockingRule], acrossSides: Bool, largestBlock: Int, atMost: Int) {
        let blocks = RuleBlocks(table: table, rules: rules)
        let atMost = max(atMost, 1)
        var positions = 0
        for r in rules.indices {
            blocks.forEachBlock(rule: r) { start, end in
                positions += Self.pairPositions(blocks, start, end, rule: r, acrossSides: acrossSides, largestBlock: largestBlock)
                return true
            }
        }
        if positions <= atMost * Self.foundWhole {
            let all = CandidatePairs(blocks, acrossSides: acrossSides, largestBlock: largestBlock)
            standsFor = max(1, (all.count + atMost - 1) / atMost)
            for k in Swift.stride(from: 0, to: all.count, by: standsFor) {
                left.append(all.left[k])
                right.append(all.right[k])
            }
            return
        }
        standsFor = (positions + atMost - 1) / atMost
        left.reserveCapacity(atMost)
        right.reserveCapacity(atMost)
        // The stride through every rule's blocks in turn: `next` is the first position at it in the
        // block at hand.
        var next = 0
        for r in rules.indices {
            blocks.forEachBlock(rule: r) { start, end in
                let count = Self.pairPositions(blocks, start, end, rule: r, acrossSides: acrossSides, largestBlock: largestBlock)
                guard count > 0 else { return true }
                if next < count {
                    keep(blocks, start, end, rule: r, acrossSides: acrossSides, from: next, below: count)
                    next += ((count - next + standsFor - 1) / standsFor) * standsFor
                }
                next -= count
                return true
            }
        }
    }

    /// The pair positions of the block `members[rule][start..<end]`: a patient by a trace across sides,
    /// every two rows otherwise; none for a block of one or one over `largestBlock`.
    private static func pairPositions(_ blocks: RuleBlocks, _ start: Int, _ end: Int, rule: Int, acrossSides: Bool,
                                      largestBlock: Int) -> Int {
        let size = end - start
        guard size > 1, size <= largestBlock else { return 0 }
        guard acrossSides else { return size * (size - 1) / 2 }
        var traces = 0
        for k in start..<end where blocks.side[Int(blocks.members[rule][k])] == 1 { traces += 1 }
        return (size - traces) * traces
    }

    /// Keeps the pairs at positions `from`, `from + standsFor`, … below `count` of the block, but those
    /// an earlier rule compared.
    private mutating func keep(_ blocks: RuleBlocks, _ start: Int, _ end: Int, rule: Int, acrossSides: Bool, from: Int, below count: Int) {
        let members = blocks.members[rule][start..<end].map { Int($0) }
        if acrossSides {
            // Patients (side 0) by traces (side 1), each in the block's order.
            let patients = members.filter { blocks.side[$0] != 1 }, traces = members.filter { blocks.side[$0] == 1 }
            for position in Swift.stride(from: from, to: count, by: standsFor) {
                let a = patients[position / traces.count], b = traces[position % traces.count]
                if blocks.foundEarlier(a, b, before: rule) { continue }
                left.append(Int32(a))
                right.append(Int32(b))
            }
            return
        }
        // Every two rows, the first before the second: positions run through the first's pairs, then the next's.
        var x = 0, firstOfX = 0
        for position in Swift.stride(from: from, to: count, by: standsFor) {
            while position >= firstOfX + (members.count - 1 - x) {
                firstOfX += members.count - 1 - x
                x += 1
            }
            let a = members[x], b = members[x + 1 + position - firstOfX]
            if blocks.foundEarlier(a, b, before: rule) { continue }
            left.append(Int32(min(a, b)))
            right.append(Int32(max(a, b)))
        }
    }
}
