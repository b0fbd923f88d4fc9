public import LacunaCore

/// One playbook source's counts for the summary and the coverage report.
public struct SourceSummary: Sendable {
    public var kind: SourceKind
    /// The path as the playbook wrote it.
    public var path: String
    public var files: Int
    public var read: Int
    public var imported: Int
    public var duplicates: Int
    public var rejected: Int
    /// Traces of this source tied to a patient.
    public var linked: Int
    /// Traces of this source that name someone but were tied to no patient (`unmatched.csv`).
    public var unmatched: Int = 0
    /// `imported`, or `not-yet-supported` for kinds this build cannot read yet.
    public var status: String
    public var warnings: [String]
    /// How each file was read, one line a file: the layout or that it was inferred, the header, each
    /// column's role and why, rows read and rejected.
    public var readings: [String] = []
    /// What made a file, or the whole source, useless as it is (not read: a PDF; every record rejected).
    public var errors: [String] = []

    public init(kind: SourceKind, path: String, files: Int, read: Int, imported: Int, duplicates: Int, rejected: Int,
                linked: Int, status: String, warnings: [String]) {
        self.kind = kind
        self.path = path
        self.files = files
        self.read = read
        self.imported = imported
        self.duplicates = duplicates
        self.rejected = rejected
        self.linked = linked
        self.status = status
        self.warnings = warnings
    }
}

/// Everything the reports are made from: a read-only view of the case after a run.
public struct CaseView: Sendable {
    public var caseName: String
    public var practiceName: String { didSet { practiceCode = Self.practiceCode(facility: facility, practiceName: practiceName) } }
    public var window: Window
    public var sources: [SourceSummary]
    public var patients: [String: Patient] { didSet { rankedEncounters = Self.ranked(encounters, patients: patients) } }
    public var traces: TracesByID
    public var encounters: [Encounter] { didSet { rankedEncounters = Self.ranked(encounters, patients: patients) } }
    /// Lost inbox items (results, letters, messages); empty until the inbox sources are read.
    public var inboxItems: [InboxItem]
    public var unmatched: [(traceID: Int64, reason: String)]
    public var rejects: [Reject]
    /// Card settlements in the bank against the terminal exports.
    public var settlements: [SettlementCheck]
    /// Records recognised as already in the case.
    public var duplicates: [DuplicateRecord]
    /// Links in the grey zone for a person to confirm or reject, with why.
    public var reviews: [LinkReviewItem] = [] {
        didSet {
            openReviews = Dictionary(reviews.filter { $0.decision.isEmpty }.map { (ReviewKey(traceID: $0.traceID, patientID: $0.patientID), $0) },
                                     uniquingKeysWith: { a, _ in a })
        }
    }
    /// Undecided reviews by trace and patient.
    private(set) var openReviews: [ReviewKey: LinkReviewItem] = [:]
    /// The practice's clinicians, as the playbook lists them.
    public var providers: [Provider] = [] { didSet { providerNames = ProviderNames(providers) } }
    /// Their names by code and name, for `providerName` (asked for every card, annotation and list).
    private var providerNames = ProviderNames([])
    /// The practice's phone number, where the playbook gives it.
    public var practicePhone: String?
    /// The practice's facility id for HL7 (the HPI facility id), where the playbook gives it.
    public var facility: String? { didSet { practiceCode = Self.practiceCode(facility: facility, practiceName: practiceName) } }
    /// What callers recorded, by candidate id (from the call-list CSVs, kept in the case).
    public var callOutcomes: [String: CallOutcome] = [:]
    /// Every trace's link to its patient, by trace id: why a trace is on a patient's card.
    public var links: [Int64: Link] = [:]
    /// The counts the case's last run finished with (nil on the first run): the report says what changed.
    public var previousRun: RunTally?

    public init(caseName: String, practiceName: String, window: Window, sources: [SourceSummary], patients: [Patient],
                traces: [Trace], encounters: [Encounter], inboxItems: [InboxItem] = [],
                unmatched: [(traceID: Int64, reason: String)], rejects: [Reject], settlements: [SettlementCheck] = [], duplicates: [DuplicateRecord] = []) {
        self.settlements = settlements
        self.duplicates = duplicates
        self.caseName = caseName
        self.practiceName = practiceName
        self.window = window
        self.sources = sources
        self.patients = Dictionary(patients.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.traces = TracesByID(traces)
        self.encounters = encounters
        self.inboxItems = inboxItems
        self.unmatched = unmatched
        self.rejects = rejects
        rankedEncounters = Self.ranked(encounters, patients: self.patients)
        practiceCode = Self.practiceCode(facility: nil, practiceName: practiceName)
    }

    /// Encounters in the order the practice works them: clinical priority, then confidence, then the
    /// earliest day, then name, then id (so the order never depends on anything else). Ranked once, when
    /// the encounters or patients are set: the annotations, call lists, report and candidate list each
    /// go through it, and sorting the encounters again for each was 2% of a re-run.
    public private(set) var rankedEncounters: [Encounter] = []

    static func ranked(_ encounters: [Encounter], patients: [String: Patient]) -> [Encounter] {
        encounters.sorted { a, b in
            if a.priority != b.priority { return a.priority < b.priority }
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if a.date != b.date { return a.date < b.date }
            let pa = patients[a.patientID]?.identity, pb = patients[b.patientID]?.identity
            let na = (pa?.familyName ?? "", pa?.givenName ?? ""), nb = (pb?.familyName ?? "", pb?.givenName ?? "")
            if na != nb { return na < nb }
            return a.candidateID < b.candidateID
        }
    }

    /// The clinician responsible for an encounter: the one the evidence names, else the patient's usual GP.
    public func responsibleProvider(for encounter: Encounter) -> String? {
        encounter.provider ?? patients[encounter.patientID]?.usualProvider
    }

    /// A provider code's name from the playbook (`Dr Roger Smith`), else the code itself.
    public func providerName(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "no provider named" }
        return providerNames.name(code) ?? code
    }

    /// The playbook's clinicians found by code (in any case) or by name: the first in the playbook's order
    /// that either fits, looked up, not searched for (a practice of a hundred GPs has a hundred to search,
    /// for every card and annotation).
    struct ProviderNames {
        private var byCode: [String: Int] = [:], byName: [String: Int] = [:]
        private let names: [String]

        init(_ providers: [Provider]) {
            names = providers.map(\.name)
            for (place, provider) in providers.enumerated().reversed() {
                byCode[provider.code.lowercased()] = place
                byName[provider.name] = place
            }
        }

        /// The name of the first provider whose code is `code` but for case, or whose name is `code`.
        func name(_ code: String) -> String? {
            let place = [byCode[code.lowercased()], byName[code]].compactMap { $0 }.min()
            return place.map { names[$0] }
        }
    }

    /// The practice as HL7 names it (HD namespace, at most 20 characters): the facility id, else the
    /// initials of its name (`Harbourside Medical Centre` → `HMC`). Worked out when either is set, not
    /// for each chart annotation.
    public private(set) var practiceCode = ""

    static func practiceCode(facility: String?, practiceName: String) -> String {
        if let facility, !facility.isEmpty { return String(facility.prefix(20)) }
        let initials = practiceName.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).compactMap(\.first).map { String($0).uppercased() }
        return initials.isEmpty ? "PRACTICE" : String(initials.joined().prefix(20))
    }

    /// The lost inbox items of each patient.
    public var inboxByPatient: [String: [InboxItem]] {
        Dictionary(grouping: inboxItems.filter { $0.patientID != nil }, by: { $0.patientID ?? "" })
    }

    /// The links under review, not yet decided, that an encounter's evidence rests on: never applied
    /// silently, so the report, the candidate list and the worksheet say so.
    public func uncheckedLinks(of encounter: Encounter) -> [LinkReviewItem] {
        guard !openReviews.isEmpty else { return [] }
        return encounter.evidence.compactMap { openReviews[ReviewKey(traceID: $0.traceID, patientID: encounter.patientID)] }
    }

    struct ReviewKey: Hashable { var traceID: Int64; var patientID: String }

    /// `kind file locator` for a trace: where a person finds it.
    public func reference(_ traceID: Int64) -> String {
        guard let trace = traces[traceID] else { return "trace \(traceID)" }
        return "\(trace.kind.rawValue) \(trace.file) \(trace.locator)"
    }
}

