public import LacunaCore

/// What linkage produced: the patients of the case, each trace's link to them, and the traces that
/// matched nobody.
public struct LinkageResult: Sendable {
    public var patients: [Patient]
    public var links: [Link]
    public var unmatched: [(traceID: Int64, reason: String)]
    /// The model the linker scored with (register patients against naming traces), for the review to
    /// explain links with; nil from a linker without one.
    public var scoring: IdentityScoring?
    /// The model and what it made of each identity, for the next run to take back (`KeptModel`), where
    /// they are not what the linker was handed; nil where they are, or from a linker without a model.
    public var toKeep: KeptModel?

    public init(patients: [Patient], links: [Link], unmatched: [(traceID: Int64, reason: String)], scoring: IdentityScoring? = nil,
                toKeep: KeptModel? = nil) {
        self.patients = patients
        self.links = links
        self.unmatched = unmatched
        self.scoring = scoring
        self.toKeep = toKeep
    }
}

/// The seam between the case and whatever ties traces to patients (`CaseLinker`).
public protocol PatientLinker: Sendable {
    /// Ties every trace it can to a patient. `traces` carry their case ids.
    func link(traces: [Trace], window: Window, providers: [Provider]) -> LinkageResult
    /// The same, taking back `kept` where it was trained on what this linking would train on (a
    /// linker without a model ignores it).
    func link(traces: [Trace], window: Window, providers: [Provider], kept: KeptModel?) -> LinkageResult
}

extension PatientLinker {
    public func link(traces: [Trace], window: Window, providers: [Provider], kept: KeptModel?) -> LinkageResult {
        link(traces: traces, window: window, providers: providers)
    }
}
