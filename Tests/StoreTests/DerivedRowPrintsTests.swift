import Foundation
import Testing
@testable import Store
import LacunaCore
import TestPostgres

@Suite("Derived rows found changed by what the last run kept of them")
struct DerivedRowPrintsTests {
    let cases = CaseStoreTests()

    /// Every kind of value a key may hold, odd texts among them.
    let values: [SQLValue] = [.null, .integer(-5), .integer(0), .integer(.max), .real(-0.0), .real(2.5), .text(""), .text("P1"),
                              .text("Ōrākei\u{0}x"), .text("日本"), .text(String(repeating: "long ", count: 40)), .blob([0, 255, 10])]

    @Test("what is kept of a table's rows reads back as written, keys of every kind of value, in their keys' order; bytes cut short, with a byte more, of another layout or of another table's shape are refused")
    func keptReadBack() throws {
        let rows = values.indices.flatMap { a in values.indices.map { b in [values[a], values[b], .integer(Int64(a * 100 + b))] } }
        let table = CaseStore.DerivedRows(table: "t", columns: ["a", "b", "c"], rows: rows, key: [0, 1])
        let printed = try #require(PrintedRows(table, prints: CaseStore.digest([table]).prints[0]))
        #expect(printed.rows.count == rows.count)
        let bytes = StoredRowPrints.encoded(printed, columns: 3, key: [0, 1])
        let kept = try #require(StoredRowPrints(decoding: bytes, columns: 3, key: [0, 1]))
        #expect(kept.keys == printed.byKey.map(\.key))
        #expect(zip(kept.keys, kept.keys.dropFirst()).allSatisfy { $0 < $1 })
        for (place, (_, row)) in printed.byKey.enumerated() {
            #expect(Array(kept.key(at: place)) == Array(printed.rows[row][0...1]))
            #expect(kept.prints[place] == RowPrint(printed.rows[row]))
        }
        // Refused, never read past their end.
        #expect(StoredRowPrints(decoding: bytes, columns: 4, key: [0, 1]) == nil)
        #expect(StoredRowPrints(decoding: bytes, columns: 3, key: [1, 0]) == nil)
        #expect(StoredRowPrints(decoding: bytes, columns: 3, key: [0]) == nil)
        #expect(StoredRowPrints(decoding: bytes + [0], columns: 3, key: [0, 1]) == nil)
        #expect(StoredRowPrints(decoding: [2] + bytes.dropFirst(), columns: 3, key: [0, 1]) == nil)
        for cut in stride(from: 0, to: bytes.count, by: 13) {
            #expect(StoredRowPrints(decoding: Array(bytes.prefix(cut)), columns: 3, key: [0, 1]) == nil, "cut at \(cut)")
        }
    }

    @Test("of rows given one key twice, the one a whole rewrite keeps is kept, in the same order; a table unique already given one key twice is left to be written whole")
    func sameRowsAsUnique() throws {
        // Keys from a few values, so that many come twice or more; the same rows every run.
        let rows: [[SQLValue]] = (0..<300).map { n in
            let scattered = Int((UInt64(n) &* 0x9E37_79B9_7F4A_7C15) >> 40)
            return [values[scattered % 5], .text("P\(scattered / 5 % 7)"), .integer(Int64(n))]
        }
        for later in [CaseStore.LaterRow.replaces, .isIgnored] {
            let table = CaseStore.DerivedRows(table: "t", columns: ["a", "b", "c"], rows: rows, key: [0, 1], later: later)
            let printed = try #require(PrintedRows(table, prints: CaseStore.digest([table]).prints[0]))
            let unique = CaseStore.unique(rows, keyedBy: [0, 1], later: later).rows
            #expect(unique.count < rows.count)
            #expect(printed.rows == unique)
            #expect(printed.prints == unique.map { RowPrint($0) })
            #expect(printed.byKey.map(\.row).sorted() == Array(unique.indices))
            #expect(printed.byKey.map(\.key) == printed.byKey.map { RowPrint(unique[$0.row], at: [0, 1]) })
            #expect(zip(printed.byKey, printed.byKey.dropFirst()).allSatisfy { $0.key < $1.key })
        }
        // Unique already (no key said): rows as given, or, one key twice, none.
        let distinct = (0..<50).map { [SQLValue.text("C\($0)"), .integer(Int64($0))] }
        let table = CaseStore.DerivedRows(table: "t", columns: ["a", "b"], rows: distinct)
        #expect(PrintedRows(table, prints: CaseStore.digest([table]).prints[0])?.rows == distinct)
        let twice = CaseStore.DerivedRows(table: "t", columns: ["a", "b"], rows: distinct + [[.text("C7"), .integer(99)]])
        #expect(PrintedRows(twice, prints: CaseStore.digest([twice]).prints[0]) == nil)
    }

    @Test("a changed group is compared with what the last run kept of it where that stands for the table, and the table read where it does not: kept under another digest, for another count of rows, damaged, or not kept",
          arguments: Engine.allCases)
    func keptOrRead(backend: Engine) throws {
        guard let store = try cases.store(backend) else { return }
        _ = try store.recordImport(kind: .appointments, path: "a.csv", sha256: "1", size: 1, encoding: nil,
                                   traces: (0..<24).map { cases.trace("k\($0)") }, rejects: [], warnings: [])
        let ids = try store.traces().compactMap(\.id)
        try #require(ids.count == 24)
        var links = (0..<24).map { Link(traceID: ids[$0], patientID: "P\($0 % 20)", rule: "model", weight: 0.9) }
        func text(_ value: SQLValue) -> String {
            switch value {
            case .null: "∅"
            case .integer(let v): "\(v)"
            case .real(let v): "\(v)"
            case .text(let v): v
            case .blob(let v): "\(v)"
            }
        }
        func stored() throws -> [String] {
            try store.database.rows("SELECT trace_id, patient_id, rule, weight FROM link").map { $0.map(text).joined(separator: "|") }.sorted()
        }
        func wanted() -> [String] { links.map { "\($0.traceID)|\($0.patientID)|\($0.rule)|\($0.weight)" }.sorted() }
        /// Links changed a little (one weight), then written.
        func change(_ n: Int) throws {
            links[n] = Link(traceID: links[n].traceID, patientID: links[n].patientID, rule: links[n].rule, weight: Double(n) / 100)
            try store.replaceDerived(patients: [], links: links, encounters: [], unmatched: [])
        }
        /// What is kept of the links stands for them as written: under the group's digest, as many rows.
        func keptStands() throws {
            let row = try #require(try store.database.rows("SELECT digest, body FROM derived_row_prints WHERE name = 'link'").first)
            guard case .blob(let body) = row[1] else { Issue.record("no body"); return }
            #expect(row[0].string == (try store.database.rows("SELECT digest FROM derived_digest WHERE name = 'link'").first?[0].string))
            #expect(StoredRowPrints(decoding: body, columns: 4, key: [0, 1])?.keys.count == links.count)
        }
        func mark(_ n: Int) throws { try store.database.run("UPDATE link SET rule = 'mark' WHERE trace_id = ?", [.integer(ids[n])]) }

        try store.replaceDerived(patients: [], links: links, encounters: [], unmatched: [])
        try keptStands()
        // Believed: a row marked where no run writes, and unchanged, keeps its mark when another row changes
        // (the table was not read); the changed row is written.
        try mark(0)
        try change(5)
        #expect(try stored().contains("\(ids[0])|P0|mark|0.9"))
        #expect(try stored().filter { !$0.hasPrefix("\(ids[0])|") } == wanted().filter { !$0.hasPrefix("\(ids[0])|") })
        try keptStands()
        // Not believed, the table read and brought to the links (the mark undone): a row gone since, so the
        // table holds another count; kept under another digest (as an earlier version writing the table
        // leaves it); damaged; not kept at all.
        try store.database.run("DELETE FROM link WHERE trace_id = ?", [.integer(ids[1])])
        try change(6)
        #expect(try stored() == wanted())
        try keptStands()
        let spoilers = ["UPDATE derived_row_prints SET digest = 'earlier' WHERE name = 'link'",
                        "UPDATE derived_row_prints SET body = ? WHERE name = 'link'",
                        "DELETE FROM derived_row_prints WHERE name = 'link'"]
        for (n, spoil) in spoilers.enumerated() {
            try mark(2 + n)
            try store.database.run(spoil, spoil.contains("?") ? [.blob([1, 4, 2, 0, 1, 9])] : [])
            try change(7 + n)
            #expect(try stored() == wanted(), "\(spoil)")
            try keptStands()
        }
        // A link gone and one new, by what was kept: deleted by its key's values, inserted.
        links.remove(at: 3)
        links.append(Link(traceID: ids[3], patientID: "P19", rule: "model", weight: 0.2))
        try store.replaceDerived(patients: [], links: links, encounters: [], unmatched: [])
        #expect(try stored() == wanted())
        try keptStands()
        // Cleared with the derived tables when a file's earlier reading goes.
        _ = try store.recordImport(kind: .appointments, path: "a.csv", sha256: "2", contentSHA256: "same", size: 1, encoding: nil,
                                   traces: [cases.trace("k1")], rejects: [], warnings: [])
        _ = try store.recordImport(kind: .appointments, path: "a.csv", sha256: "3", contentSHA256: "same", size: 1, encoding: nil,
                                   traces: [cases.trace("k1")], rejects: [], warnings: [])
        #expect(try store.database.rows("SELECT count(*) FROM derived_row_prints")[0][0].int == 0)
    }
}
