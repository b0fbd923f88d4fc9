/// How a group of derived tables whose rows changed is brought to its new rows (`replaceDerived`).
///
/// A new file changes a few of a case's links, and the group was written again whole: some 28,000
/// links deleted and inserted for a hundred that changed, most of a re-run's writing. Where few rows
/// differ, only they are written: a row whose key is gone is deleted, a row whose values changed is
/// updated, a new row is inserted. The table then holds exactly the rows a whole rewrite would (in
/// another order on disk; every reader orders what it reads). Where many differ, or the table is empty
/// (a fresh case), the group is written whole, many rows a statement.
///
/// Which rows differ is found from what the last run kept of each row (`StoredRowPrints`: a fingerprint
/// of its key and of itself, and its key's values), without reading the table: reading the 28,000 links
/// of a 10,000-patient case back to compare them cost more than writing the hundred that changed.
extension CaseStore {
    /// Above this share of a table's rows deleted or updated, one by one costs more than all at once
    /// (on PostgreSQL each is a round trip).
    static let rowByRowShare = 8

    /// Brings each of a group's tables (dependants after what they hang on) to its rows. `prints`: each
    /// table's rows' fingerprints (`RowPrint`, as the group's digest took them); `was`: the group's digest
    /// as the last run stored it, `digest` as it is to be.
    ///
    /// What differs is found from what the last run kept of each row (`StoredRowPrints`), where that
    /// stands for the table: kept under the digest the group has, and as many rows as the table holds.
    /// Otherwise the table's rows are read and compared by their values. Either way, what is kept is
    /// then made again from the rows written.
    func rewrite(_ tables: [DerivedRows], prints: [[RowPrint]], was: String?, digest: String) throws {
        let printed = zip(tables, prints).map { PrintedRows($0, prints: $1) }
        let allPrinted: [PrintedRows]? = printed.contains { $0 == nil } ? nil : printed.map { $0! }
        // A fresh case (or one whose derived rows were cleared): nothing to compare with.
        let anyStored = try tables.contains { try !database.rows("SELECT 1 FROM \($0.table) LIMIT 1").isEmpty }
        if !anyStored {
            try rewriteWhole(tables, allPrinted?.map(\.rows)
                ?? tables.map { $0.key.isEmpty ? $0.rows : Self.unique($0.rows, keyedBy: $0.key, later: $0.later).rows })
        } else if let allPrinted, let kept = try keptPrints(tables, digest: was) {
            if let changes = Self.changes(tables, allPrinted, kept) {
                try apply(changes, tables)
            } else {
                try rewriteWhole(tables, allPrinted.map(\.rows))
            }
        } else {
            let wanted = tables.map(Self.wanted)
            if let changes = try changes(tables, wanted) {
                try apply(changes, tables)
            } else {
                try rewriteWhole(tables, wanted.map(\.rows))
            }
        }
        try keepPrints(tables, allPrinted, digest: digest)
    }

    /// What the last run kept of each table's rows, where it stands for the table.
    private func keptPrints(_ tables: [DerivedRows], digest: String?) throws -> [StoredRowPrints]? {
        guard let digest else { return nil }
        var kept: [StoredRowPrints] = []
        for rows in tables {
            guard let row = try database.rows("SELECT digest, body FROM derived_row_prints WHERE name = ?", [.text(rows.table)]).first,
                  row[0].string == digest, case .blob(let body) = row[1],
                  let prints = StoredRowPrints(decoding: body, columns: rows.columns.count, key: rows.primaryKey),
                  // Counted through every page of the table's smallest index: read once, not kept.
                  try database.readingOnce({ try database.rows("SELECT count(*) FROM \(rows.table)").first?.first?.int }) == prints.keys.count
            else { return nil }
            kept.append(prints)
        }
        return kept
    }

    /// Keeps each table's rows' fingerprints under the group's new digest; where they could not be
    /// made (`PrintedRows`), forgets those kept before.
    private func keepPrints(_ tables: [DerivedRows], _ printed: [PrintedRows]?, digest: String) throws {
        for (place, rows) in tables.enumerated() {
            if let printed {
                try database.run("""
                    INSERT INTO derived_row_prints (name, digest, body) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET digest = excluded.digest, body = excluded.body
                    """, [.text(rows.table), .text(digest),
                          .blob(StoredRowPrints.encoded(printed[place], columns: rows.columns.count, key: rows.primaryKey))])
            } else {
                try database.run("DELETE FROM derived_row_prints WHERE name = ?", [.text(rows.table)])
            }
        }
    }

    /// What differs between each table's rows as the last run kept them and its rows now, by key (both
    /// walked in their keys' order); nil where the group is better written whole, or what was kept does
    /// not add up (a key's fingerprint kept with other values).
    private static func changes(_ tables: [DerivedRows], _ printed: [PrintedRows], _ kept: [StoredRowPrints]) -> [TableChanges]? {
        var found: [TableChanges] = []
        var stored = 0
        for ((rows, want), was) in zip(zip(tables, printed), kept) {
            var changes = TableChanges()
            var added: [Int] = []
            stored += was.keys.count
            var i = 0, s = 0
            while i < want.byKey.count || s < was.keys.count {
                if s == was.keys.count || (i < want.byKey.count && want.byKey[i].key < was.keys[s]) {
                    added.append(want.byKey[i].row)
                    i += 1
                } else if i == want.byKey.count || was.keys[s] < want.byKey[i].key {
                    changes.removed.append(Array(was.key(at: s)))
                    s += 1
                } else {
                    let row = want.byKey[i].row
                    guard zip(rows.primaryKey, was.key(at: s)).allSatisfy({ want.rows[row][$0] == $1 }) else { return nil }
                    if want.prints[row] != was.prints[s] { changes.updated.append(want.rows[row]) }
                    i += 1
                    s += 1
                }
            }
            // Inserted in the order of the rows (as a whole rewrite would).
            changes.added = added.sorted().map { want.rows[$0] }
            found.append(changes)
        }
        let oneByOne = found.reduce(0) { $0 + $1.removed.count + $1.updated.count }
        guard oneByOne * Self.rowByRowShare <= stored else { return nil }
        return found
    }

    /// A table's rows as they are to be, each key once, and each key's place among them; no places
    /// where a table said to be unique already is given one key twice (written whole, to fail as it
    /// always has).
    private struct Wanted {
        var rows: [[SQLValue]]
        var place: [[SQLValue]: Int]?
    }

    private static func wanted(_ rows: DerivedRows) -> Wanted {
        if !rows.key.isEmpty {
            let unique = unique(rows.rows, keyedBy: rows.key, later: rows.later)
            return Wanted(rows: unique.rows, place: unique.place)
        }
        let key = rows.primaryKey
        var place: [[SQLValue]: Int] = Dictionary(minimumCapacity: rows.rows.count)
        for (i, row) in rows.rows.enumerated() where place.updateValue(i, forKey: key.map { row[$0] }) != nil {
            return Wanted(rows: rows.rows, place: nil)
        }
        return Wanted(rows: rows.rows, place: place)
    }

    /// What differs between each table and its wanted rows, by primary key; nil where the group is
    /// better written whole. The stored rows are read once, each held against the wanted row of its
    /// key as it comes (not gathered by key first: a new file's re-run reads some 60,000 of them).
    private func changes(_ tables: [DerivedRows], _ wanted: [Wanted]) throws -> [TableChanges]? {
        var found: [TableChanges] = []
        var stored = 0
        for (rows, want) in zip(tables, wanted) {
            guard let place = want.place else { return nil }
            let key = rows.primaryKey
            // Each wanted row: not met among the stored (0), met once (1), met more than once (2).
            var met = [UInt8](repeating: 0, count: want.rows.count)
            var changes = TableChanges()
            try database.forEachRow("SELECT \(rows.columns.joined(separator: ", ")) FROM \(rows.table)") { row in
                stored += 1
                let rowKey = key.map { row[$0] }
                guard let i = place[rowKey] else {
                    changes.removed.append(rowKey)
                    return
                }
                switch met[i] {
                case 0:
                    met[i] = 1
                    if want.rows[i] != row { changes.updated.append(want.rows[i]) }
                case 1:
                    // Stored twice (no constraint said otherwise): every copy goes, and the row is written once.
                    met[i] = 2
                    changes.removed.append(rowKey)
                default:
                    break
                }
            }
            changes.added = want.rows.indices.filter { met[$0] != 1 }.map { want.rows[$0] }
            found.append(changes)
        }
        let oneByOne = found.reduce(0) { $0 + $1.removed.count + $1.updated.count }
        guard oneByOne * Self.rowByRowShare <= stored else { return nil }
        return found
    }

    /// The rows that hang on a table are deleted before it and inserted after it.
    private func apply(_ changes: [TableChanges], _ tables: [DerivedRows]) throws {
        for (change, rows) in zip(changes, tables).reversed() where !change.removed.isEmpty {
            let sql = "DELETE FROM \(rows.table) WHERE " + rows.primaryKey.map { "\(rows.columns[$0]) = ?" }.joined(separator: " AND ")
            for key in change.removed { try database.run(sql, key) }
        }
        for (change, rows) in zip(changes, tables) {
            if !change.updated.isEmpty {
                let key = rows.primaryKey
                let others = rows.columns.indices.filter { !key.contains($0) }
                let sql = "UPDATE \(rows.table) SET " + others.map { "\(rows.columns[$0]) = ?" }.joined(separator: ", ")
                    + " WHERE " + key.map { "\(rows.columns[$0]) = ?" }.joined(separator: " AND ")
                for row in change.updated { try database.run(sql, others.map { row[$0] } + key.map { row[$0] }) }
            }
            try insert(into: rows.table, rows.columns, change.added)
        }
    }

    private func rewriteWhole(_ tables: [DerivedRows], _ wanted: [[[SQLValue]]]) throws {
        for rows in tables.reversed() { try database.run("DELETE FROM \(rows.table)") }
        // Many rows a statement, as the import writes traces: a run writes tens of thousands here.
        for (rows, want) in zip(tables, wanted) { try insert(into: rows.table, rows.columns, want) }
    }

    /// One table's rows to delete (their keys), update and insert.
    private struct TableChanges {
        var removed: [[SQLValue]] = []
        var updated: [[SQLValue]] = []
        var added: [[SQLValue]] = []
    }
}
