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
    // Each role's text in a field of its own (a person is made for every trace linking reads: a
    // dictionary's hashing and growing was most of making one, and a list's allocation, its texts'
    // retains and its destruction element by element most of what was left).
    private var given: String?, family: String?, name: String?, dob: String?, sex: String?, nhi: String?, phone: String?
    private var email: String?, street: String?, houseNumber: String?, locality: String?, postcode: String?, identifier: String?
    /// Card last fours that may be this person's: their own and their household's (traces to patients).
    public var cards: [String] = []

    public init(_ values: [PersonRole: String] = [:], cards: [String] = []) {
        for (role, text) in values { self[role] = text }
        self.cards = cards
    }

    /// The roles an identity gives (`init(identity:)`), set at once.
    init(given: String?, family: String?, dob: String?, sex: String?, nhi: String?, phone: String?, email: String?,
         street: String?, postcode: String?, identifier: String?) {
        (self.given, self.family, self.dob, self.sex, self.nhi) = (given, family, dob, sex, nhi)
        (self.phone, self.email, self.street, self.postcode, self.identifier) = (phone, email, street, postcode, identifier)
    }

    /// The roles given, with their text.
    public var values: [PersonRole: String] {
        var values: [PersonRole: String] = [:]
        for role in PersonRole.allCases { if let text = self[role] { values[role] = text } }
        return values
    }

    public subscript(role: PersonRole) -> String? {
        get {
            switch role {
            case .given: given
            case .family: family
            case .name: name
            case .dob: dob
            case .sex: sex
            case .nhi: nhi
            case .phone: phone
            case .email: email
            case .street: street
            case .houseNumber: houseNumber
            case .locality: locality
            case .postcode: postcode
            case .identifier: identifier
            }
        }
        set {
            switch role {
            case .given: given = newValue
            case .family: family = newValue
            case .name: name = newValue
            case .dob: dob = newValue
            case .sex: sex = newValue
            case .nhi: nhi = newValue
            case .phone: phone = newValue
            case .email: email = newValue
            case .street: street = newValue
            case .houseNumber: houseNumber = newValue
            case .locality: locality = newValue
            case .postcode: postcode = newValue
            case .identifier: identifier = newValue
            }
        }
    }

    /// The roles given with a text that is not empty, in `PersonRole.allCases` order.
    public var rolesGiven: [PersonRole] {
        PersonRole.allCases.filter { self[$0].map { !$0.isEmpty } ?? false }
    }

    /// `rolesGiven` as bits: bit `place` for each role given.
    var rolesGivenBits: Int {
        var bits = 0
        for role in PersonRole.allCases where !(self[role]?.isEmpty ?? true) { bits |= 1 << role.place }
        return bits
    }
}

extension PersonRole {
    /// The role's place in `allCases`.
    var place: Int {
        switch self {
        case .given: 0
        case .family: 1
        case .name: 2
        case .dob: 3
        case .sex: 4
        case .nhi: 5
        case .phone: 6
        case .email: 7
        case .street: 8
        case .houseNumber: 9
        case .locality: 10
        case .postcode: 11
        case .identifier: 12
        }
    }
}
