import Foundation
import Testing
@testable import Remnants
import TestFolders

/// The public index samples in ../shared/samples/index (not copied into this repository).
enum IndexSamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/samples/index").standardized
    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }
}

func readAll(_ path: String) -> (IndexDumpReader.Reading, [IndexDocument]) {
    var documents: [IndexDocument] = []
    let reading = IndexDumpReader.read(path: path) { documents.append($0) }
    return (reading, documents)
}

func temporaryFile(_ text: String, name: String = "dump.ndjson") throws -> String {
    let folder = TestFolder.fresh("lacuna-index")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite("Public search-index samples: every file read, or said plainly", .enabled(if: IndexSamples.available, "../shared/samples/index is absent: skipped"))
struct IndexSampleTests {
    func sample(_ name: String) -> (IndexDumpReader.Reading, [IndexDocument]) {
        readAll(IndexSamples.folder.appendingPathComponent(name).path)
    }

    @Test("every sample is read or gives a clear message, and nothing is rejected unread")
    func everySample() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: IndexSamples.folder.path).sorted()
        #expect(names.count >= 12)
        for name in names {
            let (reading, documents) = sample(name)
            #expect(reading.rejects.isEmpty, "\(name): \(reading.rejects.map(\.reason))")
            #expect(!documents.isEmpty || !reading.notes.isEmpty, "\(name) read nothing and said nothing")
        }
    }

    @Test("elasticdump data, big integers exact, ES 6 _type kept")
    func elasticdump() {
        let (data, documents) = sample("elasticdump_data_set.ndjson")
        #expect(data.shapes == ["elasticdump"])
        #expect(documents.count == 500)
        #expect(documents[0].index == "source_index" && documents[0].type == "seeds" && documents[0].id == "4")
        let (_, big) = sample("elasticdump_bigint.ndjson")
        #expect(big.map { $0.source?["key"]?.text } == ["1726275868403174266", "99926275868403174266", "+99926275868403174267", "-99926275868403174266"])
        let (_, guid) = sample("elasticdump_bigint_guid_as_number.ndjson")
        #expect(guid.first?.source?["guid"] == .number("647200872369"))
        #expect(guid.first?.source?["nickname"]?.text == "01234567891011121314151617181920")
    }

    @Test("elasticdump aliases and templates are settings, not documents")
    func settings() {
        for name in ["elasticdump_alias.json", "elasticdump_template_7x.json", "elasticdump_index_template_7x_double_encoded.json"] {
            let (reading, documents) = sample(name)
            #expect(documents.isEmpty)
            #expect(reading.notes.first?.contains("not documents") == true, "\(name)")
        }
    }

    @Test("_bulk files: a thousand index actions; mixed dates and nested arrays kept as written")
    func bulk() {
        let (reading, documents) = sample("es_bulk_accounts_1000docs.ndjson")
        #expect(reading.shapes == ["bulk"])
        #expect(documents.count == 1000)
        #expect(Set(documents.compactMap(\.id)).count == 1000)
        #expect(documents[0].source?["firstname"]?.text == "Amber")
        let (_, mixed) = sample("opensearch_bulk_mixed_datetime_nested.ndjson")
        #expect(mixed.map { $0.source?["login_time"]?.text } == ["2015-01-01", "2015-01-01T12:10:30Z", "1585882955000", "2020-04-08T11:10:30+05:00"])
        #expect(mixed[1].source?["projects"]?.elements?.count == 2)
    }

    @Test("search responses (hits.total a number or an object) and Solr responses, grouped or not")
    func responses() {
        let (v7, hits) = sample("es_search_response_v7plus.json")
        #expect(v7.statedTotal == 20 && hits.count == 1)
        #expect(hits[0].source?["http"]?["response"]?["bytes"] == .number("1070000"))
        let (v6, older) = sample("es6_search_response_nz_gns.json")
        #expect(v6.statedTotal == 135 && older.count == 10)
        let (solr, docs) = sample("solr_select_response_with_facets.json")
        #expect(solr.statedTotal == 3 && docs.count == 3)
        #expect(docs[0].id == "978-0641723445" && docs[0].version != nil)
        let (_, grouped) = sample("solr_grouped_highlight_response.json")
        #expect(grouped.count == 1)
    }
}

@Suite("Search-index dumps as tools write them")
struct IndexDumpTests {
    @Test("bulk update, create and delete; a scripted update and a damaged line are rejects with their lines")
    func bulkActions() throws {
        let text = """
        {"create":{"_index":"appts","_id":"A1"}}
        {"patient_id":"P1","start":"2025-04-03T09:15:00+13:00"}
        {"update":{"_index":"appts","_id":"A1","if_seq_no":7,"if_primary_term":1}}
        {"doc":{"status":"Arrived"}}
        {"delete":{"_index":"appts","_id":"A2"}}
        {"update":{"_id":"A3"}}
        {"script":{"source":"ctx._source.n += 1"}}
        {"index":{"_id":"A4"}
        {"index":{"_id":"A5"}}
        {"patient_id":"P5"}
        {"index":{"_id":"A6"}}
        """
        let (reading, documents) = readAll(try temporaryFile(text))
        #expect(documents.map(\.action) == [.create, .update, .delete, .index])
        #expect(documents[1].source == .object([.init("status", .string("Arrived"))]))
        #expect(documents[1].seqNo == 7 && documents[1].primaryTerm == 1)
        #expect(documents[2].source == nil && documents[2].id == "A2")
        #expect(documents[3].id == "A5" && documents[3].line == 9)
        #expect(reading.rejects.map(\.line) == [7, 8, 11])
        #expect(reading.rejects[0].reason.contains("scripted"))
        #expect(reading.rejects[2].reason.contains("no source line"))
    }

    @Test("elasticdump with versions, a source-only dump, and a first line that is damaged")
    func dumps() throws {
        let versioned = """
        {"_index":"docs","_id":"D1","_version":3,"_seq_no":12,"_primary_term":2,"_source":{"title":"Discharge summary","updated_at":"2025-04-03T10:00:00Z"}}
        {"_index":"docs","_id":"D2","_version":1,"_score":null}
        """
        let (_, documents) = readAll(try temporaryFile(versioned))
        #expect(documents[0].version == "3" && documents[0].seqNo == 12 && documents[0].primaryTerm == 2)
        #expect(documents[1].source == nil)   // _source filtered out by the dump
        let (sourceOnly, plain) = readAll(try temporaryFile("{\"title\":\"a\"}\n{\"title\":\"b\"}\n"))
        #expect(sourceOnly.shapes == ["source-only"] && plain.count == 2 && plain[0].id == nil)
        let (damaged, rest) = readAll(try temporaryFile("{\"_id\":\"1\",\"_index\":\"x\",\"_sou\n{\"_id\":\"2\",\"_index\":\"x\",\"_source\":{}}\n"))
        #expect(rest.count == 1 && damaged.rejects.map(\.line) == [1])
    }

    @Test("gzip, and split dumps joined into one gzip stream")
    func gzip() throws {
        let first = try temporaryFile("{\"_index\":\"x\",\"_id\":\"1\",\"_source\":{\"n\":1}}\n")
        let second = try temporaryFile("{\"_index\":\"x\",\"_id\":\"2\",\"_source\":{\"n\":2}}\n")
        let joined = first + ".joined.gz"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "gzip -c '\(first)' > '\(joined)' && gzip -c '\(second)' >> '\(joined)'"]
        try shell.run()
        shell.waitUntilExit()
        let (reading, documents) = readAll(joined)
        #expect(reading.compressed)
        #expect(documents.map(\.id) == ["1", "2"])
        #expect(reading.rejects.isEmpty)
        // A gzip file cut short is said, with how far it got.
        let data = try Data(contentsOf: URL(fileURLWithPath: joined))
        let cut = joined + ".cut.gz"
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: cut))
        let (short, _) = readAll(cut)
        #expect(short.rejects.contains { $0.reason.contains("gzip") })
    }

    @Test("Solr CSV: a header of field names, a document per row, quoted multi-valued cells; a broken row is a reject")
    func solrCSV() throws {
        let text = "id,name,cat,_version_\n978-1,The Lightning Thief,\"book,hardcover\",1461\n978-2,\"Sea, \"\"Of\"\" Monsters\",book,1462\n978-3,\"unclosed,book,1463\n"
        let (reading, documents) = readAll(try temporaryFile(text, name: "select.csv"))
        #expect(reading.shapes == ["solr csv"])
        #expect(documents.map(\.id) == ["978-1", "978-2"])
        #expect(documents[0].source?["cat"]?.text == "book,hardcover" && documents[0].version == "1461")
        #expect(documents[1].source?["name"]?.text == "Sea, \"Of\" Monsters")
        #expect(reading.rejects.map(\.line) == [4])
    }

    @Test("a string read where it lies or through its escapes: the same text, and bytes that are not UTF-8 said either way")
    func strings() throws {
        func parsed(_ inner: [UInt8]) throws -> (text: String?, invalid: Bool) {
            let (value, invalid) = try JSONParser.parse(Array("{\"k\":\"".utf8) + inner + Array("\",\"n\":1}".utf8))
            #expect(value["n"] == .number("1"))
            return (value["k"]?.text, invalid)
        }
        let cases: [(inner: [UInt8], text: String, invalid: Bool)] = [
            (Array("Tipene".utf8), "Tipene", false),
            ([], "", false),
            (Array("Ngāti Whātua 🙂".utf8), "Ngāti Whātua 🙂", false),
            (Array("Ngāti \\\"Whātua\\\"".utf8), "Ngāti \"Whātua\"", false),
            (Array("caf\\u00e9 \\ud83d\\ude42 \\n".utf8), "café 🙂 \n", false),
            ([0x4E, 0x67, 0xE2, 0x28, 0xA1, 0x61], "Ng\u{FFFD}(\u{FFFD}a", true),
            ([0x4E, 0x67, 0xE2, 0x28, 0xA1] + Array("\\t".utf8), "Ng\u{FFFD}(\u{FFFD}\t", true),
            ([0xF0, 0x9F, 0x99, 0x41], "\u{FFFD}A", true),
            ([0xEF, 0xBF, 0xBD, 0x41], "\u{FFFD}A", false),
            ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}", true),
        ]
        for c in cases {
            let got = try parsed(c.inner)
            #expect(got.text == c.text && got.invalid == c.invalid, "\(c.inner)")
        }
        // A control character or an unclosed string fails where it did.
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("\"ab\ncd\"".utf8)) }
        do { _ = try JSONParser.parse(Array("\"abc".utf8)); Issue.record("an unclosed string parsed") } catch {
            #expect(error.offset == 4 && error.reason == "a string is not closed")
        }
        do { _ = try JSONParser.parse(Array("\"ab\u{1}c\"".utf8)); Issue.record("a control character parsed") } catch {
            #expect(error.offset == 3 && error.reason == "a control character inside a string")
        }
    }

    @Test("strings that are not UTF-8 are kept and said; numbers keep their text")
    func values() throws {
        var bytes = Array("{\"_index\":\"x\",\"_id\":\"9\",\"_source\":{\"name\":\"Ng".utf8)
        bytes += [0xE2, 0x28, 0xA1]
        bytes += Array("ata\",\"n\":1.50e3}}\n".utf8)
        let path = try temporaryFile("")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (_, documents) = readAll(path)
        #expect(documents.first?.invalidUTF8 == true)
        #expect(documents.first?.source?["n"] == .number("1.50e3"))
        #expect(documents.first?.source?.json == "{\"name\":\"Ng\u{FFFD}(\u{FFFD}ata\",\"n\":1.50e3}")
    }
}
