import Foundation
import Yams

/// Which database table and which index hold each kind of record, and how their keys and fields meet
/// (`lacuna remnants map` proposes one; a person checks it; `lacuna remnants merge --map` uses it).
public struct TableMap: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        /// The merged table's name.
        public var name: String
        /// patients, appointments, notes (consultation notes), documents, results, messages or other.
        public var holds: String
        /// The database table; nil where only the index has it.
        public var database: String?
        /// The index (`_index`, or the collection) that mirrors it; "*" for any; nil where only the database has it.
        public var index: String?
        /// The database column that is each row's key.
        public var key: String
        /// How an index `_id` names the key: a template with `{key}` (`{key}`, `doc-{key}`), or `field:<name>`.
        public var indexID: String
        /// The business timestamp (updated_at and its kin), where there is one.
        public var updated: String?
        /// Database column → index field, where the names differ.
        public var fields: [String: String]
        /// The column naming the patient (for the foreign-key check), where there is one.
        public var patient: String?

        public init(name: String, holds: String, database: String?, index: String?, key: String, indexID: String = "{key}",
                    updated: String? = nil, fields: [String: String] = [:], patient: String? = nil) {
            self.name = name
            self.holds = holds
            self.database = database
            self.index = index
            self.key = key
            self.indexID = indexID
            self.updated = updated
            self.fields = fields
            self.patient = patient
        }

        /// The key an index document's `_id` (or its fields) gives, by `indexID`.
        public func key(ofDocumentID id: String?, source: JSONValue?) -> String? {
            if indexID.hasPrefix("field:") {
                let field = String(indexID.dropFirst(6))
                return source?[field]?.text ?? source?[fields[field] ?? field]?.text
            }
            guard let id else { return source?[fields[key] ?? key]?.text }
            return Self.keyByBytes(id: id, template: indexID) ?? Self.keyByCharacters(id: id, template: indexID)
        }

        /// The key in `id` by a `{key}` template, as characters: the text before the hole and after it
        /// taken off (nil where the id does not have them); the id itself where the template has no hole.
        static func keyByCharacters(id: String, template: String) -> String? {
            guard let hole = template.range(of: "{key}") else { return id }
            let prefix = String(template[..<hole.lowerBound]), suffix = String(template[hole.upperBound...])
            guard id.hasPrefix(prefix), id.hasSuffix(suffix), id.count >= prefix.count + suffix.count else { return nil }
            return String(id.dropFirst(prefix.count).dropLast(suffix.count))
        }

        /// `keyByCharacters` from the bytes, where the id and the template are ASCII with no carriage
        /// return (each byte a character of its own); nil (not `.some(nil)`) for any other. Every index
        /// document's id is read so: Foundation's search for the hole and the counts of characters were
        /// 8,000 instructions a document.
        static func keyByBytes(id: String, template: String) -> String?? {
            func plain(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
            guard plain(id), plain(template) else { return nil }
            let pattern = Array(template.utf8), hole = Array("{key}".utf8)
            guard pattern.count >= hole.count,
                  let at = (0...(pattern.count - hole.count)).first(where: { pattern[$0..<$0 + hole.count].elementsEqual(hole) }) else { return .some(id) }
            let prefix = pattern[..<at], suffix = pattern[(at + hole.count)...]
            let bytes = Array(id.utf8)
            guard bytes.count >= prefix.count + suffix.count, bytes.starts(with: prefix), bytes[(bytes.count - suffix.count)...].elementsEqual(suffix) else {
                return .some(nil)
            }
            return .some(String(decoding: bytes[prefix.count..<(bytes.count - suffix.count)], as: UTF8.self))
        }

        /// The index field holding a database column.
        public func indexField(_ column: String) -> String { fields[column] ?? column }
    }

    public var tables: [Table]

    public init(tables: [Table]) { self.tables = tables }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let tableKeys: Set<String> = ["name", "holds", "database", "index", "key", "index-id", "updated", "fields", "patient"]
    static let kinds: Set<String> = ["patients", "appointments", "notes", "documents", "results", "messages", "other"]

    /// Reads a map; every problem names the file, the line and what to write.
    public static func read(_ text: String, file: String) throws(Failure) -> TableMap {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw Failure(description: "\(file): not YAML (\(error))") }
        guard let root = node?.mapping, let list = root["tables"]?.sequence else {
            throw Failure(description: "\(file): a table map needs `tables:`, a list of `- { name: …, holds: …, database: …, index: …, key: … }`")
        }
        var tables: [Table] = []
        for item in list {
            let line = (item.mark?.line).map { ":\($0)" } ?? ""
            guard let map = item.mapping else { throw Failure(description: "\(file)\(line): each table is a mapping") }
            for (k, _) in map {
                if let key = k.string, !tableKeys.contains(key) {
                    throw Failure(description: "\(file)\(line): unknown key `\(key)`; use \(tableKeys.sorted().joined(separator: ", "))")
                }
            }
            func text(_ key: String) -> String? { map[key]?.string.flatMap { $0.isEmpty ? nil : $0 } }
            guard let name = text("name"), let key = text("key") else { throw Failure(description: "\(file)\(line): each table needs `name` and `key`") }
            let holds = text("holds") ?? "other"
            guard kinds.contains(holds) else { throw Failure(description: "\(file)\(line): `holds: \(holds)` is not one of \(kinds.sorted().joined(separator: ", "))") }
            guard text("database") != nil || text("index") != nil else {
                throw Failure(description: "\(file)\(line): `\(name)` names neither a `database` table nor an `index`")
            }
            let indexID = text("index-id") ?? "{key}"
            guard indexID.hasPrefix("field:") || indexID.contains("{key}") else {
                throw Failure(description: "\(file)\(line): `index-id: \(indexID)` must hold {key} (as in doc-{key}) or be field:<name>")
            }
            var fields: [String: String] = [:]
            for (k, v) in map["fields"]?.mapping ?? [:] { if let column = k.string, let field = v.string { fields[column] = field } }
            tables.append(Table(name: name, holds: holds, database: text("database"), index: text("index"), key: key, indexID: indexID,
                                updated: text("updated"), fields: fields, patient: text("patient")))
        }
        return TableMap(tables: tables)
    }

    /// The map as YAML, with a comment on every guess for the person checking it.
    public func yaml(comments: [String: [String]] = [:]) -> String {
        var out = "# Which table and index hold what. Proposed by `lacuna remnants map`: check every line before merging.\n"
        out += "# holds: patients | appointments | notes (consultations) | documents | results | messages | other\n"
        out += "# index-id: how an index _id names the key: \"{key}\", \"doc-{key}\", or field:<name>\n"
        out += "tables:\n"
        for table in tables {
            for comment in comments[table.name] ?? [] { out += "  # \(comment)\n" }
            out += "  - name: \(Self.scalar(table.name))\n"
            out += "    holds: \(table.holds)\n"
            if let database = table.database { out += "    database: \(Self.scalar(database))\n" }
            if let index = table.index { out += "    index: \(Self.scalar(index))\n" }
            out += "    key: \(Self.scalar(table.key))\n"
            out += "    index-id: \(Self.scalar(table.indexID))\n"
            if let updated = table.updated { out += "    updated: \(Self.scalar(updated))\n" }
            if let patient = table.patient { out += "    patient: \(Self.scalar(patient))\n" }
            if !table.fields.isEmpty {
                out += "    fields:\n"
                for (column, field) in table.fields.sorted(by: { $0.key < $1.key }) { out += "      \(Self.scalar(column)): \(Self.scalar(field))\n" }
            }
        }
        return out
    }

    static func scalar(_ s: String) -> String {
        let plain = s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." } && !s.isEmpty && !(s.first?.isNumber ?? false)
        return plain ? s : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
