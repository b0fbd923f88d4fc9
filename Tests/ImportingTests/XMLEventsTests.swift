import Foundation
import Testing
@testable import Importing

/// The workbook's large parts are read through libxml2's SAX parser (`XMLEvents`) rather than its
/// streaming reader (`XMLStream`): the same elements, attributes and text, in the same order, for what
/// spreadsheet programs write and for what XML allows beside it.
@Suite("XML read event by event")
struct XMLEventsTests {
    /// What each way of reading hands on, as lines: `<name r=… t=…>`, `"text"`, `</name>`.
    final class Events: XMLEventSink {
        var lines: [String] = []
        func start(_ name: XMLEvents.Name, _ attributes: XMLEvents.Attributes) {
            let said = ["r", "t", "s", "name"].compactMap { key in attributes.value(key).map { " \(key)=\($0)" } }.joined()
            lines.append("<" + String(cString: name.bytes) + said + ">")
        }
        func text(_ bytes: UnsafeBufferPointer<UInt8>) { lines.append("\"" + String(decoding: bytes, as: UTF8.self) + "\"") }
        func end(_ name: XMLEvents.Name) { lines.append("</" + String(cString: name.bytes) + ">") }
    }

    static func byEvents(_ xml: [UInt8]) -> (lines: [String], whole: Bool) {
        let events = Events()
        let whole = XMLEvents.parse(xml, huge: true, into: events)
        return (events.lines, whole)
    }

    static func byReader(_ xml: [UInt8]) -> (lines: [String], whole: Bool) {
        var lines: [String] = []
        let brokeAt = XMLStream.walk(xml, huge: true, whitespace: true) { node in
            switch node {
            case .start(let name, let attributes, _):
                lines.append("<" + name + ["r", "t", "s", "name"].compactMap { key in attributes[key].map { " \(key)=\($0)" } }.joined() + ">")
            case .text(let text): lines.append("\"" + text + "\"")
            case .end(let name): lines.append("</" + name + ">")
            }
        }
        return (lines, brokeAt == nil)
    }

    static let documents: [(String, [UInt8])] = [
        ("cells as Excel writes them", Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>45292.5</v></c><c r="C1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>
            """.utf8)),
        ("a namespace prefix on every element (the OpenXML SDK's x:), attributes in single quotes and out of order", Array("""
            <x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>
              <x:sheetData>
                <x:row r='3'><x:c t='s' r='B3' s='1'><x:v>7</x:v></x:c><x:c r='C3'/></x:row>
              </x:sheetData>
            </x:worksheet>
            """.utf8)),
        ("entities, character references, CDATA, rich-text runs and a phonetic reading", Array("""
            <sst><si><t>Smith &amp; Sons &lt;Ltd&gt; &#8211; &#x101;</t></si><si><r><rPr><b/></rPr><t>Ta</t></r><r><t xml:space="preserve"> Mati</t></r><rPh sb="0" eb="1"><t>ta</t></rPh></si><si><t><![CDATA[a < b & c]]></t></si><si><t>before<![CDATA[ & ]]>after</t></si></sst>
            """.utf8)),
        ("blanks, kept whether xml:space says preserve, default or nothing; an attribute with an entity", Array("""
            <sst name="R&amp;D"><si><t> </t></si><si><t xml:space="preserve">  </t></si><si xml:space="default"><t>   </t></si><si><t>
            </t></si><si><t></t></si><si><t/></si></sst>
            """.utf8)),
        ("a part written in UTF-16 with its byte-order mark", [0xFF, 0xFE] + Array("""
            <?xml version="1.0" encoding="UTF-16"?><sst><si><t>Ōtaki Māori</t></si></sst>
            """.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        ("a part cut short: what came before is handed on", Array("""
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>sec
            """.utf8)),
        ("a part that is not XML", Array("PK\u{03}\u{04} not xml at all".utf8)),
    ]

    @Test("the events are the streaming reader's, element for element and text for text", arguments: documents.indices)
    func sameAsTheReader(_ index: Int) {
        let (what, xml) = Self.documents[index]
        let events = Self.byEvents(xml), reader = Self.byReader(xml)
        #expect(events.lines == reader.lines, "\(what)")
        #expect(events.whole == reader.whole, "\(what)")
    }

    @Test("what the events give: entities replaced, CDATA as text, blanks kept, a broken part said")
    func whatTheyGive() {
        let entities = Self.byEvents(Self.documents[2].1).lines
        #expect(entities.contains("\"Smith & Sons <Ltd> – ā\""))
        #expect(entities.contains("\"a < b & c\""))
        let blanks = Self.byEvents(Self.documents[3].1).lines
        #expect(blanks.first == "<sst name=R&D>")
        #expect(blanks.filter { $0 == "\" \"" }.count == 1 && blanks.contains("\"  \"") && blanks.contains("\"   \"")
                && blanks.contains("\"\n\""))
        #expect(Self.byEvents(Self.documents[4].1).lines.contains("\"Ōtaki Māori\""))
        let cut = Self.byEvents(Self.documents[5].1)
        #expect(!cut.whole && cut.lines.contains("\"first\""))
        #expect(!Self.byEvents(Self.documents[6].1).whole)
        #expect(!XMLEvents.parse([], into: Events()))
    }

    @Test("a cell's reference and a row's, a style's or a shared string's number read from their bytes as from their texts")
    func numbersByBytes() {
        let references = ["A1", "b7", "AA3", "zz9", "XFD1048576", "Ā1", "AĀ1", "A&#38;B1", "1A", "", "$B$2", "a", "ẞ1", "ﬀ2"]
        for text in references {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(Workbook.columnIndex) == Workbook.columnIndex(text), "\(text)")
        }
        let numbers = ["0", "7", "0042", "+3", "-2", " 1", "1 ", "", "x", "1.5", "١٢", "&#38;", "123456789012345678",
                       "1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775808"]
        for text in numbers {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(Workbook.integer) == Int(text), "\(text)")
        }
        // Through a sheet: a reference in lower case, numbers with a sign, leading zeros or a blank.
        let sheet = Array("""
            <worksheet><sheetData><row r="0002"><c r="b2" t="s" s="+1"><v>+1</v></c><c r="C2" t="s"><v> 1</v></c><c t="s"><v>002</v></c></row><row><c r="a3" t="s"><v>9</v></c><c r="B3" s="1"><v>45292</v></c></row></sheetData></worksheet>
            """.utf8)
        let rows = Workbook.rows(sheet, strings: ["zero", "one", "two"], dateStyles: [false, true])
        #expect(rows == [[], ["", "one", "", "two"], ["", "2024-01-01"]])
    }

    @Test("a workbook's shared strings and cells read through the events: runs joined, the phonetic reading left out, prefixed elements placed")
    func workbookParts() {
        let strings = Workbook.sharedStrings(Self.documents[2].1)
        #expect(strings == ["Smith & Sons <Ltd> – ā", "Ta Mati", "a < b & c", "before & after"])
        let rows = Workbook.rows(Self.documents[1].1, strings: ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "seven"], dateStyles: [false, false])
        #expect(rows == [[], [], ["", "seven", ""]])
        let cut = Workbook.rows(Self.documents[5].1, strings: [], dateStyles: [])
        #expect(cut == [["first"]])
    }
}
