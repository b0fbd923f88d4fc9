/// A link between a trace and a patient that a person should look at: the model was unsure, or a
/// person already decided. `review.csv` lists them; a `decision` filled in there (confirm or reject)
/// is kept in the case on the next run.
public struct LinkReviewItem: Sendable {
    public var traceID: Int64
    public var traceKey: String
    public var source: String
    public var locator: String
    public var patientID: String
    public var rule: String
    public var linkWeight: Double
    /// The probabilistic model's probability that the trace is this patient.
    public var matchProbability: Double
    /// Match weights per comparison, one line each (labels only: no patient data).
    public var explanation: String
    /// The same as a self-contained HTML table.
    public var explanationHTML: String
    /// `confirm`, `reject`, or empty while undecided.
    public var decision: String

    public init(traceID: Int64, traceKey: String, source: String, locator: String, patientID: String, rule: String,
                linkWeight: Double, matchProbability: Double, explanation: String, explanationHTML: String, decision: String) {
        self.traceID = traceID
        self.traceKey = traceKey
        self.source = source
        self.locator = locator
        self.patientID = patientID
        self.rule = rule
        self.linkWeight = linkWeight
        self.matchProbability = matchProbability
        self.explanation = explanation
        self.explanationHTML = explanationHTML
        self.decision = decision
    }

    /// The key decisions are stored under.
    public var decisionKey: String { "\(traceKey)|\(patientID)" }
}
