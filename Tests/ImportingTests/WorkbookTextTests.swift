import Foundation
import Testing
@testable import Drill
@testable import Importing
import ZIPFoundation

/// A workbook's texts as spreadsheet programs store them: control characters escaped `_xHHHH_` (or,
/// from a careless writer, raw, which XML cannot hold), and parts that stop being XML partway said.
@Suite("Workbook texts and broken parts")
struct WorkbookTextTests {
    @Test("a sheet's rows made CSV by their bytes as by their characters: every row of two cells of up to three of a mixed alphabet")
    func csvByBytes() {
        /// The characters' way, as it was written first.
        func byCharacters(_ rows: [[String]]) -> [UInt8] {
            var text = ""
            for row in rows {
                text += row.map { cell in
                    cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                        ? "\"" + cell.replacingEvery("\"", with: "\"\"") + "\"" : cell
                }.joined(separator: ",") + "\n"
            }
            return Array(text.utf8)
        }
        // "\r" then "\n" is one character, `\r\n`: such cells are where the two ways part (below).
        let cells = runs(of: ["a", ",", "\"", "\n", "\r", " ", "ā", "😀"], upTo: 3).filter { !$0.contains("\r\n") }
        let rows = cells.map { [$0, "x"] } + cells.map { ["y", $0] } + [[], [""], ["a", "b", "c"]]
        let differing = rows.filter { Workbook.csv([$0]) != byCharacters([$0]) }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    @Test("a cell's line end written \\r\\n (a careless writer's, or Excel's escaped carriage return) is quoted: the row reads back whole")
    func csvQuotesCarriageReturnLineFeed() {
        let rows = [["Name", "Notes"], ["Tipene", "line one\r\nline two"], ["Walker", "ok"]]
        let document = CSVReader.read(Workbook.csv(rows))
        #expect(document.records.map(\.fields) == rows)
    }

    @Test("ST_Xstring escapes are undone: a NUL, a carriage return, an escaped underscore, a pair of surrogates; anything else as written",
          arguments: [
              ("Te_x0000_Whata", "Te\u{0}Whata"),
              ("line one_x000D_\nline two", "line one\r\nline two"),
              ("_x005F_x0041_", "_x0041_"),
              ("_xD83D__xDE00_", "😀"),
              ("_x0041__x0062_c", "Abc"),
              ("snake_case_x", "snake_case_x"),
              ("a_xZZZZ_b _x12_ _x+041_ _x-041_", "a_xZZZZ_b _x12_ _x+041_ _x-041_"),
              ("Ōtaki_x0009_Māori", "Ōtaki\tMāori"),
              ("", ""),
          ])
    func unescaped(_ stored: String, _ text: String) {
        #expect(Workbook.unescaped(stored) == text)
    }

    @Test("what the drill's writer stores, as Excel does, reads back as it was written")
    func writerRoundTrip() throws {
        let texts = ["Te\u{0}Whata", "a\rb", "tab\there", "_x0041_", "__x005F_x", "bell\u{7}", "Ngā Tama", "plain"]
        for text in texts {
            #expect(Workbook.unescaped(XLSXWriter.xstring(text)) == text, "\(text.debugDescription)")
        }
        let book = try Workbook(bytes: XLSXWriter.workbook([("People", texts.map { [.text($0)] })]))
        #expect(book.sheets.first?.rows.map { $0.first ?? "" } == texts)
        #expect(book.problems.isEmpty)
    }

    @Test("a control character written raw (XML cannot hold it) is read as the character, and the part goes on; a UTF-16 part is left as it is")
    func rawControls() {
        let raw = Array("<sst><si><t>Te".utf8) + [0x00] + Array("Whata</t></si><si><t>esc".utf8) + [0x1B] + Array("</t></si><si><t>last</t></si></sst>".utf8)
        var said: [Int] = []
        #expect(Workbook.sharedStrings(raw) { said.append($0) }.isEmpty, "raw, XML stops at the NUL, inside the first string")
        #expect(said == [0])
        said = []
        let strings = Workbook.sharedStrings(Workbook.readable(raw)) { said.append($0) }
        #expect(strings == ["Te\u{0}Whata", "esc\u{1B}", "last"])
        #expect(said.isEmpty)
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<sst><si><t>x</t></si></sst>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(Workbook.readable(utf16) == utf16)
        let clean = Array("<sst><si><t>a\tb\r\nc</t></si></sst>".utf8)
        #expect(Workbook.readable(clean) == clean)
    }

    @Test("a workbook whose strings hold control characters written raw is read whole, and the file's warnings say so")
    func rawControlsInAWorkbook() throws {
        let rows: [[XLSXWriter.Cell]] = [[.text("Patient"), .text("Amount")], [.text("Te\u{0}Whata"), .number(45)], [.text("Ngata"), .number(19)]]
        let raw = try XLSXWriter.workbook([("Export", rows)], escapingControls: false)
        let book = try Workbook(bytes: raw)
        #expect(book.sheets.first?.rows.map { $0.first ?? "" } == ["Patient", "Te\u{0}Whata", "Ngata"])
        #expect(book.problems == ["xl/sharedStrings.xml holds 1 control character(s) XML cannot hold, written raw: read as the characters they are"])
        let result = try #require(Importers.read(.ledger, file: "ledger.xlsx", bytes: raw, settings: testSettings))
        #expect(result.warnings.contains("ledger.xlsx: xl/sharedStrings.xml holds 1 control character(s) XML cannot hold, written raw: read as the characters they are"))
    }

    @Test("a sheet or the shared strings that stop being XML partway: what came before is read, and how far is said")
    func brokenParts() {
        let sheet = Array("""
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>one</t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>th&ree</t></is></c></row></sheetData></worksheet>
            """.utf8)
        var brokeIn: [Int] = []
        let rows = Workbook.rows(sheet, strings: [], dateStyles: []) { brokeIn.append($0) }
        #expect(rows == [["one"], ["2"]])
        #expect(brokeIn == [3])
        var whole: [Int] = []
        _ = Workbook.rows(Array("<worksheet><sheetData/></worksheet>".utf8), strings: [], dateStyles: []) { whole.append($0) }
        #expect(whole.isEmpty)
    }

    @Test("cells placed past the last column or row a sheet can have (XFD1048576), however far past, are left out and said, without the sheet made as wide or as tall; the cells within it are read")
    func cellsPastTheLast() throws {
        let far = String(repeating: "Z", count: 40)
        let sheet = """
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>kept</t></is></c><c r="XFD1" t="inlineStr"><is><t>last column</t></is></c>\
            <c r="XFE1" t="inlineStr"><is><t>past it</t></is></c><c r="\(far)1"><v>1</v></c></row>\
            <row r="1048577"><c r="A1048577"><v>2</v></c></row><row r="99999999999999999999999"><c r="B9"><v>3</v></c></row><row><c><v>4</v></c></row></sheetData></worksheet>
            """
        var past: [Int] = []
        let rows = Workbook.rows(Array(sheet.utf8), strings: [], dateStyles: [], beyond: { past.append($0) })
        #expect(past == [5])
        #expect(rows.count == 1 && rows[0].count == Workbook.columns && rows[0].first == "kept" && rows[0].last == "last column")
        #expect(Workbook.columnIndex(far + "1") == Workbook.columns && Workbook.columnIndex("XFD1") == Workbook.columns - 1)
        // Through a workbook: said among its problems, and the workbook not whole (a saved call list is then refused).
        let book = try Workbook(bytes: Self.workbook(sheet: sheet, strings: "<sst/>"))
        #expect(!book.complete)
        #expect(book.problems.contains { $0.contains("5 cell(s) past its last column or row") })
    }

    /// A workbook of these parts, as a zip.
    static func workbook(sheet: String, strings: String) throws -> [UInt8] {
        let parts = [
            ("xl/workbook.xml", "<workbook><sheets><sheet name=\"Calls\" sheetId=\"1\" id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/sharedStrings.xml", strings),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    @Test("a workbook whose sheet stops partway: an export's rows before the break are imported and the break is said; a saved call list is not read at all, rather than losing what was typed after the break")
    func brokenWorkbook() throws {
        let strings = "<sst><si><t>Date</t></si><si><t>Amount</t></si><si><t>candidate_ids</t></si><si><t>outcome</t></si></sst>"
        let sheet = """
            <worksheet><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>3</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="inlineStr"><is><t>reached</t></is></c></row>\
            <row r="3"><c r="A3" t="inlineStr"><is><t>C2</t></is></c><c r="B3" t="inlineStr"><is><t>left message &</t></is></c></row>\
            <row r="4"><c r="A4" t="inlineStr"><is><t>C3</t></is></c><c r="B4" t="inlineStr"><is><t>reached</t></is></c></row></sheetData></worksheet>
            """
        let bytes = try Self.workbook(sheet: sheet, strings: strings)
        let book = try Workbook(bytes: bytes)
        #expect(!book.complete)
        #expect(book.sheets.first?.rows == [["candidate_ids", "outcome"], ["C1", "reached"], ["C2"]])
        #expect(book.problems == ["sheet 1 “Calls” stops being well-formed XML in its row 3: the rest of that row and the rows after it were not read"])
        let result = try #require(Importers.read(.ledger, file: "ledger.xlsx", bytes: bytes, settings: testSettings))
        #expect(result.warnings.contains("ledger.xlsx: sheet 1 “Calls” stops being well-formed XML in its row 3: the rest of that row and the rows after it were not read"))
        #expect(throws: SavedWorkbook.UnreadableWorkbook.self) { try SavedWorkbook.csv(bytes, preferring: "candidate_ids") }
        let whole = try Self.workbook(sheet: sheet.replacingOccurrences(of: "message &", with: "message &amp;"), strings: strings)
        #expect(try Workbook(bytes: whole).complete)
        let csv = String(decoding: try SavedWorkbook.csv(whole, preferring: "candidate_ids"), as: UTF8.self)
        #expect(csv == "candidate_ids,outcome\nC1,reached\nC2,left message &\nC3,reached\n")
        let strayStrings = try Self.workbook(sheet: sheet.replacingOccurrences(of: "message &", with: "message"), strings: strings + "<si>")
        #expect(try Workbook(bytes: strayStrings).problems.first?.hasPrefix("its shared strings stop being well-formed XML after the first 4") == true)
    }
}
