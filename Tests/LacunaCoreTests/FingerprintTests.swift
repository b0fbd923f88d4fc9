import LacunaCore
import Testing

@Suite("Fingerprints of what a run made")
struct FingerprintTests {
    /// One value of a run, as the derived rows' digest and the linkage memo give them.
    enum Value: Equatable {
        case count(Int), integer(Int64), decimal(Double), text(String), bytes([UInt8]), maybe(String?)
    }

    func fingerprint(_ values: [Value]) -> String {
        var print = Fingerprint()
        for value in values {
            switch value {
            case .count(let v): print.count(v)
            case .integer(let v): print.integer(v)
            case .decimal(let v): print.decimal(v)
            case .text(let v): print.text(v)
            case .bytes(let v): print.bytes(v)
            case .maybe(let v): print.optional(v) { $0.text($1) }
            }
        }
        return print.hex()
    }

    @Test("the same values give the same 32 hex digits in every process (no seed drawn at start)")
    func fixed() {
        let made = fingerprint([.count(3), .integer(-7), .decimal(0.25), .text("Tāne Mahuta"), .bytes([1, 2, 3]), .maybe(nil)])
        #expect(made.count == 32 && made.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(made == "1c0fddadc50ae7188c32121fb5f6b933")
        #expect(fingerprint([]) == "0063ab234c52252e85dd14c7a229069a")
    }

    @Test("any one value changed, left out, given twice or moved gives another fingerprint")
    func everyChange() {
        // (The values themselves carry no type: an empty text and a count of 0 are one word, as in
        // `ByteRunWriter`; whoever writes them writes them in a fixed order.)
        let base: [Value] = [.text("family"), .integer(12), .decimal(0.9), .text(""), .count(5),
                             .text("a longer text than eight bytes, with a tail"), .maybe("x"), .bytes([0, 0, 0, 0, 0, 0, 0, 0, 0])]
        let changed: [Value] = [.text("Family"), .integer(13), .decimal(0.9000000000000001), .text(" "), .count(6),
                                .text("a longer text than eight bytes, with a tail."), .maybe(nil), .bytes([0, 0, 0, 0, 0, 0, 0, 0])]
        var seen: Set<String> = [fingerprint(base)]
        for i in base.indices {
            var without = base
            without.remove(at: i)
            #expect(seen.insert(fingerprint(without)).inserted, "leaving out value \(i)")
            var twice = base
            twice.insert(base[i], at: i)
            #expect(seen.insert(fingerprint(twice)).inserted, "value \(i) twice")
            var other = base
            other[i] = changed[i]
            #expect(seen.insert(fingerprint(other)).inserted, "value \(i) changed")
        }
        var swapped = base
        swapped.swapAt(0, 5)
        #expect(seen.insert(fingerprint(swapped)).inserted)
        // Texts split in another place; a NUL against nothing; an empty text against none.
        #expect(fingerprint([.text("ab"), .text("c")]) != fingerprint([.text("a"), .text("bc")]))
        #expect(fingerprint([.text("\u{0}")]) != fingerprint([.text("")]))
        #expect(fingerprint([.text("")]) != fingerprint([]))
        // A text's length is part of it: a trailing NUL, and an empty text after a whole word.
        #expect(fingerprint([.text("a")]) != fingerprint([.text("a\u{0}")]))
        #expect(fingerprint([.text("abcdefgh"), .text("")]) != fingerprint([.text("abcdefgh")]))
    }

    @Test("a hundred thousand rows that differ in one place give a hundred thousand fingerprints, each half apart too")
    func manyRows() {
        var whole: Set<String> = [], halves: Set<Substring> = []
        for n in 0..<100_000 {
            let made = fingerprint([.text("link"), .integer(Int64(n % 1000)), .text("P\(n / 1000)"), .decimal(0.5)])
            whole.insert(made)
            halves.insert(made.prefix(16))
            halves.insert(made.suffix(16))
        }
        #expect(whole.count == 100_000)
        #expect(halves.count == 200_000)
    }
}
