import Foundation

/// Scoring one person against many without making every comparison for each: the comparisons read
/// from numbers alone (NHI, date of birth, sex, phone, email, identifier, postcode) are made first, and a
/// candidate whose weight could not come within `margin` of the best even if every other comparison
/// agreed at its best level is left unscored. A trace in a large register has dozens of candidates
/// (everyone sharing a family name and a postcode); the names, addresses and households are compared
/// for the few that could still win.
///
/// The weights it gives are `MatchModel.weight`'s, summed in the model's order, to the bit; it leaves
/// out only candidates whose weight is certainly below the best's less `margin`.
struct WeightBounds {
    /// The comparisons made first.
    let first: [Int]
    /// The others: names, addresses, households, cards.
    let rest: [Int]

    init(model: MatchModel) {
        first = model.comparisons.indices.filter { model.comparisons[$0].readsNumbersAlone }
        rest = model.comparisons.indices.filter { !model.comparisons[$0].readsNumbersAlone }
    }

    /// The most the comparisons in `rest` can add to a pair with row `j`. A comparison row `j` lacks
    /// the value of adds nothing to any pair (a missing value is no level); one it has adds at most
    /// its best level's weight, raised by the frequency adjustment of a value as rare as `j`'s (the
    /// adjustment reads the commoner of the pair's two values, so never a rarer one than `j`'s).
    func restMost(_ model: MatchModel, _ table: borrowing PersonTable, row j: Int) -> Double {
        var most = 0.0
        for k in rest {
            let comparison = model.comparisons[k]
            guard comparison.level(table, j, j) >= 0 else { continue }
            var adjustment = 0.0
            if let frequency = comparison.frequency, comparison.levels.contains(where: \.adjustsForFrequency) {
                let f = frequency(table, j)
                guard f > 0 else { return .infinity }
                adjustment = max(0, log2(model.parameters.u[k][0] / f))
            }
            var best = 0.0
            for (l, level) in comparison.levels.enumerated() {
                best = max(best, model.levelWeights[k][l] + (level.adjustsForFrequency ? adjustment : 0))
            }
            most += best
        }
        return most
    }

    /// The weights of row `j` against `rows` (row `rows[n]` for candidate `n`) as `(candidate, weight)`,
    /// in no particular order: every candidate within `margin` of the highest, and none that is certainly
    /// `margin` or more below it.
    func weights(_ model: MatchModel, _ table: borrowing PersonTable, row j: Int, against rows: [Int],
                 within margin: Double) -> [(candidate: Int, weight: Double)] {
        let most = restMost(model, table, row: j)
        // What each could reach: the first comparisons made, the rest at their best.
        var reach: [(candidate: Int, weight: Double)] = []
        reach.reserveCapacity(rows.count)
        for (n, i) in rows.enumerated() {
            var w = model.priorWeight
            for k in first {
                let l = Int(model.comparisons[k].level(table, i, j))
                guard l >= 0 else { continue }
                w += model.levelWeights[k][l] + model.frequencyAdjustment(table, comparison: k, level: l, i, j)
            }
            reach.append((n, w + most))
        }
        reach.sort { ($0.weight, $1.candidate) > ($1.weight, $0.candidate) }
        var scored: [(candidate: Int, weight: Double)] = []
        var best = -Double.infinity
        for (n, reachable) in reach {
            // Summed in another order than the weight is: a millionth more than rounding could make.
            if reachable + 1e-6 < best - margin { break }
            let w = model.weight(table, rows[n], j)
            best = max(best, w)
            scored.append((n, w))
        }
        return scored.filter { $0.weight > best - margin - 1e-6 }
    }
}
