import LacunaCore

/// Everyone being linked, prepared once for fast comparison: each role an interned column (folded
/// names, dates as numbers, phones in E.164), so a comparison of two people reads integers and short
/// byte strings only. In `pair` linkage both lists live in one table, told apart by `side`.
public struct PersonTable: Sendable {
    /// The id each person had in their list (a column, a case trace id, a patient id).
    public private(set) var ids: [String] = []
    /// 0 for the first list (or the only one), 1 for the second.
    public private(set) var side: [UInt8] = []

    var givenRaw = TextColumn(), given = TextColumn()
    var familyRaw = TextColumn(), family = TextColumn()
    /// Folded words of each family value (by folded id), ids in `words`: a double or hyphenated
    /// family name shares a word with either half.
    var familyWords = FlatLists<Int32>()
    /// The formal names a given value's first word may stand for (Bob → robert), ids in `words`, in order.
    var givenFormal = FlatLists<Int32>()
    var words = TextColumn()
    /// Each folded given and family value (by its id in `given` or `family`) numbered alike: a given
    /// name that is another person's family name has the same number (given and family swapped).
    var givenAsName: [Int32] = [], familyAsName: [Int32] = []
    private var nameNumbers: [TextKey: Int32] = [:]
    /// yyyymmdd as written (a typo such as month 13 kept); 0 when missing.
    var dob: [Int32] = []
    /// 0 missing, 1 female, 2 male, 3 other.
    var sex: [UInt8] = []
    var nhi = TextColumn()
    var nhiValid: [Bool] = []
    var phone = TextColumn(), phoneLastSeven = TextColumn()
    var email = TextColumn()
    var street = TextColumn(), houseNumber = TextColumn(), locality = TextColumn(), postcode = TextColumn()
    var identifier = TextColumn()
    var cards: [[UInt16]] = []
    /// Which roles any person has: comparisons of roles nobody has are left out of the model.
    public var rolesPresent: Set<PersonRole> { Self.roles(seen: rolesSeen) }

    /// The roles bits say were given (`PersonFields.rolesGivenBits`, or'd), a whole name standing for both halves.
    static func roles(seen bits: Int) -> Set<PersonRole> {
        var roles = Set(PersonRole.allCases.filter { bits & 1 << $0.place != 0 })
        if roles.contains(.name) { roles.formUnion([.given, .family]) }
        return roles
    }
    /// The roles any person has, a bit each at the role's place (a set's hashing for every role of every person was not).
    private var rolesSeen = 0
    var anyCards = false
    /// Derived keys of values already seen (most values repeat: folding and parsing them once), by the
    /// value as written (hashed by `FastHash`: two or three lookups for every person).
    private var phoneKeys: [TextKey: String] = [:], streetKeys: [TextKey: String] = [:], foldedKeys: [TextKey: String] = [:]

    public init() {}

    public var count: Int { ids.count }

    /// Lets go of what only adding people needs: each column's look-up of its values by their bytes and
    /// the keys worked out for values met again (some 30 MB at 100,000 patients, held through training
    /// and linking, where a run holds the most). A person added after it is added as before.
    public mutating func finishAppending() {
        let columns: [WritableKeyPath<PersonTable, TextColumn>] = [\.givenRaw, \.given, \.familyRaw, \.family, \.words, \.nhi, \.phone,
                                                                   \.phoneLastSeven, \.email, \.street, \.houseNumber, \.locality,
                                                                   \.postcode, \.identifier]
        for column in columns { self[keyPath: column].finishAppending() }
        phoneKeys = [:]
        streetKeys = [:]
        foldedKeys = [:]
    }

    /// Adds one person.
    public mutating func append(id: String, side: UInt8 = 0, _ fields: PersonFields) {
        ids.append(id)
        self.side.append(side)
        var givenText = fields[.given]
        var familyText = fields[.family]
        if givenText == nil && familyText == nil, let whole = fields[.name] {
            (givenText, familyText) = PersonTable.split(name: whole)
        }
        appendName(givenText, given: true)
        appendName(familyText, given: false)
        dob.append(fields[.dob].map(PersonTable.dateNumber) ?? 0)
        sex.append(fields[.sex].map(PersonTable.sexCode) ?? 0)
        let nhiText = fields[.nhi].map { $0.asciiLettersAndDigitsUppercased ?? String($0.uppercased().filter { $0.isLetter || $0.isNumber }) }
        let nhiID = nhi.append(nhiText)
        if nhiID >= 0 && Int(nhiID) >= nhiValid.count {
            if case .success = NHI.parse(nhi.text(nhiID)) { nhiValid.append(true) } else { nhiValid.append(false) }
        }
        let e164 = fields[.phone].flatMap { text -> String? in
            if let known = phoneKeys[TextKey(text)] { return known.isEmpty ? nil : known }
            let key = PhoneNumber(text)?.e164 ?? PersonTable.digits(text)
            phoneKeys[TextKey(text)] = key ?? ""
            return key
        }
        phone.append(e164)
        phoneLastSeven.append(e164.flatMap { $0.characterCount >= 7 ? Self.lastSeven($0) : nil })
        email.append(fields[.email].map { $0.trimmingSpaces.lowercased() })
        street.append(fields[.street].map { text in
            if let known = streetKeys[TextKey(text)] { return known }
            let key = PersonTable.streetKey(text)
            streetKeys[TextKey(text)] = key
            return key
        })
        houseNumber.append(fields[.houseNumber].map { folded($0) })
        locality.append(fields[.locality].map { folded($0) })
        postcode.append(fields[.postcode].map { $0.asciiLettersAndDigitsUppercased ?? String($0.filter { $0.isLetter || $0.isNumber }).uppercased() })
        identifier.append(fields[.identifier].map { $0.asciiLettersAndDigitsUppercased ?? String($0.filter { $0.isLetter || $0.isNumber }).uppercased() })
        let cardNumbers = fields.cards.compactMap { UInt16($0.suffix(4)) }
        cards.append(cardNumbers)
        if !cardNumbers.isEmpty { anyCards = true }
        rolesSeen |= fields.rolesGivenBits
    }

    private mutating func folded(_ text: String) -> String {
        if let known = foldedKeys[TextKey(text)] { return known }
        let key = NameFolding.key(text)
        foldedKeys[TextKey(text)] = key
        return key
    }

    private mutating func appendName(_ text: String?, given isGiven: Bool) {
        let trimmed = text?.trimmingSpaces
        let key = trimmed.map { folded($0) }
        if isGiven { givenRaw.append(trimmed) } else { familyRaw.append(trimmed) }
        let id = isGiven ? given.append(key) : family.append(key)
        let known = isGiven ? givenAsName.count : familyAsName.count
        guard id >= 0, Int(id) >= known, let trimmed, let key else { return }
        let number = nameNumbers[TextKey(key)] ?? Int32(nameNumbers.count)
        nameNumbers[TextKey(key)] = number
        let nameWords = NameFolding.words(trimmed)
        if isGiven {
            givenAsName.append(number)
            givenFormal.append(Nicknames.formalNames(for: nameWords.first ?? "").map { words.intern($0) }.sorted())
        } else {
            familyAsName.append(number)
            familyWords.append(nameWords.map { words.intern($0) })
        }
    }

    // MARK: Reading values as people write them

    /// "TIPENE, Jane" → (Jane, TIPENE); "Jane Mary Tipene" → (Jane Mary, Tipene).
    static func split(name: String) -> (given: String?, family: String?) {
        if let comma = name.firstIndex(of: ",") {
            return (String(name[name.index(after: comma)...]).trimmingSpaces.nilIfEmpty,
                    String(name[..<comma]).trimmingSpaces.nilIfEmpty)
        }
        let parts = name.split(separator: " ")
        guard parts.count > 1 else { return (nil, parts.first.map(String.init)) }
        return (parts.dropLast().joined(separator: " "), String(parts.last!))
    }

    /// yyyymmdd from `YYYYMMDD`, `YYYY-MM-DD`, `DD/MM/YYYY` or `DD-MM-YYYY`; 0 when unreadable. Parts
    /// are kept as written (a month of 13 is a typo to compare, not to drop).
    static func dateNumber(_ text: String) -> Int32 {
        // `YYYY-MM-DD`, as an identity's date of birth is written, from its bytes.
        if text.utf8.count == 10, let date = LocalDate(iso: text) { return Int32(date.year * 10000 + date.month * 100 + date.day) }
        return dateNumberTakenApart(text)
    }

    /// `dateNumber` of any text, its parts taken apart as characters.
    static func dateNumberTakenApart(_ text: String) -> Int32 {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." || $0 == " " }).map(String.init)
        var y = 0, m = 0, d = 0
        if parts.count == 1, parts[0].count == 8, let n = Int(parts[0]) {
            (y, m, d) = (n / 10000, n / 100 % 100, n % 100)
        } else if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) {
            if parts[0].count == 4 { (y, m, d) = (a, b, c) } else { (y, m, d) = (c < 100 ? c + 1900 : c, b, a) }
        } else {
            return 0
        }
        guard y > 0, y < 10000, m < 100, d < 100 else { return 0 }
        return Int32(y * 10000 + m * 100 + d)
    }

    /// A phone key's last seven characters: its last seven bytes where it is ASCII (an E.164 number is
    /// `+` and digits; only digits of another script, kept as written, are not).
    static func lastSeven(_ key: String) -> String {
        key.withUTF8Bytes { $0.isASCII } ? String(decoding: key.utf8.suffix(7), as: UTF8.self) : String(key.suffix(7))
    }

    static func sexCode(_ text: String) -> UInt8 {
        switch text.trimmingSpaces.lowercased() {
        case "f", "female", "w", "woman": return 1
        case "m", "male", "man": return 2
        case "": return 0
        default: return 3
        }
    }

    static func digits(_ text: String) -> String? {
        let d = String(text.filter(\.isNumber))
        return d.isEmpty ? nil : d
    }

    /// Folded street words with the usual abbreviations written out and the spaces dropped: "Rata St",
    /// "Rata Street" and "ratastreet" are one street.
    static func streetKey(_ text: String) -> String {
        NameFolding.words(text).map { streetWords[$0] ?? $0 }.joined()
    }

    /// A street type's short form → its long one.
    private static let streetWords = ["st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "dr": "drive", "pl": "place",
                                      "cres": "crescent", "cr": "crescent", "tce": "terrace", "ln": "lane", "hwy": "highway", "sq": "square"]
}

extension String {
    /// Without leading and trailing white space (quick when there is none, as in most fields).
    public var trimmingSpaces: String {
        // Its first and last bytes where they lie (the UTF-8 view's `first` and `last` cost more).
        let plain = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first > 0x20 && last > 0x20 && first < 0x80 && last < 0x80
        }
        if plain == true { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    var nilIfEmpty: String? { isEmpty ? nil : self }
}
