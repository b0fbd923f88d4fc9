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
    static func healthDoc(_ n: Int, prefix: String = "") -> String {
        let p = prefix
        return """
          <\(p)HealthDoc version="1.2">
            <\(p)Envelope sent="2025-04-03T1\(n % 10):20:00+13:00" id="ENV\(n)"><\(p)From name="Cardiology"/><\(p)To id="HMC01"/></\(p)Envelope>
            <\(p)Patient NHI="ZZZ0016"><\(p)Name family="Tipene" given="Person \(n)"/><\(p)DOB value="1980-05-12"/></\(p)Patient>
            <\(p)Document type="letter" date="2025-04-02" id="DOC\(n)"><\(p)Title>Letter \(n)</\(p)Title>
              <\(p)Content encoding="base64">RGVhciBEcg==</\(p)Content></\(p)Document>
          </\(p)HealthDoc>
        """
    }

    static func healthlink(_ text: String) -> FileImport {
        HealthlinkImporter().read(file: "docs.xml", bytes: Array(text.utf8), settings: testSettings)
    }

    static func documents(_ result: FileImport) -> [String] { result.traces.compactMap { $0.payload["_document_id"] } }

    @Test("F16: every HealthDoc in a file is read and counted: two at the top level, many in a container, with a namespace prefix")
    func severalHealthDocs() {
        let two = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.healthDoc(1) + "\n" + Self.healthDoc(2) + "\n"
        let a = Self.healthlink(two)
        #expect(Self.documents(a) == ["DOC1", "DOC2"])
        #expect(a.rejects.isEmpty)
        #expect(a.traces.map(\.locator.line) == [2, 8])
        let contained = "<?xml version=\"1.0\"?>\n<HealthDocs>\n" + (1...5).map { Self.healthDoc($0) }.joined(separator: "\n") + "\n</HealthDocs>\n"
        #expect(Self.documents(Self.healthlink(contained)) == ["DOC1", "DOC2", "DOC3", "DOC4", "DOC5"])
        let namespaced = "<?xml version=\"1.0\"?>\n<hd:Batch xmlns:hd=\"urn:example:healthdocs\">\n"
            + (1...3).map { Self.healthDoc($0, prefix: "hd:") }.joined(separator: "\n") + "\n</hd:Batch>\n"
        #expect(Self.documents(Self.healthlink(namespaced)) == ["DOC1", "DOC2", "DOC3"])
        // Damage in the middle one, or before the first, costs only what it touches.
        let middle = contained.replacingOccurrences(of: "<Title>Letter 3</Title>", with: "<Title>Letter 3</Titel>")
        let m = Self.healthlink(middle)
        #expect(Set(Self.documents(m)).isSuperset(of: ["DOC1", "DOC2", "DOC4", "DOC5"]))
        #expect(m.read == 5)
        let root = contained.replacingOccurrences(of: "<HealthDocs>", with: "<HealthDocs")
        #expect(Self.documents(Self.healthlink(root)) == ["DOC1", "DOC2", "DOC3", "DOC4", "DOC5"])
    }

    @Test("drip-fed mutations of a HealthDocs batch: every envelope the damage does not touch is read")
    func xmlMutations() {
        var damage = Damage(seed: 16)
        for round in 0..<300 {
            let docs = (1...6).map { Self.healthDoc($0) }
            let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthDocs>\n" + docs.joined(separator: "\n") + "\n</HealthDocs>\n"
            let bytes = Array(text.utf8)
            var ranges: [Range<Int>] = []
            var from = 0
            for d in docs {
                let needle = Array(d.utf8)
                var i = from
                while Array(bytes[i..<(i + needle.count)]) != needle { i += 1 }
                ranges.append(i..<(i + needle.count))
                from = i + needle.count
            }
            let (mutated, at, cut) = damage.apply(bytes, quote: UInt8(ascii: "<"))
            let result = HealthlinkImporter().read(file: "m.xml", bytes: mutated, settings: testSettings)
            let read = Set(Self.documents(result))
            let untouched = ranges.indices.filter { cut ? ranges[$0].upperBound <= at : at < ranges[$0].lowerBound || at >= ranges[$0].upperBound }
            for n in untouched {
                #expect(read.contains("DOC\(n + 1)"), "round \(round): envelope \(n + 1) untouched by damage at byte \(at) was lost")
            }
        }
    }

    @Test("drip-fed mutations of a register: every row the damage does not touch is read")
    func csvMutations() {
        var damage = Damage(seed: 3)
        var lines = ["Patient ID,NHI,Surname,First Name,DOB,Mobile,Address"]
        for n in 0..<12 { lines.append("P\(n),ZZZ00\(10 + n),\"Tipene, \(n)\",Jane,12/05/1980,021 123 45\(10 + n),\"\(n) Puriri Drive, Epsom\"") }
        let text = lines.joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        var starts: [Int] = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        for round in 0..<400 {
            let (mutated, at, cut) = damage.apply(bytes)
            let headerEnd = starts[1]
            guard at >= headerEnd else { continue }   // a damaged header is a file-level problem, said as such
            let result = RegisterImporter().read(file: "r.csv", bytes: mutated, settings: testSettings)
            let read = Set(result.traces.compactMap(\.identity.localPatientID))
            for n in 0..<12 {
                let range = starts[n + 1]..<starts[n + 2]
                let untouched = cut ? range.upperBound <= at : !(range.lowerBound - 1...range.upperBound).contains(at)
                if untouched { #expect(read.contains("P\(n)"), "round \(round): row \(n) untouched by damage at byte \(at) was lost") }
            }
        }
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
