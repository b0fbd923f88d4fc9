import LacunaCore
/// Proposes a table map from what the copies hold, for a person to check: each database table's kind by
/// its column names, its key (the rowid column, else `id`), its business timestamp, the index whose
/// documents' fields are most like its columns, and how that index's `_id` names the key.
public enum MapProposal {
    /// Fields of up to this many documents per index are looked at.
    public static let sample = 500

    public static func propose(database: SQLiteRemnantReader.Reading?, documents: [String: [IndexDocument]]) -> (map: TableMap, comments: [String: [String]]) {
        var tables: [TableMap.Table] = []
        var comments: [String: [String]] = [:]
        var indexFields: [String: Set<String>] = [:]
        for (index, docs) in documents { indexFields[index] = Set(docs.prefix(sample).flatMap { $0.source?.members?.map(\.key) ?? [] }) }
        var used: Set<String> = []
        for table in database?.tables ?? [] where table.name != "sqlite_sequence" {
            let key = table.rowidColumn.map { table.columns[$0] } ?? table.columns.first { $0.lettersAndDigitsLowercased == "id" } ?? table.columns.first ?? "rowid"
            let kind = holds(table.columns)
            var entry = TableMap.Table(name: table.name, holds: kind, database: table.name, index: nil, key: key,
                                       updated: table.columns.first(where: isUpdated),
                                       patient: kind == "patients" ? nil : table.columns.first(where: isPatient))
            var notes = ["database table `\(table.name)`: \(table.columns.count) columns; holds guessed from its column names"]
            let scored = indexFields.map { (index: $0.key, score: similarity(table.columns, $0.value)) }.sorted { ($0.score, $1.index) > ($1.score, $0.index) }
            if let best = scored.first, best.score >= 0.3 {
                entry.index = best.index
                used.insert(best.index)
                let fields = indexFields[best.index] ?? []
                for column in table.columns where !fields.contains(column) {
                    let wanted = column.lettersAndDigitsLowercased
                    if let field = fields.sorted().first(where: { $0.lettersAndDigitsLowercased == wanted }) { entry.fields[column] = field }
                }
                let keyColumn = table.columns.firstIndex(of: key)
                let keyValues = Set((database?.rows ?? []).filter { $0.table == table.name }.compactMap { row -> String? in
                    guard let k = keyColumn, k < row.values.count else { return nil }
                    return row.values[k].description
                })
                entry.indexID = idRule(documents[best.index] ?? [], keyField: entry.fields[key] ?? key, keys: keyValues)
                notes.append(String(format: "index `%@` mirrors it (%.0f%% of names shared); _id rule %@ seen on its documents", best.index, best.score * 100, entry.indexID))
            } else {
                notes.append("no index mirrors it")
            }
            tables.append(entry)
            comments[entry.name] = notes
        }
        // Rows whose table the damaged schema no longer names: by column count.
        var unnamed: [Int: Int] = [:]
        for row in database?.rows ?? [] where row.table == nil { unnamed[row.values.count, default: 0] += 1 }
        for (count, rows) in unnamed.sorted(by: { $0.key < $1.key }) where rows >= 1 {
            let name = "rows_of_\(count)_columns"
            tables.append(TableMap.Table(name: name, holds: "other", database: "\(count) columns", index: nil, key: "c1"))
            comments[name] = ["\(rows) rows the schema no longer names (page 1 lost): name their columns under fields (c1: id, c2: …) and say what they hold"]
        }
        for index in indexFields.keys.sorted() where !used.contains(index) {
            let fields = Array(indexFields[index] ?? []).sorted()
            let key = fields.first { $0.lettersAndDigitsLowercased == "id" } ?? "id"
            let name = index.isEmpty ? "index" : index
            tables.append(TableMap.Table(name: name, holds: holds(fields), database: nil, index: index.isEmpty ? "*" : index, key: key,
                                         indexID: idRule(documents[index] ?? [], keyField: key), updated: fields.first(where: isUpdated),
                                         patient: fields.first(where: isPatient)))
            comments[name] = [index.isEmpty ? "documents that name no index (a bulk file without _index, a Solr response): `*` takes them all" : "index `\(index)` matches no database table: its documents are merged on their own"]
        }
        return (TableMap(tables: tables), comments)
    }

    static func similarity(_ columns: [String], _ fields: Set<String>) -> Double {
        let a = Set(columns.map(\.lettersAndDigitsLowercased)), b = Set(fields.map(\.lettersAndDigitsLowercased))
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    static func isUpdated(_ column: String) -> Bool {
        ["updatedat", "updated", "modified", "modifiedat", "lastmodified", "lastupdated", "mtime", "changed", "lastchanged", "updatedon", "modifiedon"]
            .contains(column.lettersAndDigitsLowercased)
    }

    static func isPatient(_ column: String) -> Bool {
        ["patientid", "patient", "ptid", "patientno", "chartno", "patientkey"].contains(column.lettersAndDigitsLowercased)
    }

    /// What a table holds, by the words of its column names.
    static func holds<S: Sequence>(_ columns: S) -> String where S.Element == String {
        let names = columns.map(\.lettersAndDigitsLowercased)
        func any(_ words: [String]) -> Bool { names.contains { name in words.contains { name.contains($0) } } }
        if any(["nhi", "dob", "dateofbirth", "birth"]) && any(["family", "surname", "lastname", "given", "firstname"]) { return "patients" }
        if any(["obx", "resultvalue", "units", "referencerange", "abnormal", "testcode", "loinc"]) { return "results" }
        if any(["appointment", "slot", "booked", "start", "duration"]) && !any(["body", "content"]) { return "appointments" }
        if any(["consult", "encounter", "soap", "subjective", "progressnote", "clinicalnote", "visitnote"]) { return "notes" }
        if any(["sender", "recipient", "message", "subject"]) { return "messages" }
        if any(["document", "title", "body", "content", "letter", "filename"]) { return "documents" }
        return "other"
    }

    /// Where neither the documents nor the database show the key: `_id`s that are mostly one prefix and a
    /// number (`appt-17`) name the number.
    static func numberedRule(_ documents: [IndexDocument]) -> String {
        var prefixes: [String: Int] = [:], total = 0
        for document in documents.prefix(sample) {
            guard let id = document.id else { continue }
            total += 1
            let digits = id.reversed().prefix { $0.isASCII && $0.isNumber }.count
            if digits > 0 && digits < id.count { prefixes[String(id.dropLast(digits)), default: 0] += 1 }
        }
        guard let (prefix, count) = prefixes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), count * 2 >= total,
              !(prefix.last?.isNumber ?? true) else { return "{key}" }
        return prefix + "{key}"
    }

    /// How an index's `_id` names the key, from its documents that hold the key field too.
    /// `keys`: the database's key values, for an index whose documents do not hold the key field.
    static func idRule(_ documents: [IndexDocument], keyField: String, keys: Set<String> = []) -> String {
        var prefixes: [String: Int] = [:], equal = 0, seen = 0
        for document in documents.prefix(sample) {
            guard let id = document.id else { continue }
            if let value = document.source?[keyField]?.text, !value.isEmpty {
                seen += 1
                if id == value { equal += 1 } else if id.hasSuffix(value) { prefixes[String(id.dropLast(value.count)), default: 0] += 1 }
            } else if !keys.isEmpty {
                // The shortest start of the _id after which a database key follows.
                seen += 1
                if keys.contains(id) { equal += 1; continue }
                for cut in 1..<max(1, id.count) where keys.contains(String(id.dropFirst(cut))) {
                    prefixes[String(id.prefix(cut)), default: 0] += 1
                    break
                }
            }
        }
        guard seen > 0 else { return numberedRule(documents) }
        if equal * 2 >= seen { return "{key}" }
        if let (prefix, count) = prefixes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), count * 2 >= seen { return prefix + "{key}" }
        return "field:\(keyField)"
    }
}
