import Testing
import LacunaCore
@testable import Importing

/// A CSV record's payload is made in the order a payload keeps its fields, from where each header's
/// cells go (worked out once a file), not put into a dictionary and sorted. These hold it to the
/// dictionary it replaced, cell by cell, for the headers and records exports really have.
@Suite("A record's payload made in order from its header")
struct PayloadLayoutTests {
    /// Headers with repeats, empty cells, a header that reads like a made-up name (`column 3`), letters
    /// outside ASCII and in both cases, and punctuation that orders before letters.
    static let headers: [[String]] = [
        ["NHI", "Surname", "First Name", "DOB", "Mobile"],
        ["Name", "Name", "Amount", "", "Name"],
        ["column 3", "Date", "", "column 2", "Ōtaki", "Otaki", "otaki", "_status", "Zed"],
        [],
        ["Payee", "Particulars", "Code", "Reference", "Amount", "Date", "Payee"],
        // A letter with a combining mark after it orders as the letter it makes, past every ASCII one.
        ["O\u{304}taki", "_", "_a\u{301}", "`tick", "Zed", "_status"],
    ]
    /// Cells as exports write them: values, nothing, `null`, spaces, a no-break space, macrons.
    static let cells = ["ZZZ0016", "", "null", "NULL", " ", "\u{00A0}", "Tāmati", "Smith", "12.50", "2025-04-03", "Ngā Hau", " padded "]

    @Test("the payload equals the dictionary's, for repeated, empty and absent headers and ragged records")
    func sameAsDictionary() {
        var generator = SeededRandom(seed: 41)
        for header in Self.headers {
            let map = HeaderMap(columns: [:], headerIndex: 0, unrecognised: [], headerCells: header,
                                payloadLayout: PayloadLayout(headerCells: header, count: header.count))
            for _ in 0..<400 {
                // As wide as the header, or a cell or three short or over (a ragged export).
                let width = max(0, header.count + Int(generator.next() % 7) - 3)
                let fields = (0..<width).map { _ in Self.cells[Int(generator.next() % UInt64(Self.cells.count))] }
                let record = CSVRecord(fields: fields, locator: Locator(line: 2))
                let expected = Payload(HeaderMap.payload(of: record, headerCells: header))
                #expect(map.payload(of: record) == expected)
                #expect(PayloadLayout(headerCells: header, count: width).payload(of: fields) == expected)
            }
        }
    }

    @Test("fields an importer adds go in as if each were set in turn: over the record's own, the last of a name standing")
    func addedAsIfSet() {
        var generator = SeededRandom(seed: 43)
        // Names an importer adds, some a header here also has (`_status`, `Zed`), one given twice, one
        // ordering before every header (`!`), one after (`~`), some outside ASCII or with a combining mark.
        let names = ["_status", "_amount", "_booked_on", "Zed", "!first", "~last", "_ō", "_status", "P", "O\u{304}x", "_a"]
        for header in Self.headers {
            let layout = PayloadLayout(headerCells: header, count: header.count)
            for _ in 0..<400 {
                let fields = (0..<header.count).map { _ in Self.cells[Int(generator.next() % UInt64(Self.cells.count))] }
                let added = (0..<Int(generator.next() % 6)).map { _ in
                    (key: names[Int(generator.next() % UInt64(names.count))], value: Self.cells[Int(generator.next() % UInt64(Self.cells.count))])
                }
                var expected = layout.payload(of: fields)
                for (name, value) in added { expected[name] = value }
                let made = layout.payload(of: fields, adding: added)
                #expect(made == expected)
                #expect(Array(made.keys) == Array(expected.keys))
                // Each field found by its name (a name from `_` on looked for from where such names start).
                for (name, value) in expected { #expect(made[name] == value, "\(name)") }
                #expect(made["_none"] == nil && made["~none"] == nil)
            }
        }
    }

    @Test("where a header repeats, the last cell with a value stands")
    func lastValueStands() {
        let header = ["Name", "Amount", "Name"]
        let layout = PayloadLayout(headerCells: header, count: 3)
        #expect(layout.payload(of: ["Ana", "5", "Bo"])["Name"] == "Bo")
        #expect(layout.payload(of: ["Ana", "5", "null"])["Name"] == "Ana")
        #expect(layout.payload(of: ["", "5", ""])["Name"] == nil)
        #expect(Array(layout.payload(of: ["Ana", "5", "Bo"]).keys) == ["Amount", "Name"])
    }
}
