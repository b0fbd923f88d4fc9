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
    ///
    /// Laid out for the memory a run holds: an identity's storage for every trace (300,000 of them at
    /// 100,000 patients) and every patient. The fields most traces give are texts in place; the date of
    /// birth is its `packed` number (0 for none); the six fields hardly any trace gives (of the
    /// 100,000-patient drill's 308,515 traces, 47 an unchecked NHI, 190 a given initial, 181 a family
    /// initial, 1,610 a payer's name, 291 a portal id, none a count of people named) are in a box of
    /// their own, there only where one is given. Nineteen fields in place took 304 bytes, a 320-byte
    /// object each; these take 208, a 224-byte one.
    @usableFromInline struct Fields: Hashable, Codable {
        @usableFromInline var nhi: String?
        @usableFromInline var familyName: String?
        @usableFromInline var givenName: String?
        @usableFromInline var preferredName: String?
        @usableFromInline var sex: String?
        @usableFromInline var mobile: String?
        @usableFromInline var phone: String?
        @usableFromInline var email: String?
        @usableFromInline var address: String?
        @usableFromInline var postcode: String?
        @usableFromInline var cardLast4: String?
        @usableFromInline var localPatientID: String?
        /// The fields few traces give; nil where none of them is given (never a box of nothing).
        @usableFromInline var rare: Rare?
        /// The date of birth's `packed` number; 0 for none, or for a date it cannot hold (`Rare.dob`).
        @usableFromInline var packedDOB: UInt32 = 0

        @usableFromInline init() {}

        @inlinable var nhiUnchecked: String? {
            get { rare?.fields.nhiUnchecked }
            set { changeRare { $0.nhiUnchecked = newValue } }
        }
        @inlinable var givenInitial: String? {
            get { rare?.fields.givenInitial }
            set { changeRare { $0.givenInitial = newValue } }
        }
        @inlinable var familyInitial: String? {
            get { rare?.fields.familyInitial }
            set { changeRare { $0.familyInitial = newValue } }
        }
        @inlinable var payerName: String? {
            get { rare?.fields.payerName }
            set { changeRare { $0.payerName = newValue } }
        }
        @inlinable var portalID: String? {
            get { rare?.fields.portalID }
            set { changeRare { $0.portalID = newValue } }
        }
        @inlinable var peopleNamed: Int? {
            get { rare?.fields.peopleNamed }
            set { changeRare { $0.peopleNamed = newValue } }
        }
        @inlinable var dob: LocalDate? {
            get { packedDOB != 0 ? LocalDate(packed: packedDOB) : rare?.fields.dob }
            set {
                // Held as its number where the number gives the same date back (every year a record
                // gives: 1800 to 2200); any other in the box.
                if let date = newValue, date.packed != 0, LocalDate(packed: date.packed) == date {
                    packedDOB = date.packed
                    if rare?.fields.dob != nil { changeRare { $0.dob = nil } }
                } else {
                    packedDOB = 0
                    if newValue != nil || rare?.fields.dob != nil { changeRare { $0.dob = newValue } }
                }
            }
        }

        /// A new box with the change made (a box is never changed: fields copied share it), or none
        /// where the change leaves nothing in it.
        @usableFromInline mutating func changeRare(_ change: (inout Rare.Fields) -> Void) {
            var fields = rare?.fields ?? Rare.Fields()
            change(&fields)
            rare = fields == Rare.Fields() ? nil : Rare(fields)
        }

        private enum CodingKeys: String, CodingKey {
            case nhi, nhiUnchecked, familyName, givenName, preferredName, givenInitial, familyInitial, dob, sex, mobile,
                 phone, email, address, postcode, cardLast4, payerName, portalID, localPatientID, peopleNamed
        }

        /// As the nineteen fields were coded, each there only where it is given.
        @usableFromInline init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            nhi = try container.decodeIfPresent(String.self, forKey: .nhi)
            nhiUnchecked = try container.decodeIfPresent(String.self, forKey: .nhiUnchecked)
            familyName = try container.decodeIfPresent(String.self, forKey: .familyName)
            givenName = try container.decodeIfPresent(String.self, forKey: .givenName)
            preferredName = try container.decodeIfPresent(String.self, forKey: .preferredName)
            givenInitial = try container.decodeIfPresent(String.self, forKey: .givenInitial)
            familyInitial = try container.decodeIfPresent(String.self, forKey: .familyInitial)
            dob = try container.decodeIfPresent(LocalDate.self, forKey: .dob)
            sex = try container.decodeIfPresent(String.self, forKey: .sex)
            mobile = try container.decodeIfPresent(String.self, forKey: .mobile)
            phone = try container.decodeIfPresent(String.self, forKey: .phone)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            address = try container.decodeIfPresent(String.self, forKey: .address)
            postcode = try container.decodeIfPresent(String.self, forKey: .postcode)
            cardLast4 = try container.decodeIfPresent(String.self, forKey: .cardLast4)
            payerName = try container.decodeIfPresent(String.self, forKey: .payerName)
            portalID = try container.decodeIfPresent(String.self, forKey: .portalID)
            localPatientID = try container.decodeIfPresent(String.self, forKey: .localPatientID)
            peopleNamed = try container.decodeIfPresent(Int.self, forKey: .peopleNamed)
        }

        @usableFromInline func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(nhi, forKey: .nhi)
            try container.encodeIfPresent(nhiUnchecked, forKey: .nhiUnchecked)
            try container.encodeIfPresent(familyName, forKey: .familyName)
            try container.encodeIfPresent(givenName, forKey: .givenName)
            try container.encodeIfPresent(preferredName, forKey: .preferredName)
            try container.encodeIfPresent(givenInitial, forKey: .givenInitial)
            try container.encodeIfPresent(familyInitial, forKey: .familyInitial)
            try container.encodeIfPresent(dob, forKey: .dob)
            try container.encodeIfPresent(sex, forKey: .sex)
            try container.encodeIfPresent(mobile, forKey: .mobile)
            try container.encodeIfPresent(phone, forKey: .phone)
            try container.encodeIfPresent(email, forKey: .email)
            try container.encodeIfPresent(address, forKey: .address)
            try container.encodeIfPresent(postcode, forKey: .postcode)
            try container.encodeIfPresent(cardLast4, forKey: .cardLast4)
            try container.encodeIfPresent(payerName, forKey: .payerName)
            try container.encodeIfPresent(portalID, forKey: .portalID)
            try container.encodeIfPresent(localPatientID, forKey: .localPatientID)
            try container.encodeIfPresent(peopleNamed, forKey: .peopleNamed)
        }
    }

    /// The fields few identities give, boxed (`Fields.rare`): never changed once made, so copies of
    /// the fields share it; compared and hashed by what it holds.
    @usableFromInline final class Rare: Hashable, Sendable {
        @usableFromInline struct Fields: Hashable, Sendable {
            @usableFromInline var nhiUnchecked: String?
            @usableFromInline var givenInitial: String?
            @usableFromInline var familyInitial: String?
            @usableFromInline var payerName: String?
            @usableFromInline var portalID: String?
            @usableFromInline var peopleNamed: Int?
            /// A date of birth whose `packed` number does not give it back (a year past 65,535).
            @usableFromInline var dob: LocalDate?
            @usableFromInline init() {}
        }
        @usableFromInline let fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }

        @usableFromInline static func == (a: Rare, b: Rare) -> Bool { a === b || a.fields == b.fields }
        @usableFromInline func hash(into hasher: inout Hasher) { fields.hash(into: &hasher) }
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
