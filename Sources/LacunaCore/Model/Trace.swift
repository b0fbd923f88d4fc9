/// One observation from one source: a register row, a booking, a payment, a result, a line of a GP's
/// list. Everything Lacuna infers is built from traces and points back at them.
public struct Trace: Sendable {
    /// The case database's id, once stored.
    public var id: Int64? {
        @inlinable get { storage.fields.id }
        _modify { yield &unique().fields.id }
    }
    public var kind: SourceKind {
        @inlinable get { storage.fields.kind }
        _modify { yield &unique().fields.kind }
    }
    /// What the record is within its kind: `patient`, `booking`, `invoice`, `remembered`, `callback` …
    public var recordType: String {
        @inlinable get { storage.fields.recordType }
        _modify { yield &unique().fields.recordType }
    }
    /// The file it came from (as the playbook named it, relative to the playbook).
    public var file: String {
        @inlinable get { storage.fields.file }
        _modify { yield &unique().fields.file }
    }
    public var locator: Locator {
        @inlinable get { storage.fields.locator }
        _modify { yield &unique().fields.locator }
    }
    /// The time it speaks of; nil where the record has none (a register row).
    public var time: TraceTime? {
        @inlinable get { storage.fields.time }
        _modify { yield &unique().fields.time }
    }
    public var identity: Identity {
        @inlinable get { storage.fields.identity }
        _modify { yield &unique().fields.identity }
    }
    /// Provider code or name the record names (booked with, ordered by, the GP whose list it is).
    public var provider: String? {
        @inlinable get { storage.fields.provider }
        _modify { yield &unique().fields.provider }
    }
    /// The record's own fields, named as the importer read them, for provenance and later readers.
    public var payload: Payload {
        @inlinable get { storage.fields.payload }
        _modify { yield &unique().fields.payload }
    }
    /// Identifies the record's content: the same record read again (a re-run, an overlapping export)
    /// has the same key. Built from the kind, the record's normalised text and its occurrence number
    /// among identical records in its file.
    public var contentKey: String {
        @inlinable get { storage.fields.contentKey }
        _modify { yield &unique().fields.contentKey }
    }

    public init(kind: SourceKind, recordType: String, file: String, locator: Locator, time: TraceTime?,
                identity: Identity, provider: String?, payload: Payload, contentKey: String) {
        storage = Storage(Fields(id: nil, kind: kind, recordType: recordType, file: file, locator: locator, time: time,
                                 identity: identity, provider: provider, payload: payload, contentKey: contentKey))
    }

    /// A trace whose payload an importer built as a dictionary.
    public init(kind: SourceKind, recordType: String, file: String, locator: Locator, time: TraceTime?,
                identity: Identity, provider: String?, payload: [String: String], contentKey: String) {
        self.init(kind: kind, recordType: recordType, file: file, locator: locator, time: time, identity: identity,
                  provider: provider, payload: Payload(payload), contentKey: contentKey)
    }

    /// The fields, held once however many lists and indexes hold the trace: a copy of a trace is a
    /// reference, and the fields are copied only when one copy changes (value semantics kept). A case
    /// holds hundreds of thousands of traces, each of some thirty strings; copying them field by field
    /// into every list made was a tenth of a large run's time and much of its memory.
    /// Read in other modules through inlinable getters: `trace.identity.nhi` then reads the one text,
    /// where a getter called across modules copied the whole identity (twenty texts retained and
    /// released) for every field asked of it.
    @usableFromInline var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    @usableFromInline struct Fields {
        @usableFromInline var id: Int64?
        @usableFromInline var kind: SourceKind
        @usableFromInline var recordType: String
        @usableFromInline var file: String
        @usableFromInline var locator: Locator
        @usableFromInline var time: TraceTime?
        @usableFromInline var identity: Identity
        @usableFromInline var provider: String?
        @usableFromInline var payload: Payload
        @usableFromInline var contentKey: String
    }

    /// Changed only through `unique()`, so never while another trace shares it. Its fields are read
    /// without the runtime's exclusivity check: the trace holding it is a value, whose accesses the
    /// compiler checks, and a change goes to storage no other trace holds, so no two accesses can
    /// overlap here that it would catch (the check was most of what reading a trace's kind cost).
    @usableFromInline final class Storage: @unchecked Sendable {
        @usableFromInline @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
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
