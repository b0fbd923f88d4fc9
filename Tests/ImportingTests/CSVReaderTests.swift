import Foundation
import Testing
@testable import Importing
import LacunaCore

@Suite("CSV through libcsv")
struct CSVReaderTests {
    func read(_ text: String) -> CSVDocument { CSVReader.read(Array(text.utf8)) }

    @Test("records know their lines and byte offsets, across CRLF, LF and CR ends")
    func locators() {
        for end in ["\r\n", "\n", "\r"] {
            let doc = read("a,b\(end)1,2\(end)\(end)3,4")
            #expect(doc.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
            #expect(doc.records.map { $0.locator.line } == [1, 2, 4])
            #expect(doc.records[1].locator.byteOffset == 3 + end.utf8.count)
        }
    }

    @Test("a quoted field may hold commas, quotes and line breaks; its record spans the lines")
    func quotedFields() {
        let doc = read("name,note\n\"Tipene, J\",\"said \"\"hi\"\"\nand left\"\nnext,row\n")
        #expect(doc.records[1].fields == ["Tipene, J", "said \"hi\"\nand left"])
        #expect(doc.records[1].locator.line == 2)
        #expect(doc.records[1].locator.endLine == 3)
        #expect(doc.records[2].locator.line == 4)
    }

    @Test("a broken quote costs only its own line")
    func brokenQuote() {
        let doc = read("a,b,c\n1,\"x\"y,3\n4,5,6\n7,\"unclosed,9\n10,11,12\n")
        #expect(doc.broken.map { $0.locator.line } == [2, 4])
        #expect(doc.records.map(\.fields) == [["a", "b", "c"], ["4", "5", "6"], ["10", "11", "12"]])
    }

    @Test("a last field whose quote never closes is read to the end of its line, where that gives the row its width; else a broken record")
    func unclosedAtEnd() {
        let doc = read("a,b\n1,2\n3,\"oops\n")
        #expect(doc.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "oops"]])
        #expect(doc.broken.isEmpty)
        #expect(doc.warnings.contains { $0.contains("never closes") })
        let short = read("a,b,c\n1,2,3\n4,\"cut\n")
        #expect(short.records.count == 2)
        #expect(short.broken.map { $0.locator.line } == [3])
    }

    @Test("semicolon, tab and pipe separated files", arguments: [";", "\t", "|"])
    func delimiters(_ separator: String) {
        let doc = read(["Surname", "First Name", "DOB"].joined(separator: separator) + "\n"
                       + ["Ngata", "Aroha", "01/02/1990"].joined(separator: separator) + "\n")
        #expect(doc.records.last?.fields == ["Ngata", "Aroha", "01/02/1990"])
    }

    @Test("a BOM before a quoted first header is removed")
    func bom() {
        let doc = CSVReader.read([0xEF, 0xBB, 0xBF] + Array("\"NHI\",\"Surname\"\nZZZ00AC,Tipene\n".utf8))
        #expect(doc.records.first?.fields == ["NHI", "Surname"])
        #expect(doc.encoding == .utf8BOM)
    }

    @Test("Windows-1252 is detected, decoded, and warned about")
    func windows1252() {
        // "Renée" and a right single quote (0x92) in Windows-1252.
        let doc = CSVReader.read(Array("name\nRen".utf8) + [0xE9] + Array("e O".utf8) + [0x92] + Array("Brien\n".utf8))
        #expect(doc.encoding == .windows1252)
        #expect(doc.records.last?.fields == ["Renée O’Brien"])
        #expect(doc.warnings.contains { $0.contains("Windows-1252") })
    }

    @Test("every Windows-1252 byte becomes its character, alone and among ASCII runs of any length")
    func windows1252EveryByte() {
        // The character each byte stands for, as Windows-1252 maps it (its five unused bytes as U+FFFD).
        func character(_ byte: UInt8) -> String {
            let high: [UInt32] = [0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
                                  0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
                                  0x0153, 0xFFFD, 0x017E, 0x0178]
            return String(Unicode.Scalar(byte >= 0x80 && byte < 0xA0 ? high[Int(byte) - 0x80] : UInt32(byte))!)
        }
        let all = (0...255).map(UInt8.init)
        #expect(TextDecoding.windows1252ToUTF8(all) == Array(all.map(character).joined().utf8))
        for byte in all {
            for run in [0, 1, 7, 8, 9, 20] {
                let ascii = Array(repeating: UInt8(ascii: "a"), count: run)
                let bytes = ascii + [byte] + ascii + [byte, byte]
                let text = String(repeating: "a", count: run) + character(byte) + String(repeating: "a", count: run) + character(byte) + character(byte)
                #expect(TextDecoding.windows1252ToUTF8(bytes) == Array(text.utf8), "\(byte) \(run)")
            }
        }
        #expect(TextDecoding.windows1252ToUTF8([]) == [])
    }

    @Test("UTF-16 with a BOM (Square's exports)")
    func utf16() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Date\tTime\n03/04/2025\t10:42\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let doc = CSVReader.read(bytes)
        #expect(doc.encoding == .utf16LE)
        #expect(doc.records.last?.fields == ["03/04/2025", "10:42"])
    }
}

@Suite("Header detection")
struct HeaderMapTests {
    @Test("the header is found after a bank's preamble")
    func preamble() throws {
        let text = "Created date / time : 12 April 2025 / 11:10:19\nBank 12; Branch 3405; Account 0123456-50 (Streamline)\nFrom date 20250101\n"
            + "Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount\n\n2025/01/18,2025011801,D/C,,\"D/C FROM A B Cat\",\"Credit Card\",1300.00\n"
        let doc = CSVReader.read(Array(text.utf8))
        let map = try #require(HeaderMap.locate(in: doc.records, synonyms: ["date": ["Date"], "id": ["Unique Id"], "amount": ["Amount"]]))
        #expect(map.headerIndex == 3)
        #expect(map.value("amount", in: doc.records[4]) == "1300.00")
    }

    @Test("synonyms match whatever the case, punctuation or bracketed hints")
    func synonyms() throws {
        let doc = CSVReader.read(Array("NHI number,FAMILY NAME,Given Name(s),Date of Birth (DD/MM/YYYY)\nZZZ00AC,Tipene,Jane,12/05/1980\n".utf8))
        let map = try #require(HeaderMap.locate(in: doc.records, synonyms: RegisterImporter.synonyms))
        #expect(map.value("nhi", in: doc.records[1]) == "ZZZ00AC")
        #expect(map.value("given", in: doc.records[1]) == "Jane")
        #expect(map.value("dob", in: doc.records[1]) == "12/05/1980")
    }

    @Test("the playbook's columns win over the synonyms")
    func overrides() throws {
        let doc = CSVReader.read(Array("Ingoa Whanau,Ingoa Tuatahi,Ra Whanau\nTipene,Jane,12/05/1980\n".utf8))
        #expect(HeaderMap.locate(in: doc.records, synonyms: RegisterImporter.synonyms) == nil)
        let map = try #require(HeaderMap.locate(in: doc.records, synonyms: RegisterImporter.synonyms,
                                                overrides: ["Ingoa Whanau": "family", "Ingoa Tuatahi": "given", "Ra Whanau": "dob"]))
        #expect(map.value("family", in: doc.records[1]) == "Tipene")
        #expect(map.value("dob", in: doc.records[1]) == "12/05/1980")
    }
}

@Suite("Dates and times as exports write them")
struct DateReadingTests {
    /// Every text of one to `most` of the alphabet's pieces, the shorter first.
    static func texts(upTo most: Int, of alphabet: [String]) -> [String] {
        var texts: [String] = [], layer = [""]
        for _ in 0..<most {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        return texts
    }

    @Test("the day/month order is decided once per file")
    func order() {
        #expect(DateReading.decideOrder(["03/04/2025", "13/04/2025"], fallback: .mdy) == .dmy)
        #expect(DateReading.decideOrder(["04/03/2025", "04/13/2025"], fallback: .dmy) == .mdy)
        #expect(DateReading.decideOrder(["03/04/2025", "04/05/2025"], fallback: .dmy) == .dmy)
        #expect(DateReading.decideOrder(["03/04/2025", "04/05/2025"], fallback: .mdy) == .mdy)
        #expect(DateReading.decideOrder(["2025-04-03"], fallback: .dmy) == .ymd)
    }

    @Test("the order a date cell shows, read from its bytes, is what taking it apart shows: every text of up to six of 0 1 3 / - space T")
    func orderShownAsCharacters() {
        var texts = ["", "2025-04-03", "13/04/2025", "04/13/2025", "03/04/2025 14:05", "2025-04-03T09:30:00Z", " 2025-04-03", "T13/1/1",
                     "1234567890/1/1", "0000000013/1/1", "13/1/1.5", "03.04.2025", "3-4", "Ōrākei", "13/04/2025x", "13/04/٢٠٢٥", "+13/1/1"]
        texts += Self.texts(upTo: 6, of: ["0", "1", "3", "/", "-", " ", "T"])
        var wrong: [String] = []
        for text in texts {
            if let shown = DateReading.orderShown(text), shown != DateReading.orderShownAsCharacters(text) { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        // Most cells are read from their bytes.
        #expect(DateReading.orderShown("2025-04-03") == .some(.ymd) && DateReading.orderShown("13/04/2025 09:00") == .some(.dmy))
    }

    @Test("dates", arguments: [
        ("03/04/2025", DateOrder.dmy, "2025-04-03"), ("3/4/25", .dmy, "2025-04-03"), ("04/03/2025", .mdy, "2025-04-03"),
        ("2025-04-03", .dmy, "2025-04-03"), ("2025/04/03", .dmy, "2025-04-03"), ("20250403", .dmy, "2025-04-03"),
        ("3 Apr 2025", .mdy, "2025-04-03"), ("03-Apr-2025", .dmy, "2025-04-03"), ("Apr 3, 2025", .dmy, "2025-04-03"),
        ("Thursday 3 April 2025", .dmy, "2025-04-03"), ("12/05/80", .dmy, "1980-05-12"), ("03/04/2025 14:05", .dmy, "2025-04-03"),
        ("7 jul 22", .dmy, "2022-07-07"), ("SEPT 7 2022", .dmy, "2022-09-07"), ("2025-04-03T09:30:00Z", .dmy, "2025-04-03"),
    ])
    func dates(_ example: (String, DateOrder, String)) {
        #expect(DateReading.date(example.0, order: example.1)?.description == example.2)
    }

    @Test("dates of digits and separators read from their bytes as taking them apart reads them: every text of up to six of 0 1 2 9 / - .")
    func plainDates() {
        // The general reading of a text without letters or spaces, written plainly.
        func general(_ text: String, _ order: DateOrder) -> LocalDate? {
            if text.count == 8, text.allSatisfy(\.isNumber), let n = Int(text) { return LocalDate(year: n / 10000, month: n / 100 % 100, day: n % 100) }
            let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
            if parts[0].count == 4 { return LocalDate(year: a, month: b, day: c) }
            let year = parts[2].count <= 2 ? (c <= 40 ? 2000 + c : 1900 + c) : c
            return order == .mdy ? LocalDate(year: year, month: a, day: b) : LocalDate(year: year, month: b, day: a)
        }
        var texts = ["", "03/04/2025", "3/4/25", "2025-04-03", "20250403", "19800230", "12345678", "-2025-04-03", "2025..04..03",
                     "31/12/1999.", "00000000000000000001/1/2025", "1/2/3/4", "12/05/80", "29/02/2024", "29/02/2023"]
        texts += Self.texts(upTo: 6, of: ["0", "1", "2", "9", "/", "-", "."])
        for text in texts {
            for order in [DateOrder.dmy, .mdy, .ymd] {
                #expect(DateReading.date(text, order: order) == general(text, order), "\(text) \(order)")
            }
        }
    }

    @Test("a text said at a look to be no date is none by the general reading: every text of up to four of digits, separators, spaces, T, tabs, month letters and others, and a bank's descriptions and references")
    func noDateAtALook() {
        var texts = ["INV-14229", "DR CAMPBELL", "MITCHELL R INV-13309", "12-3094-0456789-00", "ch_3Q0000000000HMC", "T1-HMC", "HMC00002",
                     "Video consultation INV-14197", "Thursday 3 April 2025", "3 Apr 2025", "Apr 3, 2025", "SEPT 7 2022", "03-Apr-2025",
                     "2025-04-03T09:30:00Z", "T2025-04-03", " \t03/04/2025\t", "03/04/2025\tx", "12/+3/2025", "+1/+2/+2025", "İapr 3 2025",
                     "3 \u{212A}ov 2025", "20250403 0905", "20250403x", "x 03/04/2025", "03/04/2025 x", "3rd of May 2025", "1/2/3 jan"]
        texts += Self.texts(upTo: 4, of: ["1", "2", "0", "/", "-", ".", "+", " ", "T", "\t", "a", "J", "n", "p", "r", "x", "é"])
        var wrong: [String] = []
        for text in texts {
            for order in [DateOrder.dmy, .mdy, .ymd] where DateReading.date(text, order: order) != DateReading.dateAnyWay(text, order: order) {
                wrong.append("\(text.debugDescription) \(order)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(["INV-14229", "DR CAMPBELL", "T1-HMC", "Paid", "x 03/04/2025"].allSatisfy(DateReading.isNoDate))
        #expect(!["3 Apr 2025", "03/04/2025 x", "T2025-04-03", "İapr 3 2025"].contains(where: DateReading.isNoDate))
    }

    @Test("a time of digits and colons, and a date, a space and such a time, read from their bytes: what the general way reads, for every text of up to six of a small alphabet")
    func clockDigitsAsGeneral() {
        var texts = ["9:05", "14:05:33", "24:00", "23:59:60", "9:5", "09:15:00.250", "2025-04-03 09:15:00", "03/04/2025 14:05", "20250403 0905"]
        texts += Self.texts(upTo: 6, of: ["0", "1", "5", "9", ":", " ", "/"])
        var wrong: [String] = []
        for text in texts {
            if DateReading.time(text) != DateReading.timeAnyWay(text) { wrong.append("time \(text)") }
            for order in [DateOrder.dmy, .mdy] {
                let fast = DateReading.dateTime(text, order: order), general = DateReading.dateTimeAnyWay(text, order: order)
                if fast?.date != general?.date || fast?.time != general?.time { wrong.append("dateTime \(text) \(order)") }
            }
        }
        // Dates and times from a day's bookings, each second of it, either order of the date.
        for second in stride(from: 0, to: 86_400, by: 7) {
            let text = "03/04/2025 \(second / 3600):" + String(format: "%02d:%02d", second / 60 % 60, second % 60)
            for order in [DateOrder.dmy, .mdy] {
                let fast = DateReading.dateTime(text, order: order), general = DateReading.dateTimeAnyWay(text, order: order)
                if fast?.date != general?.date || fast?.time != general?.time { wrong.append("dateTime \(text) \(order)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test("a time with am or pm, and a date alone of digits and separators, read from their bytes: what the general way reads, for every text of up to five of a small alphabet")
    func meridiemAndBareDateAsGeneral() {
        var texts = ["8:00 am", "12:30 AM", "12:00 pm", "0:30 am", "13:00 pm", "9am", "2:05:33PM", "8:00  am", "8::00 am", "0905am", "8: 00 am",
                     "6/03/2025", "2025-04-03", "03.04.2025", "20250403", "1/2/3", "31/02/2025", "2025-4-3",
                     "1/2/3/4", "03/04/2025/1", "2025-04-03-07", "1.2.3.4.5", "03//04//25", "/03/04/25/", "2025/04", "999999999999999999/1/1"]
        texts += Self.texts(upTo: 5, of: ["1", "2", "0", ":", " ", "a", "p", "M", "-", "."])
        var wrong: [String] = []
        for text in texts {
            if DateReading.time(text) != DateReading.timeAnyWay(text) { wrong.append("time \(text)") }
            for order in [DateOrder.dmy, .mdy, .ymd] {
                let fast = DateReading.dateTime(text, order: order), general = DateReading.dateTimeAnyWay(text, order: order)
                if fast?.date != general?.date || fast?.time != general?.time { wrong.append("dateTime \(text) \(order)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(DateReading.clockWithMeridiem("8:00 am") == .some(LocalTime(hour: 8, minute: 0)))
        #expect(DateReading.clockWithMeridiem("13:00 pm") == .some(nil))
    }

    @Test("a date of digits and separators read from its bytes is the date taking it apart reads: every text of up to five of digits and separators, and longer ones")
    func digitsAndSeparatorsAsTakenApart() {
        var texts = ["03/04/25", "3-4-25", "1.12.99", "31.12.40", "1/1/41", "20250403", "2025-4-3", "03/04/2025", "1/2/3/4", "03/04/2025/1",
                     "2025-04-03-07", "03//04//25", "/03/04/25/", "-3-4-25", "2025/04", "12345678", "123456789", "00000000", "99999999",
                     "0003/04/2025", "3/4/0025", "999999999999999999/1/1", "1/1/99999999999999999"]
        texts += Self.texts(upTo: 5, of: ["0", "1", "2", "9", "/", "-", "."])
        var wrong: [String] = []
        for text in texts {
            for order in [DateOrder.dmy, .mdy, .ymd] where DateReading.date(text, order: order) != DateReading.dateTakenApart(text, order: order) {
                wrong.append("\(text) \(order)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 19_000)
    }

    @Test("times in 24-hour and 12-hour forms", arguments: [
        ("14:05", "14:05:00"), ("14:05:33", "14:05:33"), ("2:05 pm", "14:05:00"), ("2.05pm", "14:05:00"), ("9am", "09:00:00"),
        ("12:30 am", "00:30:00"), ("12:30 PM", "12:30:00"), ("0905", "09:05:00"), ("9:15 a.m.", "09:15:00"),
    ])
    func times(_ example: (String, String)) {
        #expect(DateReading.time(example.0)?.description == example.1)
    }

    @Test("dates in words with a time after them", arguments: [
        ("Apr 3, 2025 9:15 am", "2025-04-03", "09:15:00"), ("3 April 2025 14:05", "2025-04-03", "14:05:00"),
        ("Thursday 3 April 2025 2:05 PM", "2025-04-03", "14:05:00"), ("03-APR-2025 10:42:17", "2025-04-03", "10:42:17"),
        ("Apr 3, 2025", "2025-04-03", "-"),
    ])
    func wordedDateTimes(_ example: (String, String, String)) {
        let parsed = DateReading.dateTime(example.0, order: .dmy)
        #expect(parsed?.date.description == example.1)
        #expect(parsed?.time?.description ?? "-" == example.2)
    }

    @Test("not times", arguments: ["", "13pm", "25:00", "9", "soon"])
    func notTimes(_ text: String) {
        #expect(DateReading.time(text) == nil)
    }
}
