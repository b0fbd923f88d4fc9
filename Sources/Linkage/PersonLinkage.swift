/// Person linkage end to end: a table of people, settings → a trained model, every compared pair
/// with its match weight, and clusters that do not chain. `lacuna link` and the case's linker both
/// stand on it.
public struct PersonLinkage: Sendable {
    public enum Mode: Sendable { case dedupe, pair }

    /// One compared pair (indices into the table) and its match weight.
    public struct ScoredPair: Sendable {
        public let left: Int32
        public let right: Int32
        public let weight: Float
        public var probability: Double { MatchModel.probability(weight: Double(weight)) }
    }

    public let table: PersonTable
    public let model: MatchModel
    public let settings: LinkageSettings
    public let pairs: [ScoredPair]
    /// Each person's cluster, as the index of its first person.
    public let clusters: [Int32]
    /// What a person running it should know: blocks too large to compare, comparisons left out.
    public let notes: [String]

    public init(table: PersonTable, settings: LinkageSettings, mode: Mode) {
        self.table = table
        self.settings = settings
        let (model, rules, candidates, patterns) = ModelTraining.trained(table: table, settings: settings,
                                                                         acrossSides: mode == .pair)
        self.model = model

        var scored = [ScoredPair]()
        scored.reserveCapacity(candidates.count)
        for p in 0..<candidates.count {
            let i = Int(candidates.left[p]), j = Int(candidates.right[p])
            let w = model.weight(levels: { patterns[p, $0] }, table, i, j)
            scored.append(ScoredPair(left: candidates.left[p], right: candidates.right[p], weight: Float(w)))
        }
        pairs = scored

        let threshold = settings.linkThreshold
        let links = scored.filter { $0.probability >= threshold }.map { ($0.left, $0.right, Double($0.weight)) }
        let contradiction = settings.contradictionEvidence
        clusters = PersonClusters(count: table.count, links: links, differentPeople: { i, j in
            model.evidence(table, i, j) < contradiction
        }).representative

        var notes: [String] = []
        for block in candidates.largeBlocks.prefix(5) {
            notes.append("blocking \(block.rule): a block of \(block.people) people was too large to compare (largest \(settings.largestBlock))")
        }
        if candidates.largeBlocks.count > 5 { notes.append("… and \(candidates.largeBlocks.count - 5) more large blocks") }
        let used = Set(model.comparisons.map(\.name))
        notes.append("comparisons: " + used.sorted().joined(separator: ", "))
        notes.append("blocking: " + rules.map(\.description).joined(separator: " ∪ ") + "; \(candidates.count) pairs compared")
        self.notes = notes
    }

    /// Why a pair scored as it did.
    public func explain(_ i: Int, _ j: Int) -> MatchExplanation {
        model.explain(table, i, j)
    }
}
