import Foundation
import Importing
import LacunaCore
import Remnants

/// What a damaged practice database or a search-index copy holds, as the case's traces. Each record of
/// a mapped table (live row, orphaned page, carved from free space, or indexed document) becomes a
/// trace of its patient with where it came from (the file, the page or line, which copy): a booking an
/// appointment-book trace (an Arrived or Completed booking shows attendance), a consultation note
/// evidence of a visit, a result, letter or message received an inbox item (`RemnantRecordTraces`).
/// Which table or index holds what comes from `remnants-map.yml` beside the playbook, else from a
/// proposal, said as such. The same record in the database and the index is two traces of one thing
/// (inference counts a booking slot once; the inbox keys a result by its filler number, a record by
/// its key); `lacuna remnants merge` is the tool for one record per key.
enum RemnantTraces {
    /// One record of a mapped table, as field name → text, with its copy and place.
    struct Record {
        var fields: RemnantFields
        var table: TableMap.Table
        /// "database", "database, orphaned page", "database, carved from free space" or "index".
        var copy: String
        var key: String
        var locator: Locator
        var identity: Identity
    }

    static let proposedMapWarning = "no remnants-map.yml beside the playbook: read with a proposed map (`lacuna remnants map` shows it; check it and save it there)"

    /// Reads one remnant file as traces.
    static func read(kind: SourceKind, path: String, name: String, map: TableMap?, settings: ImportSettings) -> FileImport {
        var result = FileImport()
        // Each record made a trace as it is read (not gathered first: at 100,000 patients the records of
        // a database's tables, grown by doubling, were tens of megabytes made and let go).
        var made: [String: Int] = [:]
        func take(_ record: Record) {
            switch RemnantRecordTraces.trace(record, kind: kind, file: name, settings: settings) {
            case .trace(let trace):
                result.traces.append(trace)
                made[record.table.holds, default: 0] += 1
            case .notUsed:
                break
            case .rejected(let reason):
                let place = record.locator.byteOffset.map { "byte \($0)" } ?? record.locator.line.map { "line \($0)" } ?? "?"
                result.rejects.append(Reject(kind: kind, file: name, locator: record.locator, reason: "\(reason) (\(record.copy), \(place))"))
            }
        }
        switch kind {
        case .dbRemnant:
            let reading: SQLiteRemnantReader.Reading
            do {
                reading = try SQLiteRemnantReader.read(path: path)
            } catch {
                result.errors.append("\(name): not read: \(error)")
                return result
            }
            let tableMap = map ?? MapProposal.propose(database: reading, documents: [:]).map
            if map == nil { result.warnings.append("\(name): \(proposedMapWarning)") }
            // Counted, not grouped (grouping copied every row of the file into lists by origin).
            var origins: [SQLiteRemnantReader.Origin: Int] = [:]
            for k in reading.rows.indices { origins[reading.rows[k].origin, default: 0] += 1 }
            result.reading.append("\(name): SQLite read page by page, \(reading.pageSize)-byte pages, \(reading.pages) pages; \(origins[.live] ?? 0) live rows, \(origins[.orphan] ?? 0) on orphaned pages, \(origins[.free] ?? 0) carved from free space")
            result.reading += reading.notes.map { "\(name): \($0)" }
            databaseRecords(reading, map: tableMap, each: take)
        case .searchIndex:
            var documents: [IndexDocument] = []
            let reading = IndexDumpReader.read(path: path, name: name) { documents.append($0) }
            result.reading.append("\(name): \(reading.shapes.sorted().joined(separator: ", ")), \(reading.documents) documents\(reading.compressed ? " (gzip)" : "")")
            result.reading += reading.notes.map { "\(name): \($0)" }
            for reject in reading.rejects {
                result.rejects.append(Reject(kind: kind, file: name, locator: Locator(line: reject.line), reason: reject.reason))
            }
            let byIndex = Dictionary(grouping: documents, by: { $0.index ?? "" })
            let tableMap = map ?? MapProposal.propose(database: nil, documents: byIndex).map
            if map == nil && !documents.isEmpty { result.warnings.append("\(name): \(proposedMapWarning)") }
            var unused = 0
            indexRecords(documents, map: tableMap, unused: &unused, each: take)
            if unused > 0 { result.reading.append("\(name): \(unused) documents are in no mapped table or are deletions: kept in the file, not used") }
        default:
            return result
        }
        if !made.isEmpty {
            result.reading.append("\(name): traces from " + made.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        return result
    }

    /// The mapped tables' rows of a database reading, each with its patient from the patients table, to
    /// `each` in the order of the rows.
    static func databaseRecords(_ reading: SQLiteRemnantReader.Reading, map: TableMap, each: (Record) -> Void) {
        // Each table's columns and the places of their names' first use (a column named twice keeps its first
        // value), found once a table with the names' folded forms (`RemnantFields.Names`), every row's
        // fields then its texts at those places.
        // (Tables and patients by texts hashed by `FastHash`: each looked up for every row.)
        let layouts = Dictionary(reading.tables.map { (TextKey($0.name), $0.columns) }, uniquingKeysWith: { a, _ in a })
            .mapValues { names -> (names: [String], places: [Int], fields: RemnantFields.Names) in
                var seen = Set<String>()
                let places = names.indices.filter { seen.insert(names[$0]).inserted }
                return (names, places, RemnantFields.Names(places.map { names[$0] }))
            }
        func fields(_ row: SQLiteRemnantReader.Row) -> RemnantFields? {
            guard let table = row.table, let layout = layouts[TextKey(table)], layout.names.count == row.values.count else { return nil }
            return RemnantFields(names: layout.fields, texts: layout.places.map { place in
                let value = row.values[place]
                return value.isNull ? "" : value.description
            })
        }
        // Which columns of each table name a patient, by the register's words, checked on its first rows.
        var samples: [TextKey: [[String: String]]] = [:]
        // (Each row read where it lies, here and below: a row copied out of the list, 180,000 of them at
        // 100,000 patients, retained and released its values and its columns' names.)
        let rows = reading.rows
        for k in rows.indices {
            guard let table = rows[k].table, (samples[TextKey(table)]?.count ?? 0) < 100, let f = fields(rows[k]) else { continue }
            samples[TextKey(table), default: []].append(f.dictionary)
        }
        // A table's own key and its column that refers to a patient are the database's numbers, not chart
        // numbers (`PatientFields.chartNumber(notFrom:)`): a booking whose patient was lost read its own
        // number as the chart number of whichever patient has it.
        let patientsTable = map.tables.first(where: { $0.holds == "patients" && $0.database != nil })
        var numbers: [String: Set<String>] = [:]
        for table in map.tables {
            guard let source = table.database else { continue }
            numbers[source, default: []].formUnion([table.key] + (table.patient.map { [$0] } ?? []))
        }
        var patientFields: [String: PatientFields] = [:]
        func fieldsOf(_ table: String) -> PatientFields {
            if let known = patientFields[table] { return known }
            let names = layouts[TextKey(table)]?.names ?? [], sample = samples[TextKey(table)] ?? []
            let found = PatientFields(names: names, sample: sample)
                .chartNumber(notFrom: numbers[table] ?? [], names: names, sample: sample, keepAlone: table == patientsTable?.database)
            patientFields[table] = found
            return found
        }
        // Where in a table's rows each meaning's field lies, found once a table.
        var placesOf: [TextKey: [Int?]] = [:]
        func identity(_ table: String, _ f: RemnantFields) -> Identity {
            if let places = placesOf[TextKey(table)] { return PatientFields.identity(at: places, in: f.texts) }
            let places = fieldsOf(table).places(among: f.keys)
            placesOf[TextKey(table)] = places
            return PatientFields.identity(at: places, in: f.texts)
        }
        // A patient's key is their chart number where the patients table reads its chart numbers from it;
        // where no table is mapped as the patients', a row that names no one takes it as before.
        let keyIsChart = patientsTable.flatMap { table in table.database.map { fieldsOf($0).meanings["id"] == table.key } }
        // Patients by their key (live copies first: a carved copy may be stale): the place of each one's
        // row, its identity made when a row refers to it (most rows of a large practice's patients table no
        // row that survived refers to), and kept for the next.
        var patientRows: [TextKey: Int] = [:]
        var patientIdentities: [Int: Identity] = [:]
        if let table = patientsTable, let source = table.database {
            // The table's rows found once, by their places, and read where they lie (not copied into a list
            // of their own, nor every row of the file asked its table again for each origin).
            let places = rows.indices.filter { rows[$0].table == source }
            patientRows.reserveCapacity(places.count)
            for origin in [SQLiteRemnantReader.Origin.live, .orphan, .free] {
                for place in places where rows[place].origin == origin {
                    guard let key = fields(rows[place])?[table.key], !key.isEmpty, patientRows[TextKey(key)] == nil else { continue }
                    patientRows[TextKey(key)] = place
                }
            }
        }
        func patient(_ key: String) -> Identity? {
            guard let place = patientRows[TextKey(key)], let source = patientsTable?.database else { return nil }
            if let known = patientIdentities[place] { return known }
            guard let f = fields(rows[place]) else { return nil }
            let made = identity(source, f)
            patientIdentities[place] = made
            return made
        }
        let used = map.tables.filter { !["patients", "other"].contains($0.holds) && $0.database != nil }
        let byTable = Dictionary(grouping: used, by: { TextKey($0.database!) })
        for k in rows.indices {
            guard let source = rows[k].table, let tables = byTable[TextKey(source)], let f = fields(rows[k]) else { continue }
            for table in tables {
                let reference = table.patient.flatMap { f[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                var who = reference.flatMap(patient) ?? identity(source, f)
                if let reference, who.localPatientID == nil, keyIsChart ?? who.isEmpty { who.localPatientID = reference }
                let origin = rows[k].origin
                let copy = origin == .live ? "database" : origin == .orphan ? "database, orphaned page" : "database, carved from free space"
                each(Record(fields: f, table: table, copy: copy, key: f[table.key] ?? "",
                            locator: Locator(byteOffset: (rows[k].page - 1) * reading.pageSize), identity: who))
            }
        }
    }

    /// The mapped indexes' documents (a deletion is no record), with the database's column names where
    /// the map says the index names them differently, to `each` in the documents' order.
    static func indexRecords(_ documents: [IndexDocument], map: TableMap, unused: inout Int, each: (Record) -> Void) {
        // Each document's fields by name, the map's columns named as the database names them.
        func fields(_ source: JSONValue, _ table: TableMap.Table) -> [String: String] {
            var fields = [String: String](minimumCapacity: (source.members?.count ?? 0) + table.fields.count)
            for member in source.members ?? [] { fields[member.key] = member.value.text ?? "" }
            for (column, field) in table.fields where fields[column] == nil { fields[column] = fields[field] }
            return fields
        }
        // Each document's mapped table (by its place in the map), and the first hundred documents' fields
        // of each table: the sample that says which fields name a patient, by the register's words.
        var tableOf: [Int?] = []
        tableOf.reserveCapacity(documents.count)
        var samples: [String: [[String: String]]] = [:]
        for document in documents {
            guard let place = map.tables.firstIndex(where: { $0.index != nil && ($0.index == "*" || $0.index == (document.index ?? "")) }),
                  !["patients", "other"].contains(map.tables[place].holds), document.action != .delete, let source = document.source else {
                unused += 1
                tableOf.append(nil)
                continue
            }
            tableOf.append(place)
            let table = map.tables[place]
            if samples[table.name, default: []].count < 100 { samples[table.name, default: []].append(fields(source, table)) }
        }
        var patientFields: [String: PatientFields] = [:]
        for (name, sample) in samples {
            patientFields[name] = PatientFields(names: Set(sample.flatMap(\.keys)).sorted(), sample: sample)
        }
        // Documents of one index mostly have the same fields: their names (in order of name) worked out once.
        var names: [[String]: RemnantFields.Names] = [:]
        for (document, place) in zip(documents, tableOf) {
            guard let place, let source = document.source else { continue }
            let table = map.tables[place]
            let fields = fields(source, table)
            let key = table.key(ofDocumentID: document.id, source: document.source) ?? document.id ?? ""
            let sorted = fields.sorted { $0.key < $1.key }
            let keys = sorted.map(\.key)
            let known: RemnantFields.Names
            if let seen = names[keys] {
                known = seen
            } else {
                known = RemnantFields.Names(keys)
                names[keys] = known
            }
            each(Record(fields: RemnantFields(names: known, texts: sorted.map(\.value)), table: table, copy: "index", key: key,
                        locator: Locator(line: document.line, byteOffset: document.offset),
                        identity: patientFields[table.name]?.identity(fields) ?? Identity()))
        }
    }
}
