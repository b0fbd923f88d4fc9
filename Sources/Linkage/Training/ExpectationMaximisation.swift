import Foundation

/// Estimates m (and λ, and optionally u) by expectation maximisation over agreement-pattern counts,
/// assuming comparisons independent given match status. Comparisons in `fixed` are left out of the
/// likelihood and keep their m: a session trained on pairs blocked by date of birth learns nothing
/// about date of birth, which all its pairs share.
public enum ExpectationMaximisation {
    public static func estimate(patterns: [PatternCount], start: FellegiSunterParameters, fixed: Set<Int> = [],
                                estimateU: Bool = false, maxIterations: Int = 100,
                                tolerance: Double = 1e-6) -> FellegiSunterParameters {
        var p = start
        let comparisons = p.m.count
        for _ in 0..<maxIterations {
            var mCounts = p.m.map { [Double](repeating: 0, count: $0.count) }
            var uCounts = p.u.map { [Double](repeating: 0, count: $0.count) }
            var matches = 0.0, total = 0.0
            let priorOdds = log2(p.lambda / (1 - p.lambda))
            for pattern in patterns {
                var weight = priorOdds
                for k in 0..<comparisons where !fixed.contains(k) {
                    let l = Int(pattern.levels[k])
                    if l >= 0 { weight += log2(max(p.m[k][l], 1e-300) / max(p.u[k][l], 1e-300)) }
                }
                let probability = 1 / (1 + exp2(-weight))
                matches += probability * pattern.count
                total += pattern.count
                for k in 0..<comparisons where !fixed.contains(k) {
                    let l = Int(pattern.levels[k])
                    if l >= 0 {
                        mCounts[k][l] += probability * pattern.count
                        uCounts[k][l] += (1 - probability) * pattern.count
                    }
                }
            }
            var next = p
            next.lambda = min(max(matches / max(total, 1), 1e-12), 1 - 1e-9)
            for k in 0..<comparisons where !fixed.contains(k) {
                let mTotal = mCounts[k].reduce(0, +)
                if mTotal > 0 { next.m[k] = mCounts[k].map { $0 / mTotal } }
                if estimateU {
                    let uTotal = uCounts[k].reduce(0, +)
                    if uTotal > 0 { next.u[k] = uCounts[k].map { $0 / uTotal } }
                }
            }
            let change = zip(next.m.joined(), p.m.joined()).map { abs($0 - $1) }.max() ?? 0
            p = next
            if change < tolerance { break }
        }
        return p
    }
}
