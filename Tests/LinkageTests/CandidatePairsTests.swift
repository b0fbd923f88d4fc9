import Testing
import LacunaCore
@testable import Linkage

/// Blocking's pairs are what training counts, in the order it counts them: any change to which pairs
/// are found, or to their order, moves the model's parameters in their last bits, and so every weight.
@Suite("The pairs blocking finds")
struct CandidatePairsTests {
    /// Each pair as the first form of blocking found them: every two rows of a block, one after the
    /// other, looked up in the table for their sides and for the values the earlier rules gave them.
    static func lookedUpPairByPair(table: PersonTable, rules: [BlockingRule], acrossSides: Bool, largestBlock: Int,
                                   limit: Int) -> (left: [Int32], right: [Int32], large: [String]) {
        let values = rules.map { $0.values(in: table) }
        var left: [Int32] = [], right: [Int32] = [], large: [String] = []
        for (r, rule) in rules.enumerated() {
            let keyed = values[r].indices.filter { values[r][$0] != BlockingRule.missing }
                .map { (value: values[r][$0], row: $0) }
                .sorted { ($0.value, $0.row) < ($1.value, $1.row) }
            var start = 0
            while start < keyed.count && left.count < limit {
                var end = start + 1
                while end < keyed.count && keyed[end].value == keyed[start].value { end += 1 }
                if end - start > largestBlock {
                    large.append("\(rule.description) \(end - start)")
                } else {
                    for x in start..<end {
                        for y in (x + 1)..<max(x + 1, end) {
                            let a = keyed[x].row, b = keyed[y].row
                            if acrossSides && table.side[a] == table.side[b] { continue }
                            if (0..<r).contains(where: { values[$0][a] != BlockingRule.missing && values[$0][a] == values[$0][b] }) { continue }
                            let (l, rr) = acrossSides && table.side[a] == 1 ? (b, a) : (min(a, b), max(a, b))
                            left.append(Int32(l))
                            right.append(Int32(rr))
                        }
                    }
                }
                start = end
            }
        }
        return (left, right, large)
    }

    /// A table of `count` people drawn from few names and dates (so blocks are large and rules overlap),
    /// some fields missing, the sides mixed in any order (a run of one side, then the other, then mixed).
    static func table(count: Int, seed: UInt64) -> PersonTable {
        var random = SeededRandom(seed: seed)
        let families = ["Ngata", "Walker", "Singh", "Nguyen", "Smith", "Tipene"]
        let givens = ["Aroha", "Jack", "Harpreet", "Mai", "Olivia", "Oliver", "Jane"]
        var table = PersonTable()
        for row in 0..<count {
            var fields = PersonFields()
            if random.next() % 10 != 0 { fields[.family] = families[Int(random.next() % UInt64(families.count))] }
            if random.next() % 8 != 0 { fields[.given] = givens[Int(random.next() % UInt64(givens.count))] }
            if random.next() % 4 != 0 { fields[.dob] = "19\(50 + random.next() % 4)-0\(1 + random.next() % 2)-1\(random.next() % 3)" }
            if random.next() % 3 == 0 { fields[.phone] = "02\(random.next() % 9)555" }
            // A chart number most rows have alone, a few share (blocks of one, first and between the others).
            if random.next() % 2 == 0 { fields[.identifier] = "C\(random.next() % UInt64(2 * count))" }
            let side: UInt8 = row < count / 4 ? 0 : row < count / 3 ? 1 : UInt8(random.next() % 2)
            table.append(id: "P\(row)", side: side, fields)
        }
        return table
    }

    @Test("the same pairs in the same order as looked up pair by pair: across sides or not, earlier rules' pairs left out, large blocks set aside, a limit")
    func samePairsInOrder() {
        let rules = [BlockingRule(.identifier), BlockingRule(.family, .given), BlockingRule(.dob), BlockingRule(.phone), BlockingRule(.family)]
        for (count, seed) in [(2, 1), (40, 2), (300, 3), (1_500, 4)] as [(Int, UInt64)] {
            let table = Self.table(count: count, seed: seed)
            for acrossSides in [true, false] {
                for (largest, limit) in [(2_000, Int.max), (60, Int.max), (2_000, 500)] {
                    let found = CandidatePairs(table: table, rules: rules, acrossSides: acrossSides, largestBlock: largest, limit: limit)
                    let expected = Self.lookedUpPairByPair(table: table, rules: rules, acrossSides: acrossSides,
                                                          largestBlock: largest, limit: limit)
                    let what = "\(count) people, across sides \(acrossSides), largest \(largest), limit \(limit)"
                    #expect(found.left == expected.left, "\(what)")
                    #expect(found.right == expected.right, "\(what)")
                    #expect(found.largeBlocks.map { "\($0.rule) \($0.people)" } == expected.large, "\(what)")
                    if count >= 300 && largest == 2_000 && limit == .max { #expect(found.count > count, "\(what): blocks this dense pair many") }
                }
            }
        }
    }

    /// Every pair position of every rule's blocks in order (a patient by a trace across sides, patients
    /// and traces each in the block's order; every two rows otherwise), each with whether an earlier rule
    /// compared it: what `PairSample` strides through, written out whole.
    static func positions(table: PersonTable, rules: [BlockingRule], acrossSides: Bool, largestBlock: Int)
        -> [(left: Int32, right: Int32, earlier: Bool)] {
        let values = rules.map { $0.values(in: table) }
        var all: [(left: Int32, right: Int32, earlier: Bool)] = []
        for r in rules.indices {
            let blocks = Dictionary(grouping: values[r].indices.filter { values[r][$0] != BlockingRule.missing }) { values[r][$0] }
            for value in blocks.keys.sorted() {
                let rows = blocks[value]!.sorted()
                guard rows.count > 1, rows.count <= largestBlock else { continue }
                func earlier(_ a: Int, _ b: Int) -> Bool {
                    (0..<r).contains { values[$0][a] != BlockingRule.missing && values[$0][a] == values[$0][b] }
                }
                if acrossSides {
                    for a in rows where table.side[a] != 1 {
                        for b in rows where table.side[b] == 1 { all.append((Int32(a), Int32(b), earlier(a, b))) }
                    }
                } else {
                    for x in rows.indices { for y in rows.indices where y > x { all.append((Int32(rows[x]), Int32(rows[y]), earlier(rows[x], rows[y]))) } }
                }
            }
        }
        return all
    }

    @Test("a sample of few blocks' pairs is every so-many of the pairs blocking finds, as training took them before")
    func smallSampleAsBefore() {
        let rules = [BlockingRule(.family, .given), BlockingRule(.dob), BlockingRule(.phone), BlockingRule(.family)]
        let table = Self.table(count: 300, seed: 3)
        for acrossSides in [true, false] {
            let all = CandidatePairs(table: table, rules: rules, acrossSides: acrossSides, largestBlock: 2_000)
            let positions = Self.positions(table: table, rules: rules, acrossSides: acrossSides, largestBlock: 2_000).count
            for atMost in [all.count * 2, all.count, all.count / 3] {
                #expect(positions <= atMost * PairSample.foundWhole, "few enough to be found whole")
                let sample = PairSample(table: table, rules: rules, acrossSides: acrossSides, largestBlock: 2_000, atMost: atMost)
                let step = (all.count + atMost - 1) / atMost
                let picked = Array(Swift.stride(from: 0, to: all.count, by: step))
                #expect(sample.standsFor == step, "across sides \(acrossSides), at most \(atMost)")
                #expect(sample.left == picked.map { all.left[$0] }, "across sides \(acrossSides), at most \(atMost)")
                #expect(sample.right == picked.map { all.right[$0] }, "across sides \(acrossSides), at most \(atMost)")
            }
        }
    }

    @Test("a sample of many blocks' pairs: every so-many position through the blocks, those an earlier rule compared left out, each a pair blocking finds once, about as many as it finds")
    func largeSampleByPosition() {
        let rules = [BlockingRule(.family, .given), BlockingRule(.dob), BlockingRule(.phone), BlockingRule(.family)]
        let table = Self.table(count: 1_500, seed: 4)
        for acrossSides in [true, false] {
            for largest in [2_000, 60] {
                let what = "across sides \(acrossSides), largest \(largest)"
                let positions = Self.positions(table: table, rules: rules, acrossSides: acrossSides, largestBlock: largest)
                let all = CandidatePairs(table: table, rules: rules, acrossSides: acrossSides, largestBlock: largest)
                let atMost = positions.count / (PairSample.foundWhole * 3)
                let sample = PairSample(table: table, rules: rules, acrossSides: acrossSides, largestBlock: largest, atMost: atMost)
                let step = (positions.count + atMost - 1) / atMost
                #expect(sample.standsFor == step, "\(what)")
                let expected = Swift.stride(from: 0, to: positions.count, by: step).map { positions[$0] }.filter { !$0.earlier }
                #expect(sample.left == expected.map(\.left), "\(what)")
                #expect(sample.right == expected.map(\.right), "\(what)")
                // Each a pair blocking finds, none twice, and standing for about as many as it finds.
                let found = Set(zip(all.left, all.right).map { Int64($0) << 32 | Int64($1) })
                let kept = zip(sample.left, sample.right).map { Int64($0) << 32 | Int64($1) }
                #expect(kept.allSatisfy(found.contains), "\(what)")
                #expect(Set(kept).count == kept.count, "\(what)")
                let estimate = Double(kept.count * sample.standsFor)
                #expect(abs(estimate - Double(all.count)) < 0.1 * Double(all.count), "\(what): \(estimate) for \(all.count)")
            }
        }
    }
}
