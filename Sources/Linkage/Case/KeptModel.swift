/// A model an earlier run trained for the case, with the fingerprint of what it was trained on
/// (`IdentityScoring.trainedOn`). Linking the same patients and the same identities takes it back
/// rather than training again: a file whose traces give only identities the case holds (a lab's
/// results for patients it has sent results for before) leaves the model as it was.
public struct KeptModel: Sendable, Equatable {
    public var trainedOn: String
    public var parameters: FellegiSunterParameters

    public init(trainedOn: String, parameters: FellegiSunterParameters) {
        self.trainedOn = trainedOn
        self.parameters = parameters
    }
}
