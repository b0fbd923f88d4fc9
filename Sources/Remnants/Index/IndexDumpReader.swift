/// Reads a search-index copy, whatever tool wrote it, into `IndexDocument`s, one at a time:
/// - elasticdump `--type=data` NDJSON (`_index`, `_type` or not, `_id`, `_version`, `_seq_no`,
///   `_primary_term` where kept, `_source`), and `--sourceOnly` lines without any of them;
/// - `_bulk` NDJSON: `index`/`create` with the source on the next line, `update` with a partial `doc`,
///   `delete` as a tombstone;
/// - search and scroll response pages (`hits.hits`; `hits.total` a number or an object);
/// - Solr JSON responses (`response.docs`, `/export`, grouped `doclist`s);
/// - a JSON array of hits or docs.
/// gzip-compressed or not. NDJSON is streamed (memory does not grow with the file); a response page is
/// one JSON document and is read whole. elasticdump's alias, template and mapping exports (a JSON string
/// holding JSON) are said as settings, not documents.
public struct IndexDumpReader {
    /// How a file was read, and what it held.
    public struct Reading: Sendable {
        public var file: String
        /// The shape found: "elasticdump", "bulk", "source-only", "search response", "solr response", "array".
        public var shapes: Set<String> = []
        public var documents = 0
        public var rejects: [IndexReject] = []
        /// Said of the file as a whole (settings, not documents; a total the page does not hold…).
        public var notes: [String] = []
        /// `hits.total` or `numFound` where a response page states it.
        public var statedTotal: Int64?
        public var compressed = false
    }

    public static let bulkActions: Set<String> = ["index", "create", "update", "delete"]

    /// Reads `path`, handing each document to `each`. `name` is how the file is named in messages.
    public static func read(path: String, name: String? = nil, _ each: (IndexDocument) -> Void) -> Reading {
        let file = name ?? path
        var reading = Reading(file: file)
        var lines: ByteLines
        do {
            lines = try ByteLines(path: path)
        } catch {
            reading.rejects.append(IndexReject(file: file, line: 0, reason: error.description))
            return reading
        }
        reading.compressed = lines.compressed
        // The first line decides: a whole JSON value on it is NDJSON; otherwise the file is one document.
        var pendingAction: (IndexDocument, Int)?
        var first = true
        var firstDamaged: IndexReject?
        do {
            while let line = try lines.next() {
                let bytes = line.bytes
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                if first, let start = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
                   start != UInt8(ascii: "{"), start != UInt8(ascii: "["), start != UInt8(ascii: "\""), bytes.contains(UInt8(ascii: ",")) {
                    // Not JSON: Solr's CSV (`wt=csv`), a header of field names and a row per document.
                    return readCSV(header: bytes, lines: &lines, file: file, reading: reading, each)
                }
                let parsed: (value: JSONValue, invalidUTF8: Bool)
                do {
                    parsed = try JSONParser.parse(bytes)
                } catch {
                    if first {
                        // Pretty-printed (one JSON document over many lines), unless the next line is a
                        // whole value: then this one is a damaged first line of NDJSON.
                        if firstDamaged != nil { return readWhole(path: path, file: file, reading: reading, each) }
                        firstDamaged = IndexReject(file: file, line: line.number, reason: "not JSON: \(error.description)")
                        continue
                    }
                    reading.rejects.append(IndexReject(file: file, line: line.number, reason: "not JSON: \(error.description)"))
                    if let (action, at) = pendingAction {
                        reading.rejects.append(IndexReject(file: file, line: at, reason: "a bulk \(action.action.rawValue) whose source line is damaged"))
                        pendingAction = nil
                    }
                    continue
                }
                if first, let damaged = firstDamaged { reading.rejects.append(damaged) }
                first = false
                if var (document, _) = pendingAction {
                    pendingAction = nil
                    // The source line of a bulk action.
                    if document.action == .update {
                        if let doc = parsed.value["doc"] ?? parsed.value["upsert"] {
                            document.source = doc
                        } else {
                            reading.rejects.append(IndexReject(file: file, line: line.number,
                                                               reason: "a scripted bulk update: the change it made cannot be known from the file"))
                            continue
                        }
                    } else {
                        document.source = parsed.value
                    }
                    document.invalidUTF8 = parsed.invalidUTF8
                    reading.documents += 1
                    each(document)
                    continue
                }
                switch parsed.value {
                case .string(let inner):
                    reading.notes.append(Self.settingsNote(inner))
                case .object(let members):
                    if members.count == 1, let action = IndexDocument.Action(rawValue: members[0].key), case .object = members[0].value {
                        reading.shapes.insert("bulk")
                        var document = hit(members[0].value, action: action, file: file, line: line.number, offset: line.offset)
                        document.source = nil
                        if action == .delete {
                            reading.documents += 1
                            each(document)
                        } else {
                            pendingAction = (document, line.number)
                        }
                    } else if parsed.value["_source"] != nil || (parsed.value["_id"] != nil && parsed.value["_index"] != nil) {
                        reading.shapes.insert("elasticdump")
                        var document = hit(parsed.value, action: .index, file: file, line: line.number, offset: line.offset)
                        document.invalidUTF8 = parsed.invalidUTF8
                        reading.documents += 1
                        each(document)
                    } else if parsed.value["hits"] != nil || parsed.value["response"] != nil || parsed.value["grouped"] != nil {
                        // A response page written on one line.
                        readResponse(parsed.value, file: file, line: line.number, reading: &reading, each)
                    } else {
                        reading.shapes.insert("source-only")
                        var document = IndexDocument(action: .index, source: parsed.value, file: file, line: line.number, offset: line.offset)
                        document.invalidUTF8 = parsed.invalidUTF8
                        reading.documents += 1
                        each(document)
                    }
                case .array:
                    readResponse(parsed.value, file: file, line: line.number, reading: &reading, each)
                default:
                    reading.rejects.append(IndexReject(file: file, line: line.number, reason: "a JSON value that is no document"))
                }
            }
        } catch {
            reading.rejects.append(IndexReject(file: file, line: 0, reason: error.description))
        }
        if let (action, at) = pendingAction {
            reading.rejects.append(IndexReject(file: file, line: at, reason: "a bulk \(action.action.rawValue) with no source line after it (the file ends)"))
        }
        return reading
    }

    /// Solr's CSV response: the first line names the fields; each row is a document (`id` its key,
    /// `_version_` its version); values kept as text. A row whose quotes do not close is a reject.
    static func readCSV(header: [UInt8], lines: inout ByteLines, file: String, reading: Reading, _ each: (IndexDocument) -> Void) -> Reading {
        var reading = reading
        var headerText = String(decoding: header, as: UTF8.self)
        if headerText.hasPrefix("\u{FEFF}") { headerText.removeFirst() }
        guard let names = csvCells(headerText), names.contains(where: { $0 == "id" || $0 == "_id" }) else {
            reading.notes.append("neither JSON nor a CSV with an id column: not read")
            return reading
        }
        reading.shapes.insert("solr csv")
        do {
            while let line = try lines.next() {
                guard !line.bytes.isEmpty else { continue }
                guard let cells = csvCells(String(decoding: line.bytes, as: UTF8.self)), cells.count == names.count else {
                    reading.rejects.append(IndexReject(file: file, line: line.number, reason: "a CSV row whose cells do not match the header's \(names.count)"))
                    continue
                }
                let source = JSONValue.object(zip(names, cells).map { JSONValue.Member($0, .string($1)) })
                let document = IndexDocument(action: .index, id: source["id"]?.text ?? source["_id"]?.text, version: source["_version_"]?.text,
                                             source: source, file: file, line: line.number, offset: line.offset)
                reading.documents += 1
                each(document)
            }
        } catch {
            reading.rejects.append(IndexReject(file: file, line: 0, reason: error.description))
        }
        return reading
    }

    /// One CSV line's cells (RFC 4180 quotes; Solr's `\,` escape inside multi-valued cells kept as written); nil where a quote does not close.
    static func csvCells(_ line: String) -> [String]? {
        var cells: [String] = [], current = "", quoted = false, atStart = true
        var characters = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && atStart {
                quoted = true
                atStart = false
            } else if c == "," {
                cells.append(current)
                current = ""
                atStart = true
            } else {
                current.append(c)
                atStart = false
            }
        }
        if quoted { return nil }
        cells.append(current)
        return cells
    }

    /// elasticdump's alias, template, mapping and settings exports: JSON written as a JSON string.
    static func settingsNote(_ inner: String) -> String {
        let kind = inner.contains("\"aliases\"") && !inner.contains("\"mappings\"") && !inner.contains("index_patterns") ? "aliases"
            : inner.contains("index_patterns") || inner.contains("\"template\"") ? "an index template"
            : inner.contains("\"mappings\"") ? "mappings" : "settings"
        return "holds \(kind) (elasticdump writes them as a JSON string), not documents: nothing to merge"
    }

    /// A hit or a bulk action's metadata as a document.
    static func hit(_ value: JSONValue, action: IndexDocument.Action, file: String, line: Int, offset: Int) -> IndexDocument {
        IndexDocument(action: action, index: value["_index"]?.text, type: value["_type"]?.text, id: value["_id"]?.text,
                      version: value["_version"]?.text ?? value["version"]?.text, seqNo: value["_seq_no"]?.integer ?? value["if_seq_no"]?.integer,
                      primaryTerm: value["_primary_term"]?.integer ?? value["if_primary_term"]?.integer,
                      source: value["_source"], file: file, line: line, offset: offset)
    }

    /// A file that is one JSON document (a pretty-printed response page).
    static func readWhole(path: String, file: String, reading: Reading, _ each: (IndexDocument) -> Void) -> Reading {
        var reading = reading
        do {
            let bytes = try ByteLines.wholeText(path: path)
            do {
                let parsed = try JSONParser.parse(bytes)
                if case .string(let inner) = parsed.value {
                    reading.notes.append(settingsNote(inner))
                } else {
                    readResponse(parsed.value, file: file, line: 1, reading: &reading, each)
                }
            } catch {
                let line = bytes.prefix(error.offset).filter { $0 == 0x0A }.count + 1
                reading.rejects.append(IndexReject(file: file, line: line, reason: "not JSON: \(error.reason)"))
            }
        } catch {
            reading.rejects.append(IndexReject(file: file, line: 0, reason: error.description))
        }
        return reading
    }

    /// The documents of a search or scroll page, a Solr response or a bare array.
    static func readResponse(_ value: JSONValue, file: String, line: Int, reading: inout Reading, _ each: (IndexDocument) -> Void) {
        func emit(_ item: JSONValue, shape: String) {
            guard case .object = item else {
                reading.rejects.append(IndexReject(file: file, line: line, reason: "a \(shape) entry that is not an object"))
                return
            }
            var document: IndexDocument
            if item["_source"] != nil || item["_id"] != nil {
                document = hit(item, action: .index, file: file, line: line, offset: 0)
            } else {
                // A Solr document: its fields are its source; `id` and `_version_` its key and version.
                document = IndexDocument(action: .index, id: item["id"]?.text, version: item["_version_"]?.text, source: item,
                                         file: file, line: line, offset: 0)
            }
            reading.shapes.insert(shape)
            reading.documents += 1
            each(document)
        }
        if let hits = value["hits"] {
            if let total = hits["total"] { reading.statedTotal = total.integer ?? total["value"]?.integer }
            for item in hits["hits"]?.elements ?? [] { emit(item, shape: "search response") }
            if value["_scroll_id"] != nil { reading.notes.append("a scroll page: the other pages are other files") }
            return
        }
        if let response = value["response"] {
            reading.statedTotal = response["numFound"]?.integer
            for item in response["docs"]?.elements ?? [] { emit(item, shape: "solr response") }
            return
        }
        if let grouped = value["grouped"]?.members {
            // grouped.<field>.groups[].doclist.docs, or grouped.<field>.doclist.docs (group.format=simple).
            for field in grouped {
                for group in field.value["groups"]?.elements ?? [] {
                    for item in group["doclist"]?["docs"]?.elements ?? [] { emit(item, shape: "solr response") }
                }
                for item in field.value["doclist"]?["docs"]?.elements ?? [] { emit(item, shape: "solr response") }
            }
            return
        }
        if let items = value.elements {
            for item in items { emit(item, shape: "array") }
            return
        }
        reading.notes.append("JSON that holds no hits, docs or documents")
    }
}
