/// The levels of many pairs, and the same counted by pattern: EM works on the distinct patterns
/// (a few hundred) rather than the pairs (millions).
struct AgreementPatterns: Sendable {
    /// One row per pair, one level per comparison (-1 missing), row-major.
    var levels: [Int8]
    let width: Int

    var count: Int { width == 0 ? 0 : levels.count / width }
    subscript(pair: Int, comparison: Int) -> Int8 { levels[pair * width + comparison] }

    /// Levels of the given pairs, computed in parallel.
    init(table: PersonTable, comparisons: [Comparison], left: [Int32], right: [Int32]) {
        width = comparisons.count
        let n = left.count
        var out = [Int8](repeating: -1, count: n * comparisons.count)
        let w = comparisons.count
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            let chunks = Swift.max(1, Swift.min(64, n / 20_000))
            Parallel.forEach(chunks) { chunk in
                let lo = n * chunk / chunks, hi = n * (chunk + 1) / chunks
                // One comparison over the chunk's pairs, then the next: a comparison taken out of the
                // list once, not once a pair (each time retaining its closures, name and levels).
                for (k, comparison) in comparisons.enumerated() {
                    let level = comparison.level
                    for p in lo..<hi { base[p * w + k] = level(table, Int(left[p]), Int(right[p])) }
                }
            }
        }
        levels = out
    }

    init(levels: [Int8], width: Int) {
        self.levels = levels
        self.width = width
    }

    /// How many pairs are at each level of each comparison (`levels`: how many each has), missing left
    /// out: one pass over the pairs' levels as they lie, not a pass a comparison through the subscript.
    func levelCounts(levels: [Int]) -> [[Int]] {
        precondition(levels.count == width && levels.allSatisfy { $0 <= 16 }, "a number of levels, at most 16, for each comparison")
        // Each comparison's counts at 16 a comparison (a level is at most 15), in one array.
        var counts = [Int](repeating: 0, count: width * 16)
        counts.withUnsafeMutableBufferPointer { counts in
            self.levels.withUnsafeBufferPointer { all in
                var k = 0
                for level in all {
                    if level >= 0 { counts[k &* 16 &+ Int(level)] &+= 1 }
                    k = k &+ 1 == width ? 0 : k &+ 1
                }
            }
        }
        return levels.enumerated().map { k, n in Array(counts[k * 16..<k * 16 + n]) }
    }

    /// Distinct patterns with how many pairs have each; `only` picks pairs (nil: all).
    func counted(only: ((Int) -> Bool)? = nil) -> [PatternCount] {
        var counts: [UInt64: Double] = [:]
        for p in 0..<count where only?(p) ?? true {
            var key: UInt64 = 0
            for k in 0..<width { key = key << 4 | UInt64(UInt8(bitPattern: self[p, k]) & 0x0F) }
            counts[key, default: 0] += 1
        }
        // Most common first, ties in the patterns' order: never the dictionary's, which differs from one
        // dictionary to the next and would change the order EM adds in (and so its last digits).
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { key, n in
            var levels = [Int8](repeating: -1, count: width)
            var k = key
            for c in stride(from: width - 1, through: 0, by: -1) {
                let v = Int8(k & 0x0F)
                levels[c] = v == 0x0F ? -1 : v
                k >>= 4
            }
            return PatternCount(levels: levels, count: n)
        }
    }
}

/// One agreement pattern and how many pairs show it.
public struct PatternCount: Sendable {
    public var levels: [Int8]
    public var count: Double

    public init(levels: [Int8], count: Double) {
        self.levels = levels
        self.count = count
    }
}
