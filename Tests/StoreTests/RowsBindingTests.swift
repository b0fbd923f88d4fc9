import Foundation
import Testing
@testable import Store
import TestFolders

/// A many-row insert's rows bound where they lie (`Database.run(_:rows:)`) store what the same values
/// joined into one array store (`run(_:_:)`), value for value.
@Suite("Rows bound where they lie")
struct RowsBindingTests {
    func database() throws -> Database {
        let database = try Database(path: TestFolder.made("lacuna-rows").appendingPathComponent("rows.sqlite").path)
        try database.execute("CREATE TABLE joined (n INTEGER, a, b, c); CREATE TABLE lying (n INTEGER, a, b, c);")
        return database
    }

    static func value(_ random: inout SystemRandomNumberGenerator) -> SQLValue {
        let texts = ["", "a", "Tipene", "Ngā", "x\u{0}y", String(repeating: "w", count: 300), "🙂", "O'Brien, \"Jo\""]
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return .null
        case 1: return .integer(Int64.random(in: .min ... .max, using: &random))
        case 2: return .real(Double.random(in: -1e9...1e9, using: &random))
        case 3: return .blob((0..<Int.random(in: 0..<40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        default: return .text(texts.randomElement(using: &random)! + String(Int.random(in: 0..<1000, using: &random)))
        }
    }

    func contents(_ table: String, of database: Database) throws -> [[SQLValue]] {
        try database.rows("SELECT n, a, b, c FROM \(table) ORDER BY rowid", [])
    }

    @Test("random rows of every kind of value, in slices of the many-row shapes a store uses: the same rows either way")
    func sameRows() throws {
        let database = try database()
        var random = SystemRandomNumberGenerator()
        var number: Int64 = 0
        for _ in 0..<200 {
            let count = Int.random(in: 1...7, using: &random)
            let rows: [[SQLValue]] = (0..<count).map { _ in
                number += 1
                return [.integer(number), Self.value(&random), Self.value(&random), Self.value(&random)]
            }
            let placeholders = Array(repeating: "(?, ?, ?, ?)", count: count).joined(separator: ", ")
            try database.run("INSERT INTO joined VALUES \(placeholders)", Array(rows.joined()))
            // A slice not starting at zero, as a batch of a larger list is.
            let padded = [[SQLValue.null]] + rows
            try database.run("INSERT INTO lying VALUES \(placeholders)", rows: padded[1...])
        }
        let joined = try contents("joined", of: database)
        #expect(joined.count > 200)
        #expect(try contents("lying", of: database) == joined)
    }

    @Test("a statement bound again with fewer values than before: those left over are NULL, as with one array")
    func fewerValues() throws {
        let database = try database()
        for (table, bind) in [("joined", false), ("lying", true)] {
            let text = "INSERT INTO \(table) VALUES (?, ?, ?, ?), (?, ?, ?, ?)"
            let full: [[SQLValue]] = [[.integer(1), .text("a"), .text("b"), .text("c")], [.integer(2), .text("d"), .text("e"), .text("f")]]
            let short: [[SQLValue]] = [[.integer(3), .text("g"), .text("h"), .text("i")], [.integer(4), .text("j")]]
            if bind {
                try database.run(text, rows: full[...])
                try database.run(text, rows: short[...])
            } else {
                try database.run(text, Array(full.joined()))
                try database.run(text, Array(short.joined()))
            }
        }
        let joined = try contents("joined", of: database)
        #expect(joined.last == [.integer(4), .text("j"), .null, .null])
        #expect(try contents("lying", of: database) == joined)
    }

    @Test("blobs bound where they lie (SQLite copies none) store the bytes given, large and empty, with the arrays let go and their memory used again")
    func blobsInPlace() throws {
        let database = try database()
        var random = SystemRandomNumberGenerator()
        var given: [[UInt8]] = []
        for n in 0..<40 {
            let length = [0, 1, 4_095, 4_096, 70_000, 600_000].randomElement(using: &random)!
            let seed = Int.random(in: 1...255, using: &random)
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* seed &+ $0 >> 8) }
            given.append(bytes)
            switch n % 3 {
            case 0: try database.run("INSERT INTO joined (n, a) VALUES (?, ?)", [.integer(Int64(n)), .blob(bytes)])
            case 1: try database.run("INSERT INTO joined (n, a) VALUES (?, ?)", rows: [[.integer(Int64(n)), .blob(bytes)]][...])
            default:
                // Bound from a copy made and let go before the statement is stepped, its memory then written
                // over: the statement keeps what it binds until it is stepped.
                let statement = try database.statement("INSERT INTO joined (n, a) VALUES (?, ?)")
                func bindCopy() throws { try statement.bind([.integer(Int64(n)), .blob(bytes.map { $0 })]) }
                try bindCopy()
                let overwrite = (0..<4).map { _ in [UInt8](repeating: 0xAA, count: length) }
                #expect(overwrite.allSatisfy { $0.count == length })
                while try statement.step() {}
                statement.letGoOfBlobs()
            }
        }
        let stored = try database.rows("SELECT a FROM joined ORDER BY n", [])
        #expect(stored.count == given.count)
        for (n, (row, bytes)) in zip(stored, given).enumerated() {
            // Compared first, so that a failure names the blob rather than printing its bytes.
            let same = row[0] == .blob(bytes)
            #expect(same, "blob \(n), \(bytes.count) bytes, read back otherwise")
        }
        // A blob as a query's argument, read back as the query's own value while the query runs.
        let probe: [UInt8] = [0, 1, 2, 0xFF]
        #expect(try database.rows("SELECT ?", [.blob(probe)]) == [[.blob(probe)]])
        // The insert's statement, let go of its blob, is used again with a text where the blob was.
        try database.run("INSERT INTO joined (n, a) VALUES (?, ?)", [.integer(99), .text("after")])
        #expect(try database.rows("SELECT a FROM joined WHERE n = 99", []) == [[.text("after")]])
    }
}
