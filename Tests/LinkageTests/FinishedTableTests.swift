import Testing
import LacunaCore
@testable import Linkage

@Suite("A person table made whole lets go of its look-ups")
struct FinishedTableTests {
    /// People whose values repeat, differ only in how a letter with a macron is written (one scalar, or a
    /// letter and the macron: one value to Swift), and are missing.
    static let people: [PersonFields] = [
        PersonFields(given: "Aroha", family: "Tūhoe", dob: "1980-01-02", sex: "F", nhi: "ZZZ0016", phone: "+64211234567", email: "a@x.nz",
                     street: "1 Main Road", postcode: "1010", identifier: "P1"),
        PersonFields(given: "Jack", family: "Walker", dob: "1975-05-06", sex: "M", nhi: nil, phone: "+6495551234", email: nil,
                     street: "22 Queen Street, Ponsonby, Auckland", postcode: "1011", identifier: "P2"),
        PersonFields(given: "Aroha", family: "Tu\u{304}hoe", dob: nil, sex: nil, nhi: "ZZZ0024", phone: "+64211234567", email: "a@x.nz",
                     street: "1 Main Road", postcode: "1010", identifier: nil),
        PersonFields(given: "Bob", family: "Walker-Smith", dob: "1975-05-06", sex: "M", nhi: nil, phone: nil, email: nil,
                     street: nil, postcode: nil, identifier: "P4"),
        PersonFields(given: "Robert", family: "Smith", dob: "1975-05-07", sex: "M", nhi: nil, phone: "+6495551234", email: nil,
                     street: "22 Queen St", postcode: "1011", identifier: "P5"),
    ]

    /// Every column's value of each person and each value's count, as text, to compare two tables by:
    /// by the values, not their ids (the words a nickname stands for are numbered in a set's order).
    static func columns(_ table: PersonTable) -> [String] {
        let text: [(String, TextColumn)] = [("givenRaw", table.givenRaw), ("given", table.given), ("familyRaw", table.familyRaw),
                                            ("family", table.family), ("words", table.words), ("nhi", table.nhi), ("phone", table.phone),
                                            ("phoneLastSeven", table.phoneLastSeven), ("email", table.email), ("street", table.street),
                                            ("houseNumber", table.houseNumber), ("locality", table.locality), ("postcode", table.postcode),
                                            ("identifier", table.identifier)]
        func words(_ ids: [Int32]) -> [String] { ids.map { table.words.text($0) }.sorted() }
        return text.map { name, column in
            let values = (0..<column.count).map { column[$0] < 0 ? "-" : column.text(column[$0]) }
            let counts = (0..<column.valueCount).map { "\(column.text(Int32($0)))×\(column.counts[$0])" }.sorted()
            return "\(name): \(values) \(counts)"
        } + ["familyWords \((0..<table.familyWords.count).map { words(table.familyWords[$0]) })",
             "givenFormal \((0..<table.givenFormal.count).map { words(table.givenFormal[$0]) })",
             "asName \(table.givenAsName) \(table.familyAsName)", "dob \(table.dob)", "sex \(table.sex)"]
    }

    @Test("people added after a table was made whole get the values, counts and words they would have had, a value met before the same id")
    func addedAfterAsBefore() {
        for cut in 0...Self.people.count {
            var whole = PersonTable(), finished = PersonTable()
            for (k, person) in Self.people.enumerated() {
                whole.append(id: "\(k)", person)
                if k == cut { finished.finishAppending() }
                finished.append(id: "\(k)", person)
            }
            if cut == Self.people.count { finished.finishAppending() }
            #expect(Self.columns(finished) == Self.columns(whole), "made whole after \(cut) people")
        }
        // A value met before keeps its id: the second Aroha Tūhoe (the macron written apart) is the first's.
        var finished = PersonTable()
        finished.append(id: "0", Self.people[0])
        finished.finishAppending()
        finished.append(id: "2", Self.people[2])
        #expect(finished.familyRaw[1] == finished.familyRaw[0] && finished.given[1] == finished.given[0] && finished.familyRaw.valueCount == 1)
    }
}
