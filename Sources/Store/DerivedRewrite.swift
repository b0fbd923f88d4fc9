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
        let wanted = tables.map { rows in
            rows.key.isEmpty ? rows.rows : Self.unique(rows.rows, keyedBy: rows.key, later: rows.later)
        }
        if let changes = try changes(tables, wanted) {
            try apply(changes, tables)
        } else {
            try rewriteWhole(tables, wanted)
        }
    }

    /// What differs between each table and its wanted rows, by primary key; nil where the group is
    /// better written whole.
    private func changes(_ tables: [DerivedRows], _ wanted: [[[SQLValue]]]) throws -> [TableChanges]? {
        var heldRows = try tables.map { rows in
            var held: [[SQLValue]: [SQLValue]] = [:]
            let key = rows.primaryKey
            try database.forEachRow("SELECT \(rows.columns.joined(separator: ", ")) FROM \(rows.table)") { row in
                held[key.map { row[$0] }] = row
            }
            return held
        }
        // A fresh case (or one whose derived rows were cleared): nothing to compare with.
        let stored = heldRows.reduce(0) { $0 + $1.count }
        guard stored > 0 else { return nil }
        var found: [TableChanges] = []
        for (t, (rows, want)) in zip(tables, wanted).enumerated() {
            // Taken out of the list, so that taking rows out of it does not copy it.
            var held = heldRows[t]
            heldRows[t] = [:]
            let key = rows.primaryKey
            // A table unique already that is given one key twice: written whole, to fail as it always has.
            if rows.key.isEmpty && Set(want.map { row in key.map { row[$0] } }).count != want.count { return nil }
            var changes = TableChanges()
            for row in want {
                if let old = held.removeValue(forKey: key.map { row[$0] }) {
                    if old != row { changes.updated.append(row) }
                } else {
                    changes.added.append(row)
                }
            }
            changes.removed = Array(held.keys)
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
