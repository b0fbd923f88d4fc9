public import LacunaCore

/// What linkage produced: the patients of the case, each trace's link to them, and the traces that
/// matched nobody.
public struct LinkageResult: Sendable {
    public var patients: [Patient]
    public var links: [Link]
    public var unmatched: [(traceID: Int64, reason: String)]

    public init(patients: [Patient], links: [Link], unmatched: [(traceID: Int64, reason: String)]) {
        self.patients = patients
        self.links = links
        self.unmatched = unmatched
    }
}

/// The seam between the case and whatever ties traces to patients. Issue 5 replaces the first linker
/// with the probabilistic engine behind this same protocol.
public protocol PatientLinker: Sendable {
    /// Ties every trace it can to a patient. `traces` carry their case ids.
    func link(traces: [Trace], window: Window, providers: [Provider]) -> LinkageResult
}
