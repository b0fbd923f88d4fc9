import LacunaCore

/// u, the chance of each level between two different people, from pairs picked at random: almost all
/// random pairs are different people.
enum RandomSampling {
    static func estimateU(table: PersonTable, comparisons: [Comparison], sampleSize: Int, acrossSides: Bool,
                          seed: UInt64) -> [[Double]] {
        var generator = SeededRandom(seed: seed)
        let sideA = acrossSides ? (0..<table.count).filter { table.side[$0] == 0 } : []
        let sideB = acrossSides ? (0..<table.count).filter { table.side[$0] == 1 } : []
        var left: [Int32] = [], right: [Int32] = []
        left.reserveCapacity(sampleSize)
        right.reserveCapacity(sampleSize)
        let n = table.count
        guard acrossSides ? (!sideA.isEmpty && !sideB.isEmpty) : n > 1 else {
            return comparisons.map { c in [Double](repeating: 1 / Double(c.levels.count), count: c.levels.count) }
        }
        let possible = acrossSides ? sideA.count * sideB.count : n * (n - 1) / 2
        if possible <= sampleSize {
            // Small lists: every pair.
            if acrossSides {
                for a in sideA { for b in sideB { left.append(Int32(a)); right.append(Int32(b)) } }
            } else {
                for a in 0..<n { for b in (a + 1)..<n { left.append(Int32(a)); right.append(Int32(b)) } }
            }
        } else {
            while left.count < sampleSize {
                let a: Int, b: Int
                if acrossSides {
                    a = sideA[Int(generator.next() % UInt64(sideA.count))]
                    b = sideB[Int(generator.next() % UInt64(sideB.count))]
                } else {
                    a = Int(generator.next() % UInt64(n))
                    b = Int(generator.next() % UInt64(n))
                    if a == b { continue }
                }
                left.append(Int32(a))
                right.append(Int32(b))
            }
        }
        let patterns = AgreementPatterns(table: table, comparisons: comparisons, left: left, right: right)
        let tally = patterns.levelCounts(levels: comparisons.map(\.levels.count))
        return comparisons.enumerated().map { k, c in
            let counts = tally[k].map(Double.init)
            let seen = counts.reduce(0, +)
            guard seen > 0 else { return [Double](repeating: 1 / Double(c.levels.count), count: c.levels.count) }
            var u = counts.map { $0 / seen }
            // An exact match on an identifier is too rare for a sample to see often: the value counts
            // give it exactly. Levels never seen get half a pair.
            if counts[0] < 30, let exact = c.exactChance?(table), exact > 0 { u[0] = exact }
            for l in u.indices where counts[l] == 0 && l != 0 { u[l] = 0.5 / seen }
            if u[0] == 0 { u[0] = 0.5 / seen }
            return FellegiSunterParameters.normalised(u)
        }
    }
}
