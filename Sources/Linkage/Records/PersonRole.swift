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
    /// Each role's text at the role's place in `PersonRole.allCases` (a person is made for every trace
    /// linking reads: a dictionary's hashing and growing was most of making one).
    private var texts: [String?] = Array(repeating: nil, count: PersonRole.allCases.count)
    /// Card last fours that may be this person's: their own and their household's (traces to patients).
    public var cards: [String] = []

    public init(_ values: [PersonRole: String] = [:], cards: [String] = []) {
        for (role, text) in values { texts[role.place] = text }
        self.cards = cards
    }

    /// The roles given, with their text.
    public var values: [PersonRole: String] {
        var values: [PersonRole: String] = [:]
        for role in PersonRole.allCases { if let text = texts[role.place] { values[role] = text } }
        return values
    }

    public subscript(role: PersonRole) -> String? {
        get { texts[role.place] }
        set { texts[role.place] = newValue }
    }

    /// The roles given with a text that is not empty, in `PersonRole.allCases` order.
    public var rolesGiven: [PersonRole] {
        PersonRole.allCases.filter { texts[$0.place].map { !$0.isEmpty } ?? false }
    }

    /// `rolesGiven` as bits: bit `place` for each role given.
    var rolesGivenBits: Int {
        var bits = 0
        for (place, text) in texts.enumerated() where !(text?.isEmpty ?? true) { bits |= 1 << place }
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
