import Testing
import LacunaCore
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
        // Digits of another script, kept as written where no number reads: compared by their last seven too.
        #expect(level(ComparisonLibrary.phone, [.phone: "٠٢١١٢٣٤٥٦٧"], [.phone: "٠٢٧١٢٣٤٥٦٧"]) == "same last seven digits")
        // A key's last seven, from its bytes or its characters, as `suffix(7)` gives them.
        for key in ["+64211234567", "1234567", "123456", "", "٠٢١١٢٣٤٥٦٧", "+6421١٢٣٤٥٦٧", "12345678\u{301}"] {
            #expect(PersonTable.lastSeven(key) == String(key.suffix(7)), "\(key)")
        }
    }

    @Test("household: phone and address count once")
    func household() {
        let c = ComparisonLibrary.household
        let home: [PersonRole: String] = [.phone: "021 123 4567", .houseNumber: "12", .street: "Rata St", .postcode: "1024"]
        #expect(level(c, home, [.phone: "0211234567", .houseNumber: "12", .street: "Rata Street"]) == "same phone and address")
        #expect(level(c, home, [.postcode: "1024"]) == "same postcode or locality")
        #expect(level(c, home, [.email: "x@example.co.nz"]) == "missing")
    }

    @Test("streets and localities a slip apart are alike by Jaro-Winkler; the ceilings asked first rule out only what it would")
    func similarPlaces() {
        let c = ComparisonLibrary.household
        #expect(level(c, [.street: "Rata Street", .houseNumber: "12"], [.street: "Rata Stret", .houseNumber: "14"]) == "similar street")
        #expect(level(ComparisonLibrary.address, [.street: "Rata Street"], [.street: "Rata Stret"]) == "street Jaro-Winkler ≥ 0.9")
        #expect(level(ComparisonLibrary.locality, [.locality: "Otahuhu"], [.locality: "Otahuhi"]) == "Jaro-Winkler ≥ 0.9")
        // Streets drawn from a few words, each pair's level against Jaro-Winkler worked out for every pair.
        let words = ["Rata", "Rātā", "Street", "St", "Road", "Rd", "Kauri", "Karaka", "Avenue", "Ave", "Kowhai", "Stret", "Tata", "Tate"]
        var generator = SeededRandom(seed: 12)
        var table = PersonTable()
        for n in 0..<300 {
            let street = (0..<(1 + Int(generator.next() % 3))).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
            table.append(id: "\(n)", PersonFields([.street: street, .locality: street]))
        }
        var wrong: [String] = [], alike = 0
        for i in 0..<table.count {
            for j in (i + 1)..<table.count where table.street[i] != table.street[j] {
                let similar = table.street.withBytes(table.street[i], table.street[j], StringSimilarity.jaroWinkler) >= 0.9
                if similar { alike += 1 }
                if (ComparisonLibrary.address.level(table, i, j) == 2) != similar { wrong.append("\(i) \(j) address") }
                if (ComparisonLibrary.household.level(table, i, j) == 3) != similar { wrong.append("\(i) \(j) household") }
            }
        }
        // A locality is folded as a name, not as a street: its own values.
        for i in 0..<table.count {
            for j in (i + 1)..<table.count where table.locality[i] != table.locality[j] {
                let similar = table.locality.withBytes(table.locality[i], table.locality[j], StringSimilarity.jaroWinkler) >= 0.9
                if (ComparisonLibrary.locality.level(table, i, j) == 1) != similar { wrong.append("\(i) \(j) locality") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(alike > 0)
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

    @Test("the byte masks rule out only pairs neither one edit apart nor one character off: every pair of short strings, bytes alike modulo 64 and beyond ASCII among them")
    func editMasks() {
        // "a" (0x61) and "!" (0x21) share a mask bit, as do "A" (0x41) and the second byte of "ā" (0xC4 0x81).
        let letters = ["a", "!", "A", "ā"]
        var all: [String] = [""]
        for length in 1...4 { all += all.filter { $0.count == length - 1 }.flatMap { s in letters.map { s + $0 } } }
        all.removeFirst()
        var column = TextColumn()
        let ids = all.map { column.intern($0) }
        let stored = ids.map(column.bytes)
        var ruledOut = 0
        for m in ids.indices {
            for n in ids.indices {
                let near = StringSimilarity.withinOneEdit(stored[m], stored[n]) || StringSimilarity.oneSubstitution(stored[m], stored[n])
                if !column.mayBeOneEditApart(ids[m], ids[n]) {
                    ruledOut += 1
                    #expect(!near, "\(stored[m]) \(stored[n])")
                }
            }
        }
        #expect(ruledOut > 0)
        // Chart numbers: most pairs are ruled out by their digits alone; a slip is not.
        let chart = ["P012345", "P067890", "P012346", "P021345"].map { column.intern($0) }
        #expect(!column.mayBeOneEditApart(chart[0], chart[1]))
        #expect(column.mayBeOneEditApart(chart[0], chart[2]) && column.mayBeOneEditApart(chart[0], chart[3]))
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

    @Test("Jaro-Winkler's ceiling is Jaro-Winkler itself for pairs that reach it: four letters alike, then nothing the other has (ksjzxtn, ksjzuda)")
    func jaroWinklerCeilingReached() {
        // Each tail from letters of its own: the bytes either has of the other are the four of the prefix,
        // matched in place, no transposition, so the ceiling is reached and must not round below it.
        var low: [String] = []
        for prefix in ["ksjz", "abcd", "mary", "tipe"] {
            let tails = (0...14).map { String(Array("xtnqwvyho".utf8).prefix($0).map { Character(UnicodeScalar($0)) }) }
            let others = (0...14).map { String(Array("udalrfgie".utf8).prefix($0).map { Character(UnicodeScalar($0)) }) }
            for tail in tails where !prefix.contains(where: tail.contains) {
                for other in others where !prefix.contains(where: other.contains) {
                    let a = Array((prefix + tail).utf8), b = Array((prefix + other).utf8)
                    let jw = StringSimilarity.jaroWinkler(a, b)
                    let ceiling = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
                        StringSimilarity.jaroWinklerCeiling(x, mask: StringSimilarity.byteMask(a), y, mask: StringSimilarity.byteMask(b)) } }
                    if ceiling < jw { low.append(prefix + tail + " " + prefix + other) }
                }
            }
        }
        #expect(low.isEmpty, "\(low.prefix(5))")
    }

    @Test("Jaro-Winkler's ceiling from the bytes each has is never below Jaro-Winkler (every string of up to five of a few letters)")
    func jaroWinklerCeiling() {
        // "!" and "a" share a bit of the byte masks (0x21 & 63 == 0x61 & 63): the ceiling may be loose, never low.
        let alphabet = Array("abc!".utf8)
        var strings: [[UInt8]] = [[]]
        var all: [[UInt8]] = []
        for _ in 1...5 {
            strings = strings.flatMap { s in alphabet.map { s + [$0] } }
            all += strings
        }
        var generator = SystemRandomNumberGenerator()
        let names = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        for _ in 0..<2_000 { all.append((0..<Int.random(in: 1...20, using: &generator)).map { _ in names.randomElement(using: &generator)! }) }
        var below: [String] = [], belowBytes: [String] = [], ruledOutWrongly: [String] = [], missed: [String] = []
        var under = 0, underByMasks = 0
        let bounds = [0.3, 0.85, 0.9, 0.92, 1].map { StringSimilarity.MaskBound(threshold: $0) }
        for (k, a) in all.enumerated() {
            // Every pair of the short ones, and each string against a stride of the rest.
            for b in all[k...].enumerated().filter({ $0.offset % (a.count < 4 ? 1 : 37) == 0 }).map(\.element) {
                let jw = StringSimilarity.jaroWinkler(a, b)
                let ceiling = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
                    StringSimilarity.jaroWinklerCeiling(x, mask: StringSimilarity.byteMask(a), y, mask: StringSimilarity.byteMask(b)) } }
                if ceiling < jw { below.append("\(a) \(b)") }
                if ceiling < 0.85 { under += 1 }
                // The masks' ceiling, asked first, is never below the bytes' (and so never below Jaro-Winkler).
                let masks = StringSimilarity.jaroWinklerMaskCeiling(count: a.count, mask: StringSimilarity.byteMask(a),
                                                                    count: b.count, mask: StringSimilarity.byteMask(b))
                if masks < ceiling { belowBytes.append("\(a) \(b)") }
                if masks < 0.85 { underByMasks += 1 }
                // The bound asked first (no division) rules out only what the masks' ceiling puts below the threshold.
                // And all it puts clearly below (by more than its rounding's margin).
                for bound in bounds {
                    let out = bound.rulesOut(count: a.count, mask: StringSimilarity.byteMask(a), count: b.count, mask: StringSimilarity.byteMask(b))
                    if out && masks >= bound.threshold - 1e-9 { ruledOutWrongly.append("\(bound.threshold) \(a) \(b)") }
                    if !out && masks < bound.threshold - 1e-5 { missed.append("\(bound.threshold) \(a) \(b)") }
                }
            }
        }
        #expect(below.isEmpty, "\(below.prefix(5))")
        #expect(belowBytes.isEmpty, "\(belowBytes.prefix(5))")
        #expect(ruledOutWrongly.isEmpty, "\(ruledOutWrongly.prefix(5))")
        #expect(missed.isEmpty, "\(missed.prefix(5))")
        #expect(under > 0)   // it does rule pairs out
        #expect(underByMasks > 0 && underByMasks <= under)
    }

    @Test("a name's level read in place from the table is the level of the names compared as texts")
    func nameLevelsInPlace() {
        let givens: [String?] = ["Mary", "mary", "Māri", "Mari", "Bob", "Robert", "Rob", "J", "John", "Jon", "Jonathan", "Ann", "Anne",
                                 "Anna", "Hemi", "James", "Jim", "Wiremu", "William", "Bill", "Smith", "Ngata", "Mary Ann", " Kahu",
                                 "Kahu", "K", "Tipene", nil, ""]
        let families: [String?] = ["Smith", "Smyth", "smith", "Ngata-Smith", "Te Whare", "Whare", "Tipene", "O'Brien", "OBrien",
                                   "Mary", "Bob", "Jim", "Ngata", "S", "Schmidt", "Kahu", nil, ""]
        var people: [(given: String?, family: String?)] = []
        for (k, g) in givens.enumerated() { for (l, f) in families.enumerated() where (k * 7 + l * 3) % 4 == 0 { people.append((g, f)) } }
        var table = PersonTable()
        for (k, person) in people.enumerated() {
            var fields = PersonFields()
            fields[.given] = person.given
            fields[.family] = person.family
            table.append(id: String(k), fields)
        }
        let thresholds = [0.92, 0.85]
        // The levels as they were first worked out: folded texts, their words and formal names, each pair afresh.
        func reference(_ given: Bool, _ i: Int, _ j: Int) -> Int8 {
            func trimmed(_ k: Int, given: Bool) -> String? {
                (given ? people[k].given : people[k].family)?.trimmingSpaces.nilIfEmpty
            }
            func key(_ k: Int, given: Bool) -> String? { trimmed(k, given: given).map(NameFolding.key)?.nilIfEmpty }
            guard let x = key(i, given: given), let y = key(j, given: given) else { return -1 }
            if trimmed(i, given: given) == trimmed(j, given: given) { return 0 }
            if x == y { return 1 }
            if let otherI = key(i, given: !given), let otherJ = key(j, given: !given), x == otherJ && y == otherI { return 2 }
            if given {
                let formal = { (k: Int) in Set(Nicknames.formalNames(for: NameFolding.words(trimmed(k, given: true)!).first ?? "")) }
                if !formal(i).isDisjoint(with: formal(j)) { return 3 }
            } else {
                let wa = NameFolding.words(trimmed(i, given: false)!), wb = NameFolding.words(trimmed(j, given: false)!)
                if (wa.count > 1 || wb.count > 1) && wa.contains(where: wb.contains) { return 3 }
            }
            let similarity = StringSimilarity.jaroWinkler(Array(x.utf8), Array(y.utf8))
            for (k, threshold) in thresholds.enumerated() where similarity >= threshold { return Int8(4 + k) }
            if (x.utf8.count == 1 || y.utf8.count == 1) && x.utf8.first == y.utf8.first { return Int8(4 + thresholds.count) }
            return Int8(5 + thresholds.count)
        }
        let compared = [(true, ComparisonLibrary.name(given: true, thresholds: thresholds)),
                        (false, ComparisonLibrary.name(given: false, thresholds: thresholds))]
        var wrong: [String] = []
        var seen = Set<Int8>()
        for i in people.indices {
            for j in people.indices {
                for (given, comparison) in compared {
                    let level = comparison.level(table, i, j), expected = reference(given, i, j)
                    seen.insert(level)
                    if level != expected { wrong.append("\(given ? "given" : "family") \(people[i]) \(people[j]): \(level), not \(expected)") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(seen == Set(-1...7))   // every level met
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
        #expect(some.rolesGivenBits == 1 << PersonRole.given.place)
        #expect(fields.rolesGivenBits == 1 << PersonRole.allCases.count - 1)
    }

    @Test("the roles a table holds: every role somebody gave, a whole name standing for given and family")
    func rolesPresent() {
        var table = PersonTable()
        #expect(table.rolesPresent.isEmpty)
        table.append(id: "a", PersonFields([.dob: "1980-05-12", .phone: ""]))
        #expect(table.rolesPresent == [.dob])
        table.append(id: "b", PersonFields([.name: "TIPENE, Jane", .postcode: "9016"]))
        #expect(table.rolesPresent == [.dob, .name, .given, .family, .postcode])
    }

    @Test("a value trimmed of white space at either end, printable ASCII ends given back as they are: every byte at either end of a short and a long value, and some beyond ASCII")
    func valueTrimming() {
        func general(_ text: String) -> String {
            var s = Substring(text)
            while let f = s.first, f.isWhitespace { s = s.dropFirst() }
            while let l = s.last, l.isWhitespace { s = s.dropLast() }
            return String(s)
        }
        var texts = ["", " ", "a", "\u{A0}a\u{A0}", "\u{3000}名前\u{3000}", "é", " é ", "\r\n", "e\u{0301} ", " \u{0301}x"]
        for byte in UInt8(0)..<0x80 {
            let end = String(UnicodeScalar(byte))
            texts += [end + "mid" + end, end + "a middle longer than fifteen bytes", "a middle longer than fifteen bytes" + end]
        }
        for text in texts { #expect(text.trimmingSpaces == general(text), "\(Array(text.unicodeScalars))") }
    }
}
