/// One level of a comparison: "exact", "Jaro-Winkler ≥ 0.92", "different".
public struct ComparisonLevel: Sendable, Hashable {
    public let label: String
    /// Whether the weight of this level is adjusted by how common the shared value is (an exact match
    /// on "Smith" says less than one on "Tūhiwai").
    public let adjustsForFrequency: Bool

    public init(_ label: String, adjustsForFrequency: Bool = false) {
        self.label = label
        self.adjustsForFrequency = adjustsForFrequency
    }
}

/// How two people compare on one thing (a name, a date of birth): ordered levels, best first, the last
/// one "different". A pair where either value is missing gets no level (`-1`): missing is neither
/// agreement nor disagreement.
public struct Comparison: Sendable {
    public let name: String
    public let levels: [ComparisonLevel]
    /// The roles it reads, so a blocking rule on the same roles does not train it.
    public let roles: Set<PersonRole>
    /// The level of a pair, or -1 when either side lacks the value.
    let level: @Sendable (borrowing PersonTable, Int, Int) -> Int8
    /// The share of people with this person's value (for the levels that adjust for frequency).
    let frequency: (@Sendable (borrowing PersonTable, Int) -> Double)?
    /// u of an exact match computed from the value counts (Σ frequency²), where sampling sees too few.
    let exactChance: (@Sendable (borrowing PersonTable) -> Double)?
    /// Whether a pair's level is read from numbers and short codes alone (no name or street likeness
    /// worked out): such comparisons are made first when many candidates are scored (`WeightBounds`).
    let readsNumbersAlone: Bool

    init(name: String, levels: [ComparisonLevel], roles: Set<PersonRole>, readsNumbersAlone: Bool = false,
         level: @escaping @Sendable (borrowing PersonTable, Int, Int) -> Int8,
         frequency: (@Sendable (borrowing PersonTable, Int) -> Double)? = nil,
         exactChance: (@Sendable (borrowing PersonTable) -> Double)? = nil) {
        precondition(levels.count >= 2 && levels.count <= 15, "a comparison has 2 to 15 levels")
        self.name = name
        self.levels = levels
        self.roles = roles
        self.level = level
        self.frequency = frequency
        self.exactChance = exactChance
        self.readsNumbersAlone = readsNumbersAlone
    }

    /// The level index of "different".
    var disagreement: Int { levels.count - 1 }
}
