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

    static func normalised(_ p: [Double]) -> [Double] {
        let total = p.reduce(0, +)
        return total > 0 ? p.map { $0 / total } : p
    }
}
