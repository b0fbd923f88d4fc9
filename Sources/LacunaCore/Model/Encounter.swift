/// How sure the case is of an encounter, in the words the practice works by.
public enum Tier: String, Sendable, Comparable, CaseIterable {
    case confirmed, probable, possible

    public static func < (l: Tier, r: Tier) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}

/// Clinical priority for ordering the work (DOMAIN §6 triage): lower comes first.
public enum ClinicalPriority: Int, Sendable, Comparable {
    case criticalResult = 0
    case abnormalResult = 1
    case unflaggedReport = 2
    case urgentReferralOrPrescription = 3
    case confirmedEncounter = 4
    case other = 5

    public static func < (l: ClinicalPriority, r: ClinicalPriority) -> Bool { l.rawValue < r.rawValue }
}

/// One trace's part in an inferred fact, and how much it weighed.
public struct Evidence: Sendable, Hashable {
    public var traceID: Int64
    public var kind: SourceKind
    /// What the trace showed, in a few words (`booked 09:15 with RS`, `remembered by RS`).
    public var summary: String
    /// Probability the trace alone gives that the encounter happened.
    public var weight: Double

    public init(traceID: Int64, kind: SourceKind, summary: String, weight: Double) {
        self.traceID = traceID
        self.kind = kind
        self.summary = summary
        self.weight = weight
    }
}

/// An inferred consultation: this patient was (probably) seen on this local date.
public struct Encounter: Sendable, Hashable {
    /// Stable across runs: derived from the patient id and the date.
    public var candidateID: String
    public var patientID: String
    public var date: LocalDate
    public var provider: String?
    public var confidence: Double
    public var tier: Tier
    public var priority: ClinicalPriority
    /// The traces behind it: its provenance.
    public var evidence: [Evidence]
    /// One sentence a GP can read: why this candidate is on the list.
    public var reason: String

    public init(candidateID: String, patientID: String, date: LocalDate, provider: String?, confidence: Double,
                tier: Tier, priority: ClinicalPriority, evidence: [Evidence], reason: String) {
        self.candidateID = candidateID
        self.patientID = patientID
        self.date = date
        self.provider = provider
        self.confidence = confidence
        self.tier = tier
        self.priority = priority
        self.evidence = evidence
        self.reason = reason
    }

    /// The source kinds behind the encounter, distinct and in a fixed order.
    public var sourceKinds: [SourceKind] { Array(Set(evidence.map(\.kind))).sorted() }
}

/// A trace tied to a patient, and why.
public struct Link: Sendable, Hashable {
    public var traceID: Int64
    public var patientID: String
    /// The rule that made the link (`nhi`, `name+dob`, `phone+name` …).
    public var rule: String
    /// Probability the link is right.
    public var weight: Double

    public init(traceID: Int64, patientID: String, rule: String, weight: Double) {
        self.traceID = traceID
        self.patientID = patientID
        self.rule = rule
        self.weight = weight
    }
}
