/// What a column of a person list holds, in the words of `lacuna link --role COL=ROLE`.
public enum PersonRole: String, CaseIterable, Sendable {
    case given, family
    /// A whole name in one column ("Jane Tipene", "TIPENE, Jane"), split into given and family.
    case name
    case dob, sex, nhi, phone, email, street
    case houseNumber = "house-number"
    case locality, postcode, identifier
}

/// One person as a list or a trace gives them: the raw text of each role, absent where unknown.
public struct PersonFields: Sendable {
    public var values: [PersonRole: String] = [:]
    /// Card last fours that may be this person's: their own and their household's (traces to patients).
    public var cards: [String] = []

    public init(_ values: [PersonRole: String] = [:], cards: [String] = []) {
        self.values = values
        self.cards = cards
    }

    public subscript(role: PersonRole) -> String? {
        get { values[role] }
        set { values[role] = newValue }
    }
}
