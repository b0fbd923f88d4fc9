import Foundation
import Testing
import Drill
@testable import Importing
import LacunaCore

/// What is not text is said, never imported as rows; a workbook's sheets are read as tables.
@Suite("Spreadsheets and files that are not text")
struct FileTypeTests {
    @Test("a PDF, a Word file, an image, an old Office file, an archive: not read, with what to ask for instead", arguments: [
        (Array("%PDF-1.7\n%\u{E2}\u{E3}".utf8), "a PDF"),
        ([0x50, 0x4B, 0x03, 0x04] + Array("....word/document.xml....".utf8), "a Word document"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64), "an image"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 64), "an old Office file"),
        ([0x50, 0x4B, 0x03, 0x04] + Array("....data.csv....".utf8), "a zip archive"),
        ([0x1F, 0x8B, 0x08, 0x00], "a gzip-compressed file"),
    ] as [([UInt8], String)])
    func notText(_ example: ([UInt8], String)) throws {
        for kind in [SourceKind.bank, .register, .lab, .portal] {
            let result = try #require(Importers.read(kind, file: "sources/x", bytes: example.0, settings: testSettings))
            #expect(result.read == 0, "\(kind)")
            #expect(result.errors.contains { $0.contains("sources/x: not read: \(example.1)") }, "\(kind): \(result.errors)")
        }
    }

    @Test("an archive's names looked for in its bytes as in the text they decode to: every run of up to five of a mixed alphabet")
    func archiveNamesByBytes() {
        let pieces: [[UInt8]] = [Array("xl/".utf8), Array("workbook".utf8), Array(".xml".utf8), Array(".xm".utf8), Array("x".utf8), [0x00], [0xFF],
                                 [0xE2, 0x80], Array("é".utf8)]
        let allRuns = runs(of: pieces, upTo: 5)
        let differing = allRuns.filter { run in
            FileType.holds(run[...], "xl/workbook.xml") != String(decoding: run, as: UTF8.self).contains("xl/workbook.xml")
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
        #expect(allRuns.contains { FileType.holds($0[...], "xl/workbook.xml") }, "the name is found somewhere")
        #expect(FileType.holds(Array("..word/document.xml".utf8)[...], "word/document.xml"))
        #expect(!FileType.holds(Array("word/document.xm".utf8)[...], "word/document.xml"))
        #expect(!FileType.holds(Array("..word/document.xmL..".utf8)[...], "word/document.xml"))
        #expect(FileType.of([0x50, 0x4B, 0x03, 0x04] + Array("....opendocument.spreadsheet....".utf8))
            == .other(what: "an OpenDocument spreadsheet (.ods)", advice: "save it as .xlsx or CSV"))
    }

    @Test("UTF-16 without a BOM is text, not a binary file")
    func utf16() {
        let text = "Date,Amount\n03/04/2025,45.00\n"
        let bytes = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(FileType.of(bytes) == .text)
    }

    @Test("a workbook's sheets are read as tables: shared strings, dates as dates, times, numbers; records numbered by sheet")
    func workbook() throws {
        let day = LocalDate(year: 2025, month: 4, day: 3)!
        let bytes = try XLSXWriter.workbook([
            ("Notes", [[.text("Exported from the bank")]]),
            ("Transactions", [
                [.text("Date"), .text("Amount"), .text("Other Party"), .text("Reference")],
                [.date(day, nil), .number(45), .text("SMITH J"), .text("INV-10234")],
                [.date(day.adding(days: 1), LocalTime(hour: 9, minute: 30)), .number(-12.5), .text("FEES"), .empty],
            ]),
        ])
        #expect(FileType.of(bytes) == .workbook)
        let book = try Workbook(bytes: bytes)
        #expect(book.sheets.map(\.name) == ["Notes", "Transactions"])
        #expect(book.sheets[1].rows[1] == ["2025-04-03", "45.0", "SMITH J", "INV-10234"])
        #expect(book.sheets[1].rows[2][0] == "2025-04-04 09:30:00")
        let result = try #require(Importers.read(.bank, file: "bank/statement.xlsx", bytes: bytes, settings: testSettings))
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "-12.50"])
        #expect(result.traces.allSatisfy { $0.locator.message == 2 })
        #expect(result.traces.first?.payload["_invoice"] == "10234")
        #expect(result.reading.contains { $0.contains("sheet 2 “Transactions”") })
        // The notes sheet is no bank statement: its one line is a reject, with the sheet named.
        #expect(result.rejects.allSatisfy { $0.locator.message == 1 })
    }

    @Test("a sheet's cells are placed by their references, or after the row's last cell; rows by number, a row named twice one row, an unnumbered row after the last named")
    func sheetCellPlacement() {
        let sheet = """
            <worksheet><sheetData>
            <row r="2"><c r="C2" t="inlineStr"><is><t>c2</t></is></c><c t="inlineStr"><is><t>d2</t></is></c></row>
            <row r="4"><c r="B4" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>a2</t></is></c><c r="C2" t="inlineStr"><is><t>again</t></is></c></row>
            <row><c t="b"><v>1</v></c><c r="AA5"><v>7</v></c></row>
            </sheetData></worksheet>
            """
        let rows = Workbook.rows(Array(sheet.utf8), strings: ["zero", "one"], dateStyles: [])
        // The unnumbered row follows the row named last (2), whatever its cell's reference says.
        #expect(rows.count == 4)
        #expect(rows[0] == [])
        #expect(rows[1] == ["a2", "", "again", "d2"])
        #expect(rows[2].count == 27 && rows[2][0] == "TRUE" && rows[2][26] == "7" && rows[2][1...25].allSatisfy(\.isEmpty))
        #expect(rows[3] == ["", "one"])
        #expect(Workbook.rows(Array("<worksheet><sheetData/></worksheet>".utf8), strings: [], dateStyles: []).isEmpty)
    }

    @Test("a damaged workbook is said, not read")
    func damagedWorkbook() throws {
        let bytes = Array(try XLSXWriter.workbook([("S", [[.text("x")]])]).prefix(200))
        let result = try #require(Importers.read(.register, file: "register.xlsx", bytes: bytes, settings: testSettings))
        #expect(result.read == 0)
        #expect(result.errors.contains { $0.contains("register.xlsx: not read") })
    }
}
