import Foundation

/// The copies of each mapped table's records, gathered from what the database and index readers found.
public struct RemnantCopies {
    /// Table name → key → copies.
    public private(set) var tables: [String: [String: [RemnantCopy]]] = [:]
    /// Documents no mapped table takes (their index is not in the map), per index.
    public private(set) var unmapped: [String: Int] = [:]
    /// Rows or documents with no key, per table.
    public private(set) var keyless: [String: Int] = [:]
    private var order = 0
    public let map: TableMap
    /// Where copies go: kept in `tables` (the default), or handed on (to a spool on disk for big copies).
    private var sink: ((String, String, RemnantCopy) -> Void)?

    public init(map: TableMap) { self.map = map }

    /// Copies are handed to `sink` (table, key, copy) instead of being kept.
    public init(map: TableMap, sink: @escaping (String, String, RemnantCopy) -> Void) {
        self.map = map
        self.sink = sink
    }

    private mutating func keep(_ table: String, _ key: String, _ copy: RemnantCopy) {
        if let sink { sink(table, key, copy) } else { tables[table, default: [:]][key, default: []].append(copy) }
    }

    /// A database's rows: each mapped table takes the rows of its `database` table (or, where the schema
    /// is lost, `"<n> columns"` names rows by their column count, with the map's `fields` naming the
    /// columns in order `c1`, `c2`…).
    public mutating func add(database reading: SQLiteRemnantReader.Reading, file: String) {
        let columns = Dictionary(reading.tables.map { ($0.name, $0.columns) }, uniquingKeysWith: { a, _ in a })
        for row in reading.rows { add(row: row, columns: columns, file: file) }
    }

    /// One database row (`columns`: each schema table's column names), for every mapped table it belongs to.
    public mutating func add(row: SQLiteRemnantReader.Row, columns columnsByTable: [String: [String]], file: String) {
        for table in map.tables {
            guard let source = table.database else { continue }
            let unnamed = source.hasSuffix(" columns") ? Int(source.split(separator: " ")[0]) : nil
            if let count = unnamed { guard row.table == nil, row.values.count == count else { continue } }
            else { guard row.table == source else { continue } }
            let names = unnamed == nil ? (row.columns.isEmpty ? columnsByTable[source] ?? [] : row.columns) : (1...row.values.count).map { "c\($0)" }
            guard names.count == row.values.count else { continue }
            var fields: [String: String] = [:]
            var damaged: Set<String> = []
            for (name, value) in zip(names, row.values) {
                let column = unnamed != nil ? (table.fields[name] ?? name) : name
                fields[column] = value.isNull ? "" : value.description
                if row.cutShort && value.isNull { damaged.insert(column) }
            }
            let kind: RemnantCopy.Kind = row.origin == .live ? .live : row.origin == .orphan ? .orphan : .free
            order += 1
            var copy = RemnantCopy(kind: kind, file: file, place: "page \(row.page)", fields: fields, damaged: damaged, order: order)
            copy.timestamp = table.updated.flatMap { fields[$0] }.flatMap(RemnantMerge.seconds)
            guard let key = fields[table.key], !key.isEmpty else {
                keyless[table.name, default: 0] += 1
                continue
            }
            keep(table.name, key, copy)
        }
    }

    /// One index document: the mapped table whose index it is, its key by the table's `index-id` rule.
    public mutating func add(document: IndexDocument) {
        guard let table = map.tables.first(where: { $0.index != nil && ($0.index == "*" || $0.index == document.index || document.index == nil) }) else {
            unmapped[document.index ?? "(no index)", default: 0] += 1
            return
        }
        guard let key = table.key(ofDocumentID: document.id, source: document.source) else {
            keyless[table.name, default: 0] += 1
            return
        }
        // Index fields under the database's column names.
        let toColumn = Dictionary(table.fields.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        var fields: [String: String] = [:]
        var damaged: Set<String> = []
        for member in document.source?.members ?? [] {
            let column = toColumn[member.key] ?? member.key
            switch member.value {
            case .null: fields[column] = ""
            case .object, .array: fields[column] = member.value.json
            default: fields[column] = member.value.text ?? ""
            }
            if document.invalidUTF8, fields[column]?.contains("\u{FFFD}") == true { damaged.insert(column) }
        }
        order += 1
        var copy = RemnantCopy(kind: .index, file: document.file, place: "line \(document.line)", fields: fields, damaged: damaged, order: order)
        copy.index = document.index
        copy.version = document.version.flatMap { Int64($0) }
        copy.seqNo = document.seqNo
        copy.tombstone = document.action == .delete
        copy.timestamp = table.updated.flatMap { fields[$0] }.flatMap(RemnantMerge.seconds)
        keep(table.name, key, copy)
    }
}
