import Foundation
import Testing
@testable import Importing
import LacunaCore

/// Damage costs only the record it is in: JSON, XML and CSV readers resynchronise at the next record,
/// every well-formed record beside a broken one is still read, and what could not be read is a reject.
@Suite("Record by record: readers recover from damage and count what they skip")
struct RecordRecoveryTests {
    static func message(_ n: Int, pretty: Bool = false) -> String {
        let fields = [
            "\"message_id\":\"PM-\(n)\"", "\"sent_at\":\"2025-04-03T\(String(format: "%02d", 8 + n % 10)):15:00+13:00\"",
            "\"sender\":{\"name\":\"Person \(n) Tipene\",\"portal_id\":\"MH\(n)\",\"nhi\":null,\"dob\":\"1980-05-12\",\"email\":\"p\(n)@example.nz\"}",
            "\"recipient\":\"Dr Roger Smith\"", "\"subject\":\"Question \(n)\"", "\"body\":\"Is my {result} back? [\(n)]\"", "\"type\":\"message\"",
        ]
        return pretty ? "{\n    " + fields.joined(separator: ",\n    ") + "\n  }" : "{" + fields.joined(separator: ",") + "}"
    }

    static func portal(_ text: String) -> FileImport {
        PortalImporter().read(file: "p.json", bytes: Array(text.utf8), settings: testSettings)
    }

    static func ids(_ result: FileImport) -> [String] { result.traces.compactMap { $0.payload["_message_id"] } }

    @Test("F2: one missing quote costs one message, in an array one a line, pretty-printed, or all on one line")
    func missingQuote() {
        let layouts: [(String, ([String]) -> String)] = [
            ("one a line", { "[\n  " + $0.joined(separator: ",\n  ") + "\n]\n" }),
            ("one line", { "[" + $0.joined(separator: ",") + "]" }),
            ("NDJSON", { $0.joined(separator: "\n") + "\n" }),
            ("wrapped", { "{\"exported\":\"2025-04-05\",\"type\":\"portal-export\",\"messages\":[\n" + $0.joined(separator: ",\n") + "\n],\"count\":6}" }),
        ]
        for (name, layout) in layouts {
            for broken in 0..<6 {
                var messages = (0..<6).map { Self.message($0) }
                // Drop the quote that closes the broken message's subject.
                messages[broken] = messages[broken].replacingOccurrences(of: "Question \(broken)\"", with: "Question \(broken)")
                let result = Self.portal(layout(messages))
                #expect(Self.ids(result) == (0..<6).filter { $0 != broken }.map { "PM-\($0)" }, "\(name), message \(broken)")
                #expect(result.rejects.count == 1, "\(name), message \(broken): \(result.rejects.map(\.reason))")
                #expect(result.read == 6, "\(name), message \(broken)")
            }
        }
        let pretty = "[\n  " + (0..<6).map { Self.message($0, pretty: true) }.joined(separator: ",\n  ") + "\n]\n"
        let damaged = pretty.replacingOccurrences(of: "\"Question 2\"", with: "\"Question 2")
        let result = Self.portal(damaged)
        #expect(Self.ids(result) == ["PM-0", "PM-1", "PM-3", "PM-4", "PM-5"])
        #expect(result.rejects.count == 1)
        #expect(result.rejects[0].locator.line == 20)
        #expect(result.rejects[0].reason.contains("missing quote"))
    }

    @Test("F3: every top-level value is read: arrays one after another, appended pages, concatenated objects")
    func severalValues() {
        let a = "[" + (0..<3).map { Self.message($0) }.joined(separator: ",") + "]"
        let b = "[" + (3..<5).map { Self.message($0) }.joined(separator: ",") + "]"
        #expect(Self.ids(Self.portal(a + "\n" + b)) == (0..<5).map { "PM-\($0)" })
        #expect(Self.ids(Self.portal(a + b)) == (0..<5).map { "PM-\($0)" })
        let pages = (0..<2).map { page in "{\"page\":\(page),\"messages\":[" + (page * 2..<page * 2 + 2).map { Self.message($0) }.joined(separator: ",") + "]}" }
        #expect(Self.ids(Self.portal(pages.joined(separator: "\n"))) == (0..<4).map { "PM-\($0)" })
        #expect(Self.ids(Self.portal((0..<3).map { Self.message($0) }.joined())) == ["PM-0", "PM-1", "PM-2"])
        #expect(Self.ids(Self.portal((0..<3).map { Self.message($0) }.joined(separator: ",\n"))) == ["PM-0", "PM-1", "PM-2"])
    }

    @Test("a record holding a list of objects is a record, not a wrapper; a wrapper whose own keys look like a record's is still one")
    func wrappersAndRecords() {
        let withAttachments = (0..<3).map { Self.message($0).dropLast() + ",\"attachments\":[{\"filename\":\"a.pdf\",\"size\":12}]}" }
        #expect(Self.ids(Self.portal(withAttachments.joined(separator: "\n"))) == ["PM-0", "PM-1", "PM-2"])
        #expect(Self.ids(Self.portal("[" + withAttachments.joined(separator: ",") + "]")) == ["PM-0", "PM-1", "PM-2"])
        let single = Self.portal(Self.message(7, pretty: true))
        #expect(Self.ids(single) == ["PM-7"])
    }

    @Test("nesting bombs, junk and truncation are rejects with their place, never a crash")
    func hostileJSON() {
        let bomb = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let b = Self.portal(bomb)
        #expect(b.traces.isEmpty)
        #expect(b.rejects.count >= 1)
        let deepRecord = "[" + Self.message(1) + ",{\"message_id\":\"X\",\"deep\":" + String(repeating: "{\"a\":", count: 5000) + "1"
            + String(repeating: "}", count: 5000) + "}," + Self.message(2) + "]"
        let d = Self.portal(deepRecord)
        #expect(Self.ids(d) == ["PM-1", "PM-2"])
        #expect(d.rejects.count == 1)
        let junk = Self.portal(Self.message(1) + "\ngarbage here\n" + Self.message(2) + "\n!!!\n")
        #expect(Self.ids(junk) == ["PM-1", "PM-2"])
        #expect(junk.rejects.count == 2)
        #expect(junk.rejects.allSatisfy { $0.locator.line != nil && $0.locator.byteOffset != nil })
        let cut = "[" + (0..<4).map { Self.message($0) }.joined(separator: ",\n")
        let truncated = Self.portal(String(cut.dropLast(30)))
        #expect(Self.ids(truncated) == ["PM-0", "PM-1", "PM-2"])
        #expect(truncated.rejects.count == 1)
        #expect(Self.portal("").read == 0)
        #expect(Self.portal("[]").read == 0)
    }

    @Test("drip-fed mutations of a portal export: every message the damage does not touch is read, the rest are rejects")
    func jsonMutations() {
        var damage = Damage(seed: 14)
        let layouts: [([String]) -> String] = [
            { "[\n  " + $0.joined(separator: ",\n  ") + "\n]\n" },
            { "[" + $0.joined(separator: ",") + "]" },
            { $0.joined(separator: "\n") + "\n" },
            { "{\"count\":\($0.count),\"messages\":[\n" + $0.joined(separator: ",\n") + "\n]}" },
        ]
        var checked = 0
        for round in 0..<400 {
            let messages = (0..<8).map { Self.message($0, pretty: round % 5 == 0) }
            let text = Array(layouts[round % layouts.count](messages).utf8)
            // Where each message lies in the file.
            var ranges: [Range<Int>] = []
            var from = 0
            for m in messages {
                let needle = Array(m.utf8)
                var i = from
                while i + needle.count <= text.count, Array(text[i..<(i + needle.count)]) != needle { i += 1 }
                ranges.append(i..<(i + needle.count))
                from = i + needle.count
            }
            let (mutated, at, cut) = damage.apply(text)
            let result = PortalImporter().read(file: "m.json", bytes: mutated, settings: testSettings)
            let read = Set(Self.ids(result))
            let untouched = ranges.indices.filter { cut ? ranges[$0].upperBound <= at : at < ranges[$0].lowerBound - 1 || at > ranges[$0].upperBound }
            for n in untouched {
                #expect(read.contains("PM-\(n)"), "round \(round): message \(n) untouched by damage at byte \(at) was lost")
            }
            #expect(result.read >= untouched.count)
            checked += 1
        }
        #expect(checked == 400)
    }
}

/// Deterministic damage at one place: a byte dropped, flipped or doubled, a quote dropped, or the file
/// cut there.
struct Damage {
    var random: SeededRandom
    init(seed: UInt64) { random = SeededRandom(seed: seed) }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(random.next() % UInt64(n)) }

    /// The damaged bytes, where the damage is, and whether the file was cut there.
    mutating func apply(_ bytes: [UInt8], quote: UInt8 = UInt8(ascii: "\"")) -> ([UInt8], Int, Bool) {
        var b = bytes
        let kind = below(5)
        let quotes = b.indices.filter { b[$0] == quote }
        if kind == 3, !quotes.isEmpty {
            let at = quotes[below(quotes.count)]
            b.remove(at: at)
            return (b, at, false)
        }
        let at = below(b.count)
        switch kind {
        case 0: b.remove(at: at)
        case 1: b[at] ^= UInt8(1 << below(7))
        case 2: b.insert(b[at], at: at)
        default: b.removeSubrange(at...)
        }
        return (b, at, kind >= 3)
    }
}
