import Foundation
/// The numbers a Fellegi-Sunter model is: λ, the chance two records picked at random are the same
/// person; and per comparison and level, m = P(level | same person) and u = P(level | different people).
public struct FellegiSunterParameters: Sendable, Equatable {
    public var lambda: Double
    public var m: [[Double]]
    public var u: [[Double]]

    public init(lambda: Double, m: [[Double]], u: [[Double]]) {
        self.lambda = lambda
        self.m = m
        self.u = u
    }

    /// Starting m before any training: most matches agree exactly, few disagree.
    static func startingM(levels: Int) -> [Double] {
        var m = [Double](repeating: 0, count: levels)
        m[0] = 0.9
        m[levels - 1] = 0.02
        let middle = levels - 2
        for l in 1..<(levels - 1) { m[l] = 0.08 / Double(middle) }
        return normalised(m)
    }

    /// u before any data: two different people rarely agree exactly (1 in 1,000), a little more often
    /// on each looser level, and mostly differ. For lists too small to sample from: there a sample's
    /// pairs are as often the same person as not, and its u would call every agreement chance.
    static func startingU(levels: Int) -> [Double] {
        var u = [Double](repeating: 0, count: levels)
        for l in 0..<(levels - 1) { u[l] = 0.001 * pow(3, Double(l)) }
        u[levels - 1] = max(0.5, 1 - u.reduce(0, +))
        return normalised(u)
    }

    static func normalised(_ p: [Double]) -> [Double] {
        let total = p.reduce(0, +)
        return total > 0 ? p.map { $0 / total } : p
    }
}
