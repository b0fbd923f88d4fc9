/// How a group of derived tables whose rows changed is brought to its new rows (`replaceDerived`).
///
/// A new file changes a few of a case's links, and the group was written again whole: some 28,000
/// links deleted and inserted for a hundred that changed, most of a re-run's writing. Where few rows
/// differ, only they are written: a row whose key is gone is deleted, a row whose values changed is
/// updated, a new row is inserted. The table then holds exactly the rows a whole rewrite would (in
/// another order on disk; every reader orders what it reads). Where many differ, or the table is empty
/// (a fresh case), the group is written whole, many rows a statement.
extension CaseStore {
    /// Above this share of a table's rows deleted or updated, one by one costs more than all at once
    /// (on PostgreSQL each is a round trip).
    static let rowByRowShare = 8

    /// Brings each of a group's tables (dependants after what they hang on) to its rows.
    func rewrite(_ tables: [DerivedRows]) throws {
        // A fresh case (or one whose derived rows were cleared): nothing to compare with.
        let anyStored = try tables.contains { try !database.rows("SELECT 1 FROM \($0.table) LIMIT 1").isEmpty }
        guard anyStored else {
            try rewriteWhole(tables, tables.map { $0.key.isEmpty ? $0.rows : Self.unique($0.rows, keyedBy: $0.key, later: $0.later).rows })
            return
        }
        let wanted = tables.map(Self.wanted)
        if let changes = try changes(tables, wanted) {
            try apply(changes, tables)
        } else {
            try rewriteWhole(tables, wanted.map(\.rows))
        }
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
