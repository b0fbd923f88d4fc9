import Testing
@testable import Linkage

/// The person table's columns as comparisons read them.
@Suite("Person table: a row copied is a row read again")
struct PersonTableTests {
    /// People with every role, some missing, a whole name split, and each given twice or more.
    static func people() -> [PersonFields] {
        let everyRole = PersonFields([.given: "Jane Mary", .family: "Tipene-Smith", .dob: "1970-01-02", .sex: "F", .nhi: "ZZZ0016",
                                      .phone: "021 555 0101", .email: " Jane@Example.COM ", .street: "12 Rata Street",
                                      .houseNumber: "12", .locality: "Ōtaki", .postcode: "5512", .identifier: "p-0042"],
                                     cards: ["4242", "1234567812345678"])
        let wholeName = PersonFields([.name: "TIPENE, Jane", .dob: "02/01/1970", .nhi: "ZZZ0017"])
        let few = PersonFields([.family: "Ngata", .sex: "M"])
        let macron = PersonFields([.given: "Tāne", .family: "Whaanga", .phone: "+64 4 555 0199", .street: "1 Kōwhai Road"])
        return [everyRole, wholeName, few, everyRole, macron, few, macron, wholeName, everyRole, PersonFields()]
    }

    @Test("a person appended as a copy of an earlier row leaves every column as appending their fields again does")
    func copiedRow() {
        var read = PersonTable(), copied = PersonTable()
        var firstRow: [Int: Int] = [:]
        let people = Self.people()
        // Alike people by their place among the distinct ones (the fields have no equality of their own).
        let kinds = [0, 1, 2, 0, 3, 2, 3, 1, 0, 4]
        for (n, person) in people.enumerated() {
            read.append(id: "t\(n)", side: 1, person)
            if let row = firstRow[kinds[n]] {
                copied.append(id: "t\(n)", side: 1, copying: row)
            } else {
                firstRow[kinds[n]] = copied.count
                copied.append(id: "t\(n)", side: 1, person)
            }
        }
        // Every stored value, line by line (dictionaries of keys worked out list theirs in an order of
        // their own: the lines compared sorted).
        var readDump = "", copiedDump = ""
        dump(read, to: &readDump)
        dump(copied, to: &copiedDump)
        #expect(readDump.split(separator: "\n").sorted() == copiedDump.split(separator: "\n").sorted())
        #expect(readDump.split(separator: "\n").count > 200)
        #expect(copied.given.frequency(copied.given[0]) == read.given.frequency(read.given[0]))
        #expect(copied.nhi.chanceOfSharing == read.nhi.chanceOfSharing)
    }
}
