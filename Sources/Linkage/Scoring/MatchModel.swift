import Foundation

/// A trained Fellegi-Sunter model: comparisons and their m and u. The match weight of a pair is
/// log2(λ/(1−λ)) + Σ log2(m/u) over the levels the pair shows, an exact match on a common value
/// adjusted down (and on a rare one up) by the value's frequency.
public struct MatchModel: Sendable {
    public let comparisons: [Comparison]
    public let parameters: FellegiSunterParameters
    /// log2(m/u) per comparison and level.
    public let levelWeights: [[Double]]
    public let priorWeight: Double
    /// What scoring a pair reads, kept apart from `comparisons` in flat lists: a comparison read out of
    /// its list for each of the hundreds of thousands of pairs a run scores was copied, its name,
    /// levels and closures retained and released each time.
    private let scoring: PairScoring

    public init(comparisons: [Comparison], parameters: FellegiSunterParameters) {
        self.comparisons = comparisons
        self.parameters = parameters
        levelWeights = zip(parameters.m, parameters.u).map { m, u in
            zip(m, u).map { m, u in
                // A level neither matches nor non-matches show says nothing.
                m < 1e-9 && u < 1e-9 ? 0 : log2(max(m, 1e-9) / max(u, 1e-12))
            }
        }
        priorWeight = log2(parameters.lambda / (1 - parameters.lambda))
        scoring = PairScoring(comparisons: comparisons, levelWeights: levelWeights, exactU: parameters.u.map { $0.first ?? 0 })
    }

    /// The term-frequency adjustment of a level for a pair (0 where the level does not adjust): the
    /// exact level's u (the chance of sharing some value) against the frequency of this value. A
    /// folded match ("Tamati" for "Tāmati") adjusts by the same baseline as an exact one.
    func frequencyAdjustment(_ table: borrowing PersonTable, comparison k: Int, level l: Int, _ i: Int, _ j: Int) -> Double {
        scoring.frequencyAdjustment(table, comparison: k, level: l, i, j)
    }

    /// The match weight of a pair whose levels are known.
    func weight(levels: (Int) -> Int8, _ table: borrowing PersonTable, _ i: Int, _ j: Int) -> Double {
        scoring.weight(prior: priorWeight, levels: levels, table, i, j)
    }

    /// The match weight of any two people (levels computed now).
    public func weight(_ table: borrowing PersonTable, _ i: Int, _ j: Int) -> Double {
        scoring.weight(prior: priorWeight, table, i, j)
    }

    /// The evidence alone, without the prior: below zero, the comparisons say "different people".
    public func evidence(_ table: PersonTable, _ i: Int, _ j: Int) -> Double {
        weight(table, i, j) - priorWeight
    }

    public static func probability(weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    /// A model trained on `table` without scoring all its pairs: for scoring a few chosen ones.
    public init(training table: PersonTable, settings: LinkageSettings, mode: PersonLinkage.Mode) {
        self = ModelTraining.trained(table: table, settings: settings, acrossSides: mode == .pair).model
    }

    /// Trained on `table` for a caller that scores pairs of its own choosing: as `init(training:…)`,
    /// but λ estimated from at most `lambdaPairs` of the compared pairs (see `ModelTraining.model`).
    public init(training table: PersonTable, settings: LinkageSettings, mode: PersonLinkage.Mode, lambdaPairs: Int) {
        self = ModelTraining.model(table: table, settings: settings, acrossSides: mode == .pair, lambdaPairs: lambdaPairs)
    }

    /// Why two people scored as they did.
    public func explain(_ table: borrowing PersonTable, _ i: Int, _ j: Int) -> MatchExplanation {
        MatchExplanation(model: self, table: table, i, j)
    }

    /// The comparisons whose weight with its frequency adjustment is at least `least` (in the model's
    /// order, each with that sum; a comparison one of the two lacks is none) and the match weight: what
    /// `explain` gives those who want only the strong steps and the total, without a step made for every
    /// comparison (every link the model makes is named by its strong steps). The total is summed as
    /// `MatchExplanation.total` sums it, to the bit.
    public func strongSteps(_ table: borrowing PersonTable, _ i: Int, _ j: Int, atLeast least: Double)
        -> (steps: [(comparison: String, weight: Double)], total: Double) {
        var steps: [(comparison: String, weight: Double)] = []
        var sum = 0.0
        for k in comparisons.indices {
            let l = Int(scoring.level[k](table, i, j))
            guard l >= 0 else { continue }  // missing: a step of nothing
            let weight = levelWeights[k][l], adjustment = frequencyAdjustment(table, comparison: k, level: l, i, j)
            sum = sum + weight + adjustment
            if weight + adjustment >= least { steps.append((comparisons[k].name, weight + adjustment)) }
        }
        return (steps, priorWeight + sum)
    }
}

/// A model's comparisons as scoring reads them for every pair: each comparison's level function, its
/// levels' weights and frequency flags at offsets in flat lists, its frequency function and its exact
/// level's u. Sums exactly as the comparisons themselves would (the same terms, in the same order).
private struct PairScoring: Sendable {
    let level: [@Sendable (borrowing PersonTable, Int, Int) -> Int8]
    let frequency: [(@Sendable (borrowing PersonTable, Int) -> Double)?]
    /// Where comparison k's levels start in `weights` and `adjusts`.
    let offset: [Int]
    let weights: [Double]
    let adjusts: [Bool]
    let exactU: [Double]

    init(comparisons: [Comparison], levelWeights: [[Double]], exactU: [Double]) {
        level = comparisons.map(\.level)
        frequency = comparisons.map(\.frequency)
        var offset: [Int] = [], weights: [Double] = [], adjusts: [Bool] = []
        for (k, comparison) in comparisons.enumerated() {
            offset.append(weights.count)
            // A level the parameters lack (none in a trained model) weighs nothing, as a missing one.
            weights += comparison.levels.indices.map { l in k < levelWeights.count && l < levelWeights[k].count ? levelWeights[k][l] : 0 }
            adjusts += comparison.levels.map(\.adjustsForFrequency)
        }
        self.offset = offset
        self.weights = weights
        self.adjusts = adjusts
        self.exactU = exactU
    }

    @inline(__always)
    func frequencyAdjustment(_ table: borrowing PersonTable, comparison k: Int, level l: Int, _ i: Int, _ j: Int) -> Double {
        guard adjusts[offset[k] + l], let frequency = frequency[k] else { return 0 }
        let f = max(frequency(table, i), frequency(table, j))
        guard f > 0 else { return 0 }
        return log2(exactU[k] / f)
    }

    func weight(prior: Double, levels: (Int) -> Int8, _ table: borrowing PersonTable, _ i: Int, _ j: Int) -> Double {
        var w = prior
        for k in 0..<level.count {
            let l = Int(levels(k))
            guard l >= 0 else { continue }
            w += weights[offset[k] + l] + frequencyAdjustment(table, comparison: k, level: l, i, j)
        }
        return w
    }

    func weight(prior: Double, _ table: borrowing PersonTable, _ i: Int, _ j: Int) -> Double {
        var w = prior
        for k in 0..<level.count {
            let l = Int(level[k](table, i, j))
            guard l >= 0 else { continue }
            w += weights[offset[k] + l] + frequencyAdjustment(table, comparison: k, level: l, i, j)
        }
        return w
    }
}
