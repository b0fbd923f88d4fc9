/// What one trace says about who it concerns. Every field is optional: a bank row gives a payer name,
/// a lab message an NHI, name and DOB, a GP's remembered list perhaps only "Bob H".
public struct Identity: Hashable, Sendable, Codable {
    /// A valid NHI (check character right, or right under mod 24 with a warning).
    public var nhi: String?
    /// An NHI-shaped value whose check character failed: kept for a person and for fuzzy linkage.
    public var nhiUnchecked: String?
    public var familyName: String?
    public var givenName: String?
    public var preferredName: String?
    /// An initial where only that is known ("Mrs J Tipene" gives J).
    public var givenInitial: String?
    public var familyInitial: String?
    public var dob: LocalDate?
    /// `F`, `M`, `X` or `U`.
    public var sex: String?
    /// E.164.
    public var mobile: String?
    /// E.164.
    public var phone: String?
    public var email: String?
    public var address: String?
    public var postcode: String?
    public var cardLast4: String?
    /// The name on a bank payment, which may be a parent's.
    public var payerName: String?
    public var portalID: String?
    /// The practice system's own patient id (chart number).
    public var localPatientID: String?
    /// How many people the trace names ("the Nguyen twins" names two).
    public var peopleNamed: Int?

    /// Nothing known. Inlinable, so that a reader setting the fields one by one after it (every trace read
    /// back from the case, every run) knows each is still nil rather than destroying whatever it held.
    @inlinable public init() {}

    /// Whether the trace carries anything that could tie it to a person.
    public var isEmpty: Bool {
        nhi == nil && nhiUnchecked == nil && familyName == nil && givenName == nil && dob == nil && mobile == nil
            && phone == nil && email == nil && cardLast4 == nil && payerName == nil && portalID == nil
            && localPatientID == nil && familyInitial == nil
    }
}

extension Identity {
    /// Whether it identifies a patient as a register must: an NHI, or a name with a date of birth.
    public var identifiesAPatient: Bool {
        nhi != nil || (dob != nil && (familyName != nil || givenName != nil))
    }
}
