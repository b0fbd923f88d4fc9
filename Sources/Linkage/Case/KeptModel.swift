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

    public init(trainedOn: String, parameters: FellegiSunterParameters, scores: [ModelScores?] = []) {
        self.trainedOn = trainedOn
        self.parameters = parameters
        self.scores = scores
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
