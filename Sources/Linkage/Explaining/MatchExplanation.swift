import Foundation
import LacunaCore

/// Why two people were (or were not) taken to be one: the prior, then each comparison's level and
/// its match weight, summing to the pair's weight. Printed as a waterfall in text or HTML.
public struct MatchExplanation: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let comparison: String
        public let level: String
        /// log2(m/u) of the level, and the adjustment for how common the shared value is.
        public let weight: Double
        public let frequencyAdjustment: Double

        public init(comparison: String, level: String, weight: Double, frequencyAdjustment: Double) {
            self.comparison = comparison
            self.level = level
            self.weight = weight
            self.frequencyAdjustment = frequencyAdjustment
        }

        /// Equal to the bit (`ModelAnswers`).
        public static func == (a: Step, b: Step) -> Bool {
            a.comparison == b.comparison && a.level == b.level && a.weight.bitPattern == b.weight.bitPattern
                && a.frequencyAdjustment.bitPattern == b.frequencyAdjustment.bitPattern
        }
    }

    public let prior: Double
    public let steps: [Step]
    public var total: Double { prior + steps.reduce(0) { $0 + $1.weight + $1.frequencyAdjustment } }
    public var probability: Double { MatchModel.probability(weight: total) }

    init(model: MatchModel, table: borrowing PersonTable, _ i: Int, _ j: Int) {
        prior = model.priorWeight
        var steps: [Step] = []
        steps.reserveCapacity(model.comparisons.count)
        // Each comparison read in place (a copy of one is a copy of its closures).
        for k in model.comparisons.indices {
            let l = Int(model.comparisons[k].level(table, i, j))
            if l < 0 {
                steps.append(Step(comparison: model.comparisons[k].name, level: "missing", weight: 0, frequencyAdjustment: 0))
            } else {
                steps.append(Step(comparison: model.comparisons[k].name, level: model.comparisons[k].levels[l].label,
                                  weight: model.levelWeights[k][l],
                                  frequencyAdjustment: model.frequencyAdjustment(table, comparison: k, level: l, i, j)))
            }
        }
        self.steps = steps
    }

    public init(prior: Double, steps: [Step]) {
        self.prior = prior
        self.steps = steps
    }

    /// Equal to the bit (`ModelAnswers`).
    public static func == (a: MatchExplanation, b: MatchExplanation) -> Bool {
        a.prior.bitPattern == b.prior.bitPattern && a.steps == b.steps
    }

    /// One line per comparison with a bar: `+` for evidence for, `-` against.
    public var text: String {
        func bar(_ w: Double) -> String {
            // A weight from a degenerate model (u = 0) is infinite, or NaN: a full bar, or none, never a trap.
            let n = w.isNaN ? 0 : Int(min(20, abs(w)).rounded())
            return String(repeating: w >= 0 ? "+" : "-", count: n)
        }
        func signed(_ w: Double) -> String {   // as "%+6.2f"
            let text = w.fixedDecimals(2, sign: true)
            return String(repeating: " ", count: max(0, 6 - text.utf8.count)) + text
        }
        var lines = ["\(pad("prior (chance two records are one person)", 44)) \(signed(prior))  \(bar(prior))"]
        for step in steps {
            let w = step.weight + step.frequencyAdjustment
            let label = "\(step.comparison): \(step.level)" + (step.frequencyAdjustment != 0 ? " (frequency \(step.frequencyAdjustment.fixedDecimals(2, sign: true)))" : "")
            lines.append("\(pad(label, 44)) \(signed(w))  \(bar(w))")
        }
        lines.append("\(pad("match weight", 44)) \(signed(total))  = probability \(probability.fixedDecimals(4))")
        return lines.joined(separator: "\n")
    }

    /// A self-contained HTML fragment (inline styles only, no script): a waterfall of horizontal bars.
    public var html: String {
        var running = prior
        let all = [prior] + steps.map { $0.weight + $0.frequencyAdjustment }
        var positions: [(start: Double, end: Double)] = [(0, prior)]
        for step in steps {
            let w = step.weight + step.frequencyAdjustment
            positions.append((running, running + w))
            running += w
        }
        let lo = min(0, positions.map { min($0.start, $0.end) }.min() ?? 0)
        let hi = max(0, positions.map { max($0.start, $0.end) }.max() ?? 0)
        let span = max(hi - lo, 1)
        func x(_ v: Double) -> Double { (v - lo) / span * 100 }
        // Appended piece by piece into one text (each row's pieces joined with `+` first made a text of
        // every partial join: the explanation of each link under review, every run that links afresh).
        var html = "<table class=\"waterfall\" style=\"border-collapse:collapse;font-size:12px\">"
        html.reserveCapacity(400 * (steps.count + 2))
        let labels = ["prior"] + steps.map { "\($0.comparison): \($0.level)" }
        for (index, label) in labels.enumerated() {
            let (s, e) = positions[index]
            let left = x(min(s, e)), width = max(0.5, abs(x(e) - x(s)))
            let colour = all[index] >= 0 ? "#2e7d32" : "#c62828"
            html += "<tr><td style=\"padding:1px 6px;white-space:nowrap\">"
            html += escape(label)
            html += "</td><td style=\"padding:1px 6px;text-align:right\">"
            html += all[index].fixedDecimals(2, sign: true)
            html += "</td><td style=\"width:260px\"><div style=\"position:relative;height:12px;background:#f4f4f4\"><div style=\"position:absolute;left:"
            html += left.fixedDecimals(1)
            html += "%;width:"
            html += width.fixedDecimals(1)
            html += "%;height:12px;background:"
            html += colour
            html += "\"></div></div></td></tr>"
        }
        html += "<tr><td style=\"padding:1px 6px\"><b>match weight</b></td><td style=\"padding:1px 6px;text-align:right\"><b>"
        html += total.fixedDecimals(2, sign: true)
        html += "</b></td><td style=\"padding:1px 6px\">probability "
        html += probability.fixedDecimals(4)
        html += "</td></tr></table>"
        return html
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    private func escape(_ s: String) -> String { s.escapedForMarkup }
}
