import Testing
@testable import LacunaCore

/// A trace's payload is a compact run of bytes that must read, change and compare exactly as the
/// dictionary it replaced: every field kept, none invented, whatever the texts hold.
@Suite("A payload reads as a dictionary")
struct PayloadTests {
    /// Texts the drill does not write: empty, long (a length over 127 takes two bytes), beyond ASCII,
    /// with separators, quotes, line breaks and NUL.
    static let awkward: [String: String] = [
        "_summary": "HbA1c 53 mmol/mol",
        "": "a field with no name",
        "empty": "",
        "long": String(repeating: "Ngā mihi, ", count: 40),
        "Māori column": "Te Whānau-ā-Apanui",
        "quotes": "\"said\" 'so'\r\n\tnext line",
        "nul": "a\u{0}b",
        "emoji": "👩🏽‍⚕️ GP",
        "_amount": "45.00",
    ]

    @Test("every field of a dictionary reads back, and nothing else")
    func readsBack() {
        let payload = Payload(Self.awkward)
        for (key, value) in Self.awkward { #expect(payload[key] == value) }
        #expect(payload["_summar"] == nil && payload["_summary "] == nil && payload["missing"] == nil)
        #expect(payload.count == Self.awkward.count && !payload.isEmpty && Payload().isEmpty)
        #expect(payload.dictionary == Self.awkward)
        #expect(payload.keys == Self.awkward.keys.sorted())
        #expect(Array(payload.map(\.key)) == Self.awkward.keys.sorted())
    }

    @Test("a field, or a name starting so, is found or found missing as the dictionary finds it, whatever names sort before and after it")
    func foundAmongAny() {
        // Names of every first byte the case meets (digits, capitals, `_`, small letters, beyond ASCII), a name
        // written decomposed (`e` and a combining accent, which sorts after every ASCII name), names that are
        // another's start, and names looked for that no payload holds.
        let names = ["", "1", "A", "Amount", "Z", "_", "_amount", "_sms_consent", "a", "a\r\nb", "ez", "e\u{301}x", "f", "fa", "z", "Ōtaki", "ā",
                     "_\u{212A}", "_Ka", "_a\u{301}", "_b2", "_sms"]   // a Kelvin sign sorts as K; an accent raises the letter it rides on
        let missing = ["0", "B", "_b", "ea", "ezz", "g", "zz", "Ō", "e", "\u{301}", "_J", "_L", "_a", "_ab", "_c", "_sm", "_smsx"]   // not "_K": a dictionary takes the Kelvin sign for it, a payload its bytes
        var generator = SeededRandom(seed: 11)
        for _ in 0..<400 {
            var dictionary: [String: String] = [:]
            for name in names where generator.next() % 2 == 0 { dictionary[name] = "v\(dictionary.count)" }
            let payload = Payload(dictionary)
            for name in names + missing { #expect(payload[name] == dictionary[name], "\(name) among \(dictionary.keys.sorted())") }
            for prefix in ["", "_", "_s", "_sms_", "A", "Am", "a\r", "a\r\n", "e", "e\u{301}", "é", "ez", "f", "Ō", "z", "zz", "0", "`"] {
                #expect(payload.hasName(startingWith: prefix) == dictionary.keys.contains { $0.hasPrefix(prefix) },
                        "\(prefix) among \(dictionary.keys.sorted())")
            }
        }
    }

    @Test("a field asked whether it is there, or whether its text is one of a few words, answers as its text does: missing, empty, the word, the word and more, another word, words of other fields")
    func fieldAskedOfItsBytes() {
        let names = ["_status", "_ordered_by_practice", "_placeholder", "Status", "_stat", "_statuses", "ā"]
        let texts = ["", "dna", "cancelled", "dn", "dnax", "DNA", "yes", "yes ", "cancelled\r\n", "ā", "arrived"]
        var generator = SeededRandom(seed: 13)
        for _ in 0..<300 {
            var dictionary: [String: String] = [:]
            for name in names where generator.next() % 2 == 0 { dictionary[name] = texts[Int(generator.next() % UInt64(texts.count))] }
            let payload = Payload(dictionary)
            for name in names + ["_s", "_zz", ""] {
                #expect(payload.contains(field: name) == (dictionary[name] != nil), "\(name) among \(dictionary)")
                #expect(payload.field(name, isOneOf: "dna", "cancelled") == ["dna", "cancelled"].contains(dictionary[name] ?? ""), "\(name) among \(dictionary)")
                #expect(payload.field(name, isOneOf: "yes") == (dictionary[name] == "yes"), "\(name) among \(dictionary)")
            }
        }
    }

    @Test("fields added, changed and removed one by one end as the dictionary would")
    func changes() {
        var payload = Payload()
        var dictionary: [String: String] = [:]
        // Every order of writing, a change to a longer and a shorter text, removals first, last and between.
        let steps: [(String, String?)] = [
            ("b", "2"), ("a", "1"), ("c", "3"), ("b", String(repeating: "x", count: 300)), ("a", nil), ("d", "4"),
            ("c", ""), ("b", "short"), ("zz", "last"), ("d", nil), ("zz", nil), ("a", "again"), ("missing", nil),
        ]
        for (key, value) in steps {
            payload[key] = value
            dictionary[key] = value
            #expect(payload.dictionary == dictionary)
            #expect(payload == Payload(dictionary))
        }
    }

    @Test("fields added in any order, names ASCII or not, sit where the dictionary's sorted names put them")
    func addedInPlace() {
        // Capitals, punctuation, digits, macrons and a name that is another's start, which order apart.
        let names = ["_status", "Z", "a", "A", "Ōtaki", "Otaki", "otaki", "ā", "b", "_", "", "1", "Māori", "Maori", "Ma", "zz", "Ā"]
        var generator = SeededRandom(seed: 7)
        for _ in 0..<300 {
            var payload = Payload(["Name": "Ana", "Amount": "5"])
            var dictionary = ["Name": "Ana", "Amount": "5"]
            for _ in 0..<6 {
                let name = names[Int(generator.next() % UInt64(names.count))]
                payload[name] = "v\(dictionary.count)"
                dictionary[name] = "v\(dictionary.count)"
            }
            #expect(payload == Payload(dictionary))
            #expect(payload.keys == dictionary.keys.sorted())
        }
    }

    @Test("equal fields make equal payloads, whatever order they were given in")
    func equality() {
        let forward = Payload(fields: [("a", "1"), ("b", "2"), ("c", "3")])
        let backward = Payload(fields: [("c", "3"), ("b", "2"), ("a", "1")])
        let repeated = Payload(fields: [("a", "0"), ("b", "2"), ("c", "3"), ("a", "1")])
        let literal: Payload = ["b": "2", "c": "3", "a": "1"]
        #expect(forward == backward && backward == repeated && repeated == literal)
        #expect(Set([forward, backward, repeated, literal]).count == 1)
        #expect(forward != Payload(fields: [("a", "1"), ("b", "2")]) && forward != Payload(fields: [("a", "1"), ("b", "2"), ("c", "4")]))
        #expect(forward.merging(["c": "9", "d": "4"]) == ["a": "1", "b": "2", "c": "9", "d": "4"])
    }

    @Test("fields given as bytes make the payload their texts make: in order, out of order, repeated, names not ASCII")
    func fieldRun() {
        let lists: [[(String, String)]] = [
            [], [("a", "1")], [("A", "0"), ("a", "1"), ("b", "2")], [("b", "2"), ("a", "1")], [("a", "1"), ("a", "2")],
            [("", "empty name"), ("x", "")], [("ab", "1"), ("a", "2")], [("a", "1"), ("ab", "2"), ("b", "🙂")],
            [("é", "1"), ("e", "2")], [("e", "1"), ("é", "2"), ("z", "3")], [("ключ", "значение"), ("a", "b")],
            [("Status", "Booked"), ("_sms_consent", "yes"), ("Appt Date", "3/04/2025")],
            // Lengths of two and three bytes, and more fields than the room first asked for.
            [("a", String(repeating: "x", count: 300)), ("b", String(repeating: "ā", count: 10_000)), ("c", "")],
            (0..<40).map { ("f" + $0.zeroPadded(2), String(repeating: "v", count: $0 * 7)) },
        ]
        for fields in lists {
            for capacity in [0, 1, 64] {
                var run = Payload.FieldRun(capacity: capacity)
                for (name, value) in fields { run.append(name: Array(name.utf8), value: Array(value.utf8)) }
                #expect(run.payload == Payload(fields: fields), "\(fields.count) fields, room for \(capacity) bytes")
                #expect(Array(run.payload.map(\.key)) == Array(Payload(fields: fields).map(\.key)))
                #expect(run.payload.byteCount == Payload(fields: fields).byteCount)
            }
        }
    }
    /// The layout of fields as given (lengths as LEB128), whatever their order: what a stored form's
    /// reader might hand over.
    static func laidOut(_ fields: [(String, String)]) -> [UInt8] {
        func length(_ n: Int) -> [UInt8] {
            var n = n, out: [UInt8] = []
            while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            return out + [UInt8(n)]
        }
        return fields.flatMap { length($0.0.utf8.count) + Array($0.0.utf8) + length($0.1.utf8.count) + Array($0.1.utf8) }
    }

    @Test("fields laid out as a payload holds them are taken as they are; out of order, repeated, not ASCII or cut short, refused")
    func laidOut() {
        let taken: [[(String, String)]] = [
            [], [("", "")], [("", "empty name"), ("a", "1")], [("A", "0"), ("a", "1"), ("ab", "2"), ("b", "🙂")],
            [("a", String(repeating: "x", count: 300)), ("b", String(repeating: "ā", count: 10_000)), ("c", "")],
            (0..<40).map { ("f" + $0.zeroPadded(2), String(repeating: "v", count: $0 * 7)) },
        ]
        for fields in taken {
            let payload = Payload(laidOut: Self.laidOut(fields))
            #expect(payload == Payload(fields: fields), "\(fields.count) fields")
            #expect(payload?.byteCount == Payload(fields: fields).byteCount)
        }
        let refused: [[(String, String)]] = [[("b", "2"), ("a", "1")], [("a", "1"), ("a", "2")], [("ab", "1"), ("a", "2")],
                                             [("e", "1"), ("é", "2")], [("ключ", "значение")]]
        for fields in refused { #expect(Payload(laidOut: Self.laidOut(fields)) == nil, "\(fields)") }
        let whole = Self.laidOut([("a", "1"), ("b", String(repeating: "x", count: 200))])
        // Cut anywhere but between fields, a length points past the end.
        for cut in 1..<whole.count where cut != 4 { #expect(Payload(laidOut: Array(whole[..<cut])) == nil, "cut at \(cut)") }
        #expect(Payload(laidOut: Array(whole[..<4])) == ["a": "1"])
        // A length that never ends, or is longer than any text.
        #expect(Payload(laidOut: [0x81]) == nil)
        #expect(Payload(laidOut: [UInt8](repeating: 0xFF, count: 9) + [0x01]) == nil)
        #expect(Payload(laidOut: [0x01, 0x61, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == nil)
    }

    @Test("a name is found, or found missing, as the dictionary finds it, whatever the payload was made from or how it changed since: names beginning below `_`, with it, above it, beyond ASCII or empty")
    func foundFromUnderscore() {
        var random = SeededRandom(seed: 59)
        let firsts = ["", "A", "S", "Z", "^", "_", "_", "`", "a", "s", "z", "é", "Ā", "~"]
        func name() -> String {
            let first = firsts[Int(random.next() % UInt64(firsts.count))]
            return first + ["", "x", "_status", "b"][Int(random.next() % 4)]
        }
        var asked = Set(firsts.flatMap { first in ["", "x", "_status", "b", "y"].map { first + $0 } })
        for round in 0..<300 {
            var dictionary: [String: String] = [:]
            for _ in 0..<Int(random.next() % 12) { dictionary[name()] = "v\(random.next() % 5)" }
            asked.formUnion(dictionary.keys)
            let sorted = dictionary.sorted { $0.key < $1.key }
            var run = Payload.FieldRun()
            for (key, value) in sorted.reversed() { run.append(name: Array(key.utf8), value: Array(value.utf8)) }
            var made: [(String, Payload)] = [("dictionary", Payload(dictionary)), ("fields in any order", Payload(fields: sorted.reversed().map { ($0.key, $0.value) })),
                                             ("bytes", run.payload)]
            if let laid = Payload(laidOut: Payload(dictionary).laidOut) { made.append(("laid out", laid)) }
            // Changed one field at a time (added, changed, removed), from nothing and from the fields above.
            var changing = Payload(), changingMade = Payload(dictionary)
            var expected: [String: String] = [:], expectedMade = dictionary
            for step in 0..<20 {
                let key = step % 3 == 2 ? (expected.keys.sorted().first ?? name()) : name()
                let value: String? = step % 4 == 3 ? nil : "c\(step)"
                changing[key] = value
                expected[key] = value
                let other = step % 3 == 2 ? (expectedMade.keys.sorted().first ?? name()) : name()
                changingMade[other] = value
                expectedMade[other] = value
                asked.formUnion([key, other])
            }
            made += [("changed", changing), ("changed after", changingMade)]
            for (how, payload) in made {
                let wanted = how == "changed" ? expected : how == "changed after" ? expectedMade : dictionary
                for key in asked where payload[key] != wanted[key] {
                    Issue.record("round \(round), \(how): \(key.debugDescription) read \(payload[key].debugDescription), not \(wanted[key].debugDescription)")
                }
            }
        }
    }
}
