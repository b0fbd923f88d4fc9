/// One observation from one source: a register row, a booking, a payment, a result, a line of a GP's
/// list. Everything Lacuna infers is built from traces and points back at them.
public struct Trace: Sendable {
    /// The case database's id, once stored.
    public var id: Int64?
    public var kind: SourceKind
    /// What the record is within its kind: `patient`, `booking`, `invoice`, `remembered`, `callback` …
    public var recordType: String
    /// The file it came from (as the playbook named it, relative to the playbook).
    public var file: String
    public var locator: Locator
    /// The time it speaks of; nil where the record has none (a register row).
    public var time: TraceTime?
    public var identity: Identity
    /// Provider code or name the record names (booked with, ordered by, the GP whose list it is).
    public var provider: String?
    /// The record's own fields, named as the importer read them, for provenance and later readers.
    public var payload: [String: String]
    /// Identifies the record's content: the same record read again (a re-run, an overlapping export)
    /// has the same key. Built from the kind, the record's normalised text and its occurrence number
    /// among identical records in its file.
    public var contentKey: String

    public init(kind: SourceKind, recordType: String, file: String, locator: Locator, time: TraceTime?,
                identity: Identity, provider: String?, payload: [String: String], contentKey: String) {
        self.kind = kind
        self.recordType = recordType
        self.file = file
        self.locator = locator
        self.time = time
        self.identity = identity
        self.provider = provider
        self.payload = payload
        self.contentKey = contentKey
    }
}

extension Trace {
    /// A referral the practice sent marked urgent (`U…`) or stat (`S`): it goes up the triage order and
    /// the recall worklist.
    public var isUrgentReferral: Bool {
        guard recordType == "referral" else { return false }
        let priority = (payload["_priority"] ?? "").uppercased()
        return priority.hasPrefix("U") || priority == "S"
    }
}

/// An input record that could not be used, with where it is and why (never its values).
public struct Reject: Sendable, Hashable {
    public var kind: SourceKind
    public var file: String
    public var locator: Locator
    public var reason: String

    public init(kind: SourceKind, file: String, locator: Locator, reason: String) {
        self.kind = kind
        self.file = file
        self.locator = locator
        self.reason = reason
    }
}
