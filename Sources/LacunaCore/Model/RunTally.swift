/// What a run left the practice with, in the counts its report opens with; the case keeps the last
/// run's, so the next report can say what changed since.
public struct RunTally: Sendable, Equatable {
    /// When the run finished (`2026-12-02T01:03:00Z`).
    public var finishedAt: String
    public var candidates: Int
    public var confirmed: Int
    public var probable: Int
    public var possible: Int
    /// Lost results, letters and messages, and how many of them are critical or abnormal.
    public var lostItems: Int
    public var critical: Int
    public var abnormal: Int
    /// Patients on the call lists, and those needing no more calls (reached, or closed).
    public var patientsToCall: Int
    public var patientsDone: Int
    /// Links a person has yet to confirm or reject.
    public var linksToCheck: Int
    /// Traces naming someone the case could not tie to a patient.
    public var unmatched: Int
    /// Sources not received, incomplete, or not readable by this build.
    public var sourcesMissing: Int

    public init(finishedAt: String, candidates: Int = 0, confirmed: Int = 0, probable: Int = 0, possible: Int = 0, lostItems: Int = 0,
                critical: Int = 0, abnormal: Int = 0, patientsToCall: Int = 0, patientsDone: Int = 0, linksToCheck: Int = 0,
                unmatched: Int = 0, sourcesMissing: Int = 0) {
        self.finishedAt = finishedAt
        self.candidates = candidates
        self.confirmed = confirmed
        self.probable = probable
        self.possible = possible
        self.lostItems = lostItems
        self.critical = critical
        self.abnormal = abnormal
        self.patientsToCall = patientsToCall
        self.patientsDone = patientsDone
        self.linksToCheck = linksToCheck
        self.unmatched = unmatched
        self.sourcesMissing = sourcesMissing
    }

    /// The counts by name, in the order a report shows them.
    public var counts: [(name: String, value: Int)] {
        [("candidates", candidates), ("confirmed", confirmed), ("probable", probable), ("possible", possible),
         ("lost_items", lostItems), ("critical", critical), ("abnormal", abnormal), ("patients_to_call", patientsToCall),
         ("patients_done", patientsDone), ("links_to_check", linksToCheck), ("unmatched", unmatched),
         ("sources_missing", sourcesMissing)]
    }

    /// The same counts read back by name (a name not given stays 0).
    public init(finishedAt: String, counts: [String: Int]) {
        self.init(finishedAt: finishedAt, candidates: counts["candidates"] ?? 0, confirmed: counts["confirmed"] ?? 0,
                  probable: counts["probable"] ?? 0, possible: counts["possible"] ?? 0, lostItems: counts["lost_items"] ?? 0,
                  critical: counts["critical"] ?? 0, abnormal: counts["abnormal"] ?? 0,
                  patientsToCall: counts["patients_to_call"] ?? 0, patientsDone: counts["patients_done"] ?? 0,
                  linksToCheck: counts["links_to_check"] ?? 0, unmatched: counts["unmatched"] ?? 0,
                  sourcesMissing: counts["sources_missing"] ?? 0)
    }
}
