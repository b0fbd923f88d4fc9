import Foundation
import Testing
import LacunaCore
@testable import Linkage

@Suite("Training: EM recovers m and u; u by random sampling")
struct ExpectationMaximisationTests {
    /// Pairs drawn from a known model (λ, m, u; comparisons independent given match status).
    static func generate(lambda: Double, m: [[Double]], u: [[Double]], pairs: Int, seed: UInt64) -> [PatternCount] {
        var random = SeededRandom(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func draw(_ p: [Double]) -> Int8 {
            var x = unit()
            for (l, q) in p.enumerated() {
                x -= q
                if x < 0 { return Int8(l) }
            }
            return Int8(p.count - 1)
        }
        var counts: [[Int8]: Double] = [:]
        for _ in 0..<pairs {
            let match = unit() < lambda
            let levels = (0..<m.count).map { k in draw(match ? m[k] : u[k]) }
            counts[levels, default: 0] += 1
        }
        return counts.map { PatternCount(levels: $0.key, count: $0.value) }
    }

    @Test("EM recovers known m, u and λ from pattern counts")
    func recoversKnownParameters() {
        let m: [[Double]] = [[0.85, 0.10, 0.05], [0.90, 0.07, 0.03], [0.80, 0.15, 0.05], [0.95, 0.05]]
        let u: [[Double]] = [[0.01, 0.04, 0.95], [0.02, 0.08, 0.90], [0.05, 0.15, 0.80], [0.50, 0.50]]
        let patterns = Self.generate(lambda: 0.2, m: m, u: u, pairs: 200_000, seed: 11)
        let start = FellegiSunterParameters(
            lambda: 0.5, m: m.map { FellegiSunterParameters.startingM(levels: $0.count) },
            u: u.map { [Double](repeating: 1 / Double($0.count), count: $0.count) })
        let fitted = ExpectationMaximisation.estimate(patterns: patterns, start: start, estimateU: true, maxIterations: 500,
                                                      tolerance: 1e-9)
        #expect(abs(fitted.lambda - 0.2) < 0.01)
        for k in m.indices {
            for l in m[k].indices {
                #expect(abs(fitted.m[k][l] - m[k][l]) < 0.02, "m[\(k)][\(l)] = \(fitted.m[k][l]), truth \(m[k][l])")
                #expect(abs(fitted.u[k][l] - u[k][l]) < 0.02, "u[\(k)][\(l)] = \(fitted.u[k][l]), truth \(u[k][l])")
            }
        }
    }

    @Test("with u fixed, EM recovers m; a fixed comparison keeps its m")
    func fixedU() {
        let m: [[Double]] = [[0.7, 0.2, 0.1], [0.85, 0.1, 0.05], [0.9, 0.1]]
        let u: [[Double]] = [[0.02, 0.08, 0.90], [0.01, 0.09, 0.9], [0.1, 0.9]]
        let patterns = Self.generate(lambda: 0.05, m: m, u: u, pairs: 300_000, seed: 5)
        let startM = [FellegiSunterParameters.startingM(levels: 3), FellegiSunterParameters.startingM(levels: 3), [0.6, 0.4]]
        let fitted = ExpectationMaximisation.estimate(patterns: patterns, start: FellegiSunterParameters(lambda: 0.3, m: startM, u: u),
                                                      fixed: [2], maxIterations: 500, tolerance: 1e-9)
        #expect(fitted.m[2] == [0.6, 0.4])
        for k in 0..<2 { for l in 0..<3 { #expect(abs(fitted.m[k][l] - m[k][l]) < 0.03, "m[\(k)][\(l)] = \(fitted.m[k][l])") } }
        #expect(fitted.u == u)
    }

    @Test("u by random sampling is the chance of each level between people")
    func uFromSampling() {
        var table = PersonTable()
        // 200 people: sex alternates, so u(same sex) ≈ 0.5; each date of birth shared by two people.
        for i in 0..<200 {
            table.append(id: "\(i)", PersonFields([.sex: i % 2 == 0 ? "F" : "M", .dob: "1970-01-\(String(format: "%02d", i / 2 % 28 + 1))"]))
        }
        let comparisons = [ComparisonLibrary.sex]
        let u = RandomSampling.estimateU(table: table, comparisons: comparisons, sampleSize: 1_000_000, acrossSides: false, seed: 1)
        #expect(abs(u[0][0] - 99.0 / 199.0) < 0.001)   // every pair counted: 99 of each person's 199 share their sex
    }

    @Test("each comparison's level counts, in one pass over the pairs, are its column's counted one pair at a time")
    func levelCounts() {
        var generator = SeededRandom(seed: 9)
        let sizes = [3, 8, 1, 16, 2]
        // Levels of 5,000 pairs, missing (-1) among them, every level of every comparison met.
        let levels = (0..<5_000).flatMap { _ in sizes.map { n in Int8(Int(generator.next() % UInt64(n + 1)) - 1) } }
        let patterns = AgreementPatterns(levels: levels, width: sizes.count)
        let counted = patterns.levelCounts(levels: sizes)
        for (k, n) in sizes.enumerated() {
            var expected = [Int](repeating: 0, count: n)
            for p in 0..<patterns.count where patterns[p, k] >= 0 { expected[Int(patterns[p, k])] += 1 }
            #expect(counted[k] == expected, "comparison \(k)")
        }
    }
}
