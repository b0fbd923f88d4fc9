import Testing
@testable import Linkage

@Suite("Comparisons: levels as people write names, dates and numbers")
struct ComparisonTests {
    /// The level label two people get on one comparison.
    func level(_ comparison: Comparison, _ a: [PersonRole: String], _ b: [PersonRole: String]) -> String {
        var table = PersonTable()
        table.append(id: "a", PersonFields(a))
        table.append(id: "b", PersonFields(b))
        let l = comparison.level(table, 0, 1)
        return l < 0 ? "missing" : comparison.levels[Int(l)].label
    }

    let given = ComparisonLibrary.name(given: true, thresholds: [0.92, 0.85])
    let family = ComparisonLibrary.name(given: false, thresholds: [0.92, 0.85])

    @Test("names: exact, folded, swapped, nickname, shared word, Jaro-Winkler, initial, different, missing")
    func names() {
        #expect(level(given, [.given: "Tāmati"], [.given: "Tāmati"]) == "exact")
        #expect(level(given, [.given: "Tāmati"], [.given: "TAMATI"]) == "same without case or macrons")
        #expect(level(given, [.given: "Tipene", .family: "Jane"], [.given: "Jane", .family: "Tipene"]) == "given and family swapped")
        #expect(level(family, [.given: "Tipene", .family: "Jane"], [.given: "Jane", .family: "Tipene"]) == "given and family swapped")
        #expect(level(given, [.given: "Bob"], [.given: "Robert"]) == "nickname")
        #expect(level(given, [.given: "Wiremu"], [.given: "William"]) == "nickname")
        #expect(level(family, [.family: "Fitzgerald-Hart"], [.family: "Hart"]) == "shares a word (double or hyphenated)")
        #expect(level(family, [.family: "Te Whata"], [.family: "Whata"]) == "shares a word (double or hyphenated)")
        #expect(level(given, [.given: "Martha"], [.given: "Marhta"]) == "Jaro-Winkler ≥ 0.92")
        #expect(level(given, [.given: "J"], [.given: "Jane"]) == "initial fits")
        #expect(level(given, [.given: "Jane"], [.given: "Mere"]) == "different")
        #expect(level(given, [.given: "Jane"], [:]) == "missing")
    }

    @Test("dates of birth: same, day and month swapped, one part off, different")
    func datesOfBirth() {
        let c = ComparisonLibrary.dateOfBirth
        #expect(level(c, [.dob: "1980-03-07"], [.dob: "07/03/1980"]) == "same date")
        #expect(level(c, [.dob: "1980-03-07"], [.dob: "1980-07-03"]) == "day and month swapped")
        #expect(level(c, [.dob: "1980-03-07"], [.dob: "1981-03-07"]) == "one part off")
        #expect(level(c, [.dob: "19800307"], [.dob: "19800313"]) == "one part off")
        #expect(level(c, [.dob: "1980-03-07"], [.dob: "1975-11-20"]) == "different")
    }

    @Test("NHI one character off only when a check character fails; phones by E.164 and last seven digits")
    func identifiers() {
        #expect(level(ComparisonLibrary.nhi, [.nhi: "ZAA0067"], [.nhi: "zaa 0067"]) == "same NHI")
        #expect(level(ComparisonLibrary.nhi, [.nhi: "ZAA0067"], [.nhi: "ZAA0068"]) == "one character off, check fails")
        #expect(level(ComparisonLibrary.nhi, [.nhi: "ZAA0067"], [.nhi: "ZAA0105"]) == "different NHI")
        #expect(level(ComparisonLibrary.phone, [.phone: "021 123 4567"], [.phone: "+64 21 123 4567"]) == "same number")
        #expect(level(ComparisonLibrary.phone, [.phone: "021 123 4567"], [.phone: "027 123 4567"]) == "same last seven digits")
        #expect(level(ComparisonLibrary.identifier, [.identifier: "4086030"], [.identifier: "4086300"]) == "one edit apart")
    }

    @Test("household: phone and address count once")
    func household() {
        let c = ComparisonLibrary.household
        let home: [PersonRole: String] = [.phone: "021 123 4567", .houseNumber: "12", .street: "Rata St", .postcode: "1024"]
        #expect(level(c, home, [.phone: "0211234567", .houseNumber: "12", .street: "Rata Street"]) == "same phone and address")
        #expect(level(c, home, [.postcode: "1024"]) == "same postcode or locality")
        #expect(level(c, home, [.email: "x@example.co.nz"]) == "missing")
    }

    @Test("a date of birth as yyyymmdd: ISO dates from their bytes as taking them apart gives; typos kept as written")
    func dateNumbers() {
        for text in ["1980-05-12", "1980-13-12", "1980-02-30", "0001-01-01", "1799-12-31", "2201-01-01", "12/05/1980", "12-05-80",
                     "19800512", "1980-5-12", "1980.05.12", "", "----------", "1980-05-1x", "+980-05-12"] {
            #expect(PersonTable.dateNumber(text) == PersonTable.dateNumberTakenApart(text), "\(text)")
        }
        #expect(PersonTable.dateNumber("1980-05-12") == 19800512 && PersonTable.dateNumber("1980-13-12") == 19801312)
        #expect(PersonTable.dateNumber("12/05/80") == 19800512 && PersonTable.dateNumber("nothing") == 0)
    }

    @Test("one edit apart and one character off: every pair of short strings over a small alphabet, against the definitions")
    func edits() {
        // The definitions, written plainly: the strings one edit of `a` makes, and the places two strings differ at.
        func oneEditOf(_ a: [UInt8]) -> Set<[UInt8]> {
            var made: Set<[UInt8]> = [a]
            for i in 0...a.count {
                for c: UInt8 in [0x61, 0x62, 0x63] {
                    made.insert(Array(a[..<i]) + [c] + Array(a[i...]))                                  // insert
                    if i < a.count { made.insert(Array(a[..<i]) + [c] + Array(a[(i + 1)...])) }        // substitute
                }
                if i < a.count { made.insert(Array(a[..<i]) + Array(a[(i + 1)...])) }                  // delete
                if i + 1 < a.count { var s = a; s.swapAt(i, i + 1); made.insert(s) }                  // swap neighbours
            }
            return made
        }
        var all: [[UInt8]] = [[]]
        for length in 1...4 { all += all.filter { $0.count == length - 1 }.flatMap { s in [0x61, 0x62, 0x63].map { s + [$0] } } }
        for a in all {
            let near = oneEditOf(a)
            for b in all {
                #expect(StringSimilarity.withinOneEdit(a, b) == near.contains(b), "\(a) \(b)")
                let differ = a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : -1
                #expect(StringSimilarity.oneSubstitution(a, b) == (differ == 1), "\(a) \(b)")
            }
        }
    }

    @Test("Jaro-Winkler matches the published examples")
    func jaroWinkler() {
        func jw(_ a: String, _ b: String) -> Double { StringSimilarity.jaroWinkler(Array(a.utf8), Array(b.utf8)) }
        #expect(abs(jw("martha", "marhta") - 0.9611) < 0.001)
        #expect(abs(jw("dwayne", "duane") - 0.84) < 0.001)
        #expect(abs(jw("dixon", "dicksonx") - 0.8133) < 0.001)
        #expect(jw("abc", "xyz") == 0)
    }

    @Test("Jaro with matched places as bits: the same number as the general way, lengths 1 to 64 and past them")
    func shortJaroSameAsGeneral() {
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for round in 0..<40_000 {
            // A small alphabet, so that strings share letters, out of place and transposed.
            let alphabet = Array("abcde".utf8) + (round % 2 == 0 ? Array("fghij".utf8) : [])
            let long = round % 50 == 0
            let a = (0..<Int.random(in: 1...(long ? 90 : 12), using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = round % 3 == 0 ? a.shuffled(using: &generator) + a.prefix(Int.random(in: 0...2, using: &generator))
                : (0..<Int.random(in: 1...(long ? 90 : 12), using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let (s, t) = a.count <= b.count ? (a, b) : (b, a)
            let general = StringSimilarity.generalJaro(s, t)
            if a != b, t.count <= 64 {
                let short = s.withUnsafeBufferPointer { s in t.withUnsafeBufferPointer { t in StringSimilarity.shortJaro(s, t) } }
                if short != general { wrong.append("\(a) \(b)") }
            }
            if a != b, StringSimilarity.jaro(a, b) != general { wrong.append("jaro \(a) \(b)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test("a person's fields: each role at its own place, given back as set, empty texts not a role given")
    func personFields() {
        #expect(PersonRole.allCases.map(\.place) == Array(PersonRole.allCases.indices))
        var all: [PersonRole: String] = [:]
        for role in PersonRole.allCases { all[role] = "text of \(role.rawValue)" }
        let fields = PersonFields(all, cards: ["1234"])
        #expect(fields.values == all)
        for role in PersonRole.allCases { #expect(fields[role] == all[role]) }
        var some = PersonFields([.family: "Ngata", .dob: ""])
        some[.given] = "Tamati"
        some[.family] = nil
        #expect(some.values == [.given: "Tamati", .dob: ""])
        #expect(some.rolesGiven == [.given])
    }
}
