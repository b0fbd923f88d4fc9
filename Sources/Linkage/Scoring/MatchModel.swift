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
    }

    /// The term-frequency adjustment of a level for a pair (0 where the level does not adjust): the
    /// exact level's u (the chance of sharing some value) against the frequency of this value. A
    /// folded match ("Tamati" for "Tāmati") adjusts by the same baseline as an exact one.
    func frequencyAdjustment(_ table: borrowing PersonTable, comparison k: Int, level l: Int, _ i: Int, _ j: Int) -> Double {
        guard comparisons[k].levels[l].adjustsForFrequency, let frequency = comparisons[k].frequency else { return 0 }
        let f = max(frequency(table, i), frequency(table, j))
        guard f > 0 else { return 0 }
        return log2(parameters.u[k][0] / f)
    }

    /// The match weight of a pair whose levels are known.
    func weight(levels: (Int) -> Int8, _ table: borrowing PersonTable, _ i: Int, _ j: Int) -> Double {
        var w = priorWeight
        for k in comparisons.indices {
            let l = Int(levels(k))
            guard l >= 0 else { continue }
            w += levelWeights[k][l] + frequencyAdjustment(table, comparison: k, level: l, i, j)
        }
        return w
    }

    /// The match weight of any two people (levels computed now).
    public func weight(_ table: PersonTable, _ i: Int, _ j: Int) -> Double {
        weight(levels: { comparisons[$0].level(table, i, j) }, table, i, j)
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

    /// The model of `comparisons` (those training picks for a table, `ModelTraining.comparisons`) with
    /// `parameters` trained earlier on it (`KeptModel`); nil where they do not fit them.
    init?(comparisons: [Comparison], fitting parameters: FellegiSunterParameters) {
        let levels = comparisons.map(\.levels.count)
        guard parameters.m.map(\.count) == levels, parameters.u.map(\.count) == levels else { return nil }
        self.init(comparisons: comparisons, parameters: parameters)
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
        let found = strongComparisons(table, i, j, atLeast: least)
        return (found.steps.map { (comparisons[$0.comparison].name, $0.weight) }, found.total)
    }

    /// `strongSteps` with each comparison by its place in `comparisons` rather than its name.
    func strongComparisons(_ table: borrowing PersonTable, _ i: Int, _ j: Int, atLeast least: Double)
        -> (steps: [(comparison: Int, weight: Double)], total: Double) {
        var steps: [(comparison: Int, weight: Double)] = []
        // Room for every comparison at once (grown step by step, a pair's steps were moved three times).
        steps.reserveCapacity(comparisons.count)
        var sum = 0.0
        for k in comparisons.indices {
            let l = Int(comparisons[k].level(table, i, j))
            guard l >= 0 else { continue }  // missing: a step of nothing
            let weight = levelWeights[k][l], adjustment = frequencyAdjustment(table, comparison: k, level: l, i, j)
            sum = sum + weight + adjustment
            if weight + adjustment >= least { steps.append((k, weight + adjustment)) }
        }
        return (steps, priorWeight + sum)
    }
}
