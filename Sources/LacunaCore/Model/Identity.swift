/// What one trace says about who it concerns. Every field is optional: a bank row gives a payer name,
/// a lab message an NHI, name and DOB, a GP's remembered list perhaps only "Bob H".
public struct Identity: Hashable, Sendable, Codable {
    /// A valid NHI (check character right, or right under mod 24 with a warning).
    public var nhi: String? {
        @inlinable get { storage.fields.nhi }
        _modify { yield &unique().fields.nhi }
    }
    /// An NHI-shaped value whose check character failed: kept for a person and for fuzzy linkage.
    public var nhiUnchecked: String? {
        @inlinable get { storage.fields.nhiUnchecked }
        _modify { yield &unique().fields.nhiUnchecked }
    }
    public var familyName: String? {
        @inlinable get { storage.fields.familyName }
        _modify { yield &unique().fields.familyName }
    }
    public var givenName: String? {
        @inlinable get { storage.fields.givenName }
        _modify { yield &unique().fields.givenName }
    }
    public var preferredName: String? {
        @inlinable get { storage.fields.preferredName }
        _modify { yield &unique().fields.preferredName }
    }
    /// An initial where only that is known ("Mrs J Tipene" gives J).
    public var givenInitial: String? {
        @inlinable get { storage.fields.givenInitial }
        _modify { yield &unique().fields.givenInitial }
    }
    public var familyInitial: String? {
        @inlinable get { storage.fields.familyInitial }
        _modify { yield &unique().fields.familyInitial }
    }
    public var dob: LocalDate? {
        @inlinable get { storage.fields.dob }
        _modify { yield &unique().fields.dob }
    }
    /// `F`, `M`, `X` or `U`.
    public var sex: String? {
        @inlinable get { storage.fields.sex }
        _modify { yield &unique().fields.sex }
    }
    /// E.164.
    public var mobile: String? {
        @inlinable get { storage.fields.mobile }
        _modify { yield &unique().fields.mobile }
    }
    /// E.164.
    public var phone: String? {
        @inlinable get { storage.fields.phone }
        _modify { yield &unique().fields.phone }
    }
    public var email: String? {
        @inlinable get { storage.fields.email }
        _modify { yield &unique().fields.email }
    }
    public var address: String? {
        @inlinable get { storage.fields.address }
        _modify { yield &unique().fields.address }
    }
    public var postcode: String? {
        @inlinable get { storage.fields.postcode }
        _modify { yield &unique().fields.postcode }
    }
    public var cardLast4: String? {
        @inlinable get { storage.fields.cardLast4 }
        _modify { yield &unique().fields.cardLast4 }
    }
    /// The name on a bank payment, which may be a parent's.
    public var payerName: String? {
        @inlinable get { storage.fields.payerName }
        _modify { yield &unique().fields.payerName }
    }
    public var portalID: String? {
        @inlinable get { storage.fields.portalID }
        _modify { yield &unique().fields.portalID }
    }
    /// The practice system's own patient id (chart number).
    public var localPatientID: String? {
        @inlinable get { storage.fields.localPatientID }
        _modify { yield &unique().fields.localPatientID }
    }
    /// How many people the trace names ("the Nguyen twins" names two).
    public var peopleNamed: Int? {
        @inlinable get { storage.fields.peopleNamed }
        _modify { yield &unique().fields.peopleNamed }
    }

    /// Nothing known: no room taken until a field is set (every identity starts here and shares the one
    /// empty storage). Inlinable, so that a reader setting the fields one by one after it (every trace
    /// read back from the case, every run) knows each is still nil rather than destroying whatever it held.
    @inlinable public init() { storage = Storage.empty }

    /// Whether the trace carries anything that could tie it to a person.
    public var isEmpty: Bool {
        nhi == nil && nhiUnchecked == nil && familyName == nil && givenName == nil && dob == nil && mobile == nil
            && phone == nil && email == nil && cardLast4 == nil && payerName == nil && portalID == nil
            && localPatientID == nil && familyInitial == nil
    }

    /// The fields, held once however many traces, patients and lists hold the identity: a copy is a
    /// reference, and the fields are copied only when one copy changes (value semantics kept), as a
    /// trace's are (`Trace.storage`). An identity's twenty-odd texts were retained and released field by
    /// field wherever one was copied: into each patient, each list of patients, each index and memo.
    @usableFromInline var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// Compared, hashed, encoded and decoded as the fields are (the same keys as ever: an identity
    /// kept as JSON by an earlier run reads back the same).
    @usableFromInline struct Fields: Hashable, Codable {
        @usableFromInline var nhi: String?
        @usableFromInline var nhiUnchecked: String?
        @usableFromInline var familyName: String?
        @usableFromInline var givenName: String?
        @usableFromInline var preferredName: String?
        @usableFromInline var givenInitial: String?
        @usableFromInline var familyInitial: String?
        @usableFromInline var dob: LocalDate?
        @usableFromInline var sex: String?
        @usableFromInline var mobile: String?
        @usableFromInline var phone: String?
        @usableFromInline var email: String?
        @usableFromInline var address: String?
        @usableFromInline var postcode: String?
        @usableFromInline var cardLast4: String?
        @usableFromInline var payerName: String?
        @usableFromInline var portalID: String?
        @usableFromInline var localPatientID: String?
        @usableFromInline var peopleNamed: Int?
        @usableFromInline init() {}
    }

    /// Changed only through `unique()`, so never while another identity shares it; its fields read
    /// without the runtime's exclusivity check, as a trace's are (`Trace.Storage`).
    @usableFromInline final class Storage: @unchecked Sendable {
        @usableFromInline @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
        /// Every `Identity()`'s, until a field is set.
        @usableFromInline static let empty = Storage(Fields())
    }

    public static func == (a: Identity, b: Identity) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

    public init(from decoder: any Decoder) throws {
        storage = Storage(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try storage.fields.encode(to: encoder)
    }
}

extension Identity {
    /// Whether it identifies a patient as a register must: an NHI, or a name with a date of birth.
    public var identifiesAPatient: Bool {
        nhi != nil || (dob != nil && (familyName != nil || givenName != nil))
    }
}
