import LacunaCore

/// A model an earlier run trained for the case, with the fingerprint of what it was trained on and
/// what it scored (`IdentityScoring.trainedOn`), and what it made of each identity it scored. Linking
/// the same patients and the same identities takes them back rather than training and scoring again:
/// a file whose traces give only identities the case holds (a lab's results for patients it has sent
/// results for before) leaves the model, and each identity's candidates, as they were.
public struct KeptModel: Sendable, Equatable {
    public var trainedOn: String
    public var parameters: FellegiSunterParameters
    /// By identity number (`IdentityScoring`): what the model made of the identity, nil where it was
    /// not scored (no trace giving it was linked by the model).
    public var scores: [ModelScores?]
    /// What the model answered when asked of a pair (a link's probability, a namesake's weight, why a
    /// link scored as it did): the same model on the same table answers the same, so a run that takes the
    /// model back answers from these, and makes the model's table only for a pair they lack.
    public var answers: ModelAnswers

    public init(trainedOn: String, parameters: FellegiSunterParameters, scores: [ModelScores?] = [], answers: ModelAnswers = ModelAnswers()) {
        self.trainedOn = trainedOn
        self.parameters = parameters
        self.scores = scores
        self.answers = answers
    }
}

/// One register patient and one identity the traces give, as the model's table holds them: the
/// patient's row and the identity's number (`IdentityScoring`).
public struct ModelPair: Hashable, Comparable, Sendable {
    public var patientRow: Int32
    public var identity: Int32

    public init(patientRow: Int32, identity: Int32) {
        self.patientRow = patientRow
        self.identity = identity
    }

    public static func < (a: ModelPair, b: ModelPair) -> Bool { (a.patientRow, a.identity) < (b.patientRow, b.identity) }

    /// Hashed by `FastHash`: the answers given are asked for every namesake of every trace.
    public func _rawHashValue(seed: Int) -> Int {
        FastHash.hash(UInt64(UInt32(bitPattern: patientRow)) << 32 | UInt64(UInt32(bitPattern: identity)), seed: seed)
    }
}

/// The model's answers for pairs: each pair's match weight, and why it weighed so where that was asked.
public struct ModelAnswers: Sendable, Equatable {
    public var weights: [ModelPair: Double] = [:]
    public var explanations: [ModelPair: MatchExplanation] = [:]

    public init(weights: [ModelPair: Double] = [:], explanations: [ModelPair: MatchExplanation] = [:]) {
        self.weights = weights
        self.explanations = explanations
    }

    /// Equal to the bit: a weight is what the model gave, not a number near it.
    public static func == (a: ModelAnswers, b: ModelAnswers) -> Bool {
        a.weights.count == b.weights.count && a.explanations == b.explanations
            && a.weights.allSatisfy { pair, weight in b.weights[pair]?.bitPattern == weight.bitPattern }
    }
}

/// What the model made of one identity: the register patients it could be that are within the
/// linker's tie margin of the best (by their place in the register), best first, each with its match
/// weight and probability, and the rule of the best where it may be linked.
public struct ModelScores: Sendable, Equatable {
    public var scored: [(patient: Int, weight: Double, probability: Double)]
    public var rule: String?

    public init(scored: [(patient: Int, weight: Double, probability: Double)], rule: String?) {
        self.scored = scored
        self.rule = rule
    }

    public static func == (a: ModelScores, b: ModelScores) -> Bool {
        a.rule == b.rule && a.scored.count == b.scored.count
            && zip(a.scored, b.scored).allSatisfy { $0.patient == $1.patient && $0.weight.bitPattern == $1.weight.bitPattern }
    }
}
