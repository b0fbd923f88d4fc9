public import LacunaCore

/// Which fields of a table name its patient (NHI, names, date of birth, phones, e-mail, address, chart
/// number), found by the register's header words, and a record's patient read from them as the register
/// reads its rows: one vocabulary for every source that carries patients' details in named fields (a
/// damaged database's tables, an index's documents).
public struct PatientFields: Sendable {
    /// Meaning (`nhi`, `family`, `dob` …) → field name.
    public let meanings: [String: String]
    /// The field of each meaning a patient is read from, by `Meaning` (a record's fields asked by name
    /// only for the meanings the table has).
    private let fieldOfMeaning: [String?]

    /// What a patient is read from, in the order it is read; `word` is the register's (`HeaderMap`'s) meaning.
    enum Meaning: Int, CaseIterable {
        case nhi, family, given, name, preferred, dob, sex, mobile, phone, email, address, suburb, city, postcode, id

        var word: String { Self.words[rawValue] }
        private static let words = ["nhi", "family", "given", "name", "preferred", "dob", "sex", "mobile", "phone", "email",
                                    "address", "suburb", "city", "postcode", "id"]
    }

    /// Finds them among `names` (the table's column or field names), checked against `sample` records
    /// where a meaning's shape decides (a column worded as a phone that holds phone numbers).
    public init(names: [String], sample: [[String: String]]) {
        let header = CSVRecord(fields: names, locator: Locator())
        let rows = sample.prefix(100).map { row in CSVRecord(fields: names.map { row[$0] ?? "" }, locator: Locator()) }
        guard let map = HeaderMap.locate(in: [header] + rows, synonyms: RegisterImporter.synonyms, minimumMatches: 1), map.headerIndex == 0 else {
            meanings = [:]
            fieldOfMeaning = Meaning.allCases.map { _ in nil }
            return
        }
        let meanings = map.columns.mapValues { names[$0] }
        self.meanings = meanings
        fieldOfMeaning = Meaning.allCases.map { meanings[$0.word] }
    }

    private init(meanings: [String: String]) {
        self.meanings = meanings
        fieldOfMeaning = Meaning.allCases.map { meanings[$0.word] }
    }

    /// The same fields, but for a database table: its own key and the column that refers to a patient
    /// (`numbers`) are the database's numbers for the row and the patient, which the register's words
    /// (`ID`, `Patient ID`) may take for a chart number. Where one of them was taken so, the chart number
    /// is read from another column the words fit (`chart_no`) where there is one; else, from none, or
    /// (`keepAlone`: the patients table, whose key may be the chart number itself) from it still.
    public func chartNumber(notFrom numbers: Set<String>, names: [String], sample: [[String: String]], keepAlone: Bool) -> PatientFields {
        guard let chart = meanings["id"], numbers.contains(chart) else { return self }
        let other = PatientFields(names: names.filter { !numbers.contains($0) }, sample: sample).meanings["id"]
        var meanings = meanings
        meanings["id"] = other ?? (keepAlone ? chart : nil)
        return PatientFields(meanings: meanings)
    }

    /// The patient a record names.
    public func identity(_ fields: [String: String], order: DateOrder = .ymd) -> Identity {
        var warnings: [String] = []
        return Self.identity(value: { fieldOfMeaning[$0.rawValue].flatMap { fields[$0] } }, order: order, warnings: &warnings)
    }

    /// The place among a table's field `names` of the field each meaning is read from (nil where the
    /// table has none): its rows then read by place (`identity(at:in:)`), not each meaning's field found
    /// by name in every row.
    public func places(among names: [String]) -> [Int?] {
        fieldOfMeaning.map { field in field.flatMap { names.firstIndex(of: $0) } }
    }

    /// The patient of a record whose texts are `texts` (in the order of the names `places` were found
    /// among), each meaning's at its place (`places(among:)`).
    public static func identity(at places: [Int?], in texts: [String], order: DateOrder = .ymd) -> Identity {
        var warnings: [String] = []
        return identity(value: { places[$0.rawValue].map { texts[$0] } }, order: order, warnings: &warnings)
    }

    /// Each meaning's column in a table `map` reads (nil where it has none), by `Meaning`: a row's
    /// cells then read by place (`identity(columns:in:…)`), not by meaning's name.
    static func columns(of map: HeaderMap) -> [Int?] { Meaning.allCases.map { map.columns[$0.word] } }

    /// The patient of a record whose meanings are at `columns` (`columns(of:)`), as `HeaderMap.value` reads a cell.
    static func identity(columns: [Int?], in record: CSVRecord, order: DateOrder, warnings: inout [String]) -> Identity {
        identity(value: { HeaderMap.value(at: columns[$0.rawValue], in: record) }, order: order, warnings: &warnings)
    }

    /// A patient from the cells of each meaning (`value(.nhi)` …), with the warnings they raise.
    static func identity(value: (Meaning) -> String?, order: DateOrder, warnings: inout [String]) -> Identity {
        func present(_ meaning: Meaning) -> String? { value(meaning).flatMap { $0.isEmpty ? nil : $0 } }
        var identity = Identity()
        let nhi = present(.nhi)
        IdentityReading.applyNHI(nhi, to: &identity, warnings: &warnings)
        if nhi != nil && identity.nhi == nil {
            warnings.append("an NHI fails its check character; kept as unchecked")
        }
        identity.familyName = present(.family)
        identity.givenName = present(.given)
        if identity.familyName == nil && identity.givenName == nil {
            let split = IdentityReading.splitName(present(.name))
            identity.givenName = split.given
            identity.familyName = split.family
        }
        identity.preferredName = present(.preferred)
        if let dobText = present(.dob) {
            identity.dob = DateReading.date(dobText, order: order)
            if identity.dob == nil { warnings.append("a date of birth could not be read; row kept without it") }
        }
        identity.sex = IdentityReading.sex(present(.sex))
        IdentityReading.applyPhone(present(.mobile), to: &identity, preferMobileSlot: true)
        IdentityReading.applyPhone(present(.phone), to: &identity, preferMobileSlot: false)
        identity.email = present(.email)?.lowercased()
        // The parts given, a comma between each two (written in turn: no array and join for every row).
        var address = ""
        for part in [Meaning.address, .suburb, .city] {
            guard let text = present(part) else { continue }
            if !address.isEmpty { address += ", " }
            address += text
        }
        identity.address = address.isEmpty ? nil : address
        identity.postcode = present(.postcode)
        identity.localPatientID = present(.id)
        return identity
    }
}
