import Foundation

/// Scoring one person against many without making every comparison for each. A candidate whose
/// weight could not come within `margin` of the best even if every comparison not yet made agreed at
/// its best level is left unscored: first by the one comparison that tells the candidates apart most,
/// then by all those read from numbers alone (NHI, date of birth, sex, phone, email, identifier,
/// postcode). A trace in a large register has dozens of candidates (everyone sharing a family name and
/// a postcode); the names, addresses and households are compared for the few that could still win.
///
/// The weights it gives are `MatchModel.weight`'s, summed in the model's order, to the bit; it leaves
/// out only candidates whose weight is certainly below the best's less `margin`.
struct WeightBounds {
    /// The comparisons made first.
    let first: [Int]
    /// The others: names, addresses, households, cards.
    let rest: [Int]

    /// How far each comparison's levels lie apart (its best level's weight less its worst's): the
    /// comparison of a trace's that tells its candidates apart most is made first of all.
    let swing: [Double]

    init(model: MatchModel) {
        first = model.comparisons.indices.filter { model.comparisons[$0].readsNumbersAlone }
        rest = model.comparisons.indices.filter { !model.comparisons[$0].readsNumbersAlone }
        swing = model.levelWeights.map { ($0.max() ?? 0) - ($0.min() ?? 0) }
    }

    /// The most comparison `k` can add to a pair with row `j`: nothing where `j` lacks the value (a
    /// missing value is no level); otherwise its best level's weight, raised by the frequency
    /// adjustment of a value as rare as `j`'s (the adjustment reads the commoner of the pair's two
    /// values, so never a rarer one than `j`'s).
    func most(_ model: MatchModel, _ table: borrowing PersonTable, comparison k: Int, row j: Int) -> Double {
        // The comparison read where it lies in the model: a copy of it (its name, levels and closures
        // retained, then released) cost more than the question, eight times a trace scored.
        guard model.comparisons[k].level(table, j, j) >= 0 else { return 0 }
        var adjustment = 0.0
        if let frequency = model.comparisons[k].frequency, model.comparisons[k].levels.contains(where: \.adjustsForFrequency) {
            let f = frequency(table, j)
            guard f > 0 else { return .infinity }
            adjustment = max(0, log2(model.parameters.u[k][0] / f))
        }
        var best = 0.0
        for (l, level) in model.comparisons[k].levels.enumerated() {
            best = max(best, model.levelWeights[k][l] + (level.adjustsForFrequency ? adjustment : 0))
        }
        return best
    }

    /// The most the comparisons in `rest` can add to a pair with row `j`.
    func restMost(_ model: MatchModel, _ table: borrowing PersonTable, row j: Int) -> Double {
        rest.reduce(0.0) { $0 + most(model, table, comparison: $1, row: j) }
    }

    /// What comparison `k` adds to the pair `i`, `j` (nothing where either lacks the value).
    private func gain(_ model: MatchModel, _ table: borrowing PersonTable, comparison k: Int, _ i: Int, _ j: Int) -> Double {
        let l = Int(model.comparisons[k].level(table, i, j))
        guard l >= 0 else { return 0 }
        return model.levelWeights[k][l] + model.frequencyAdjustment(table, comparison: k, level: l, i, j)
    }

    /// The weights of row `j` against `rows` (row `rows[n]` for candidate `n`) as `(candidate, weight)`,
    /// in no particular order: every candidate within `margin` of the highest, and none that is certainly
    /// `margin` or more below it.
    ///
    /// In three steps: the one comparison of `j`'s that tells candidates apart most (a date of birth,
    /// an NHI) is made for every candidate, and they are taken in order of what that leaves them able
    /// to reach; for each, the other comparisons read from numbers, then (where it could still come
    /// within `margin` of the best so far) the whole weight. Once what the first comparison leaves a
    /// candidate able to reach is out of reach, so is every one after it.
    func weights(_ model: MatchModel, _ table: borrowing PersonTable, row j: Int, against rows: [Int],
                 within margin: Double) -> [(candidate: Int, weight: Double)] {
        let restMost = restMost(model, table, row: j)
        let firstMost = first.map { most(model, table, comparison: $0, row: j) }
        // The comparison made first: the one of j's own that tells candidates apart most.
        // (The greatest swing, the first of equal ones; found in one pass, no list of j's comparisons made.)
        var lead: Int?
        for m in first.indices where model.comparisons[first[m]].level(table, j, j) >= 0 {
            if let best = lead, swing[first[m]] <= swing[first[best]] { continue }
            lead = m
        }
        let othersMost = restMost + firstMost.indices.reduce(0.0) { $1 == lead ? $0 : $0 + firstMost[$1] }
        var reach: [(candidate: Int, lead: Double, weight: Double)] = []
        reach.reserveCapacity(rows.count)
        for (n, i) in rows.enumerated() {
            let leadGain = lead.map { gain(model, table, comparison: first[$0], i, j) } ?? 0
            reach.append((n, leadGain, model.priorWeight + leadGain + othersMost))
        }
        reach.sort { ($0.weight, $1.candidate) > ($1.weight, $0.candidate) }
        var scored: [(candidate: Int, weight: Double)] = []
        // Room for a few at once: most traces leave one to four candidates within reach (grown one by
        // one, a list was made again twice or three times a trace).
        scored.reserveCapacity(min(rows.count, 4))
        var best = -Double.infinity
        // Summed in other orders than the weight is: a millionth more than rounding could make.
        for (n, leadGain, reachable) in reach {
            if reachable + 1e-6 < best - margin { break }
            var numbers = model.priorWeight + leadGain + restMost
            for (m, k) in first.enumerated() where m != lead { numbers += gain(model, table, comparison: k, rows[n], j) }
            if numbers + 1e-6 < best - margin { continue }
            let w = model.weight(table, rows[n], j)
            best = max(best, w)
            scored.append((n, w))
        }
        return scored.filter { $0.weight > best - margin - 1e-6 }
    }
}
