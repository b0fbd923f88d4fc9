import LacunaCore
@testable import Remnants
import Testing
@testable import Recovery

/// A damaged database's rows as the records the remnant traces are made from.
@Suite("A damaged database's rows as records")
struct RemnantRecordsTests {
    static let map = TableMap(tables: [
        TableMap.Table(name: "patients", holds: "patients", database: "patients", index: nil, key: "id"),
        TableMap.Table(name: "appointments", holds: "appointments", database: "appointments", index: nil, key: "id", patient: "patient_id"),
    ])

    static func row(_ table: String?, _ values: [SQLiteValue], page: Int, _ origin: SQLiteRemnantReader.Origin = .live) -> SQLiteRemnantReader.Row {
        SQLiteRemnantReader.Row(table: table, rowid: nil, values: values, page: page, origin: origin)
    }

    @Test("each row's fields by its table's columns (a column named twice keeps its first value), its patient from the live copy first")
    func fieldsAndPatients() {
        var reading = SQLiteRemnantReader.Reading()
        reading.pageSize = 4096
        reading.tables = [
            SQLiteRemnantReader.Table(name: "patients", rootPage: 2, columns: ["id", "nhi", "surname", "first_name"], sql: ""),
            SQLiteRemnantReader.Table(name: "appointments", rootPage: 3, columns: ["id", "patient_id", "starts", "note", "note", "room"], sql: ""),
        ]
        reading.rows = [
            // A stale copy carved from free space before the live one: the live one names the patient.
            Self.row("patients", [.text("P1"), .text("ZZZ0016"), .text("Tipene"), .text("Old")], page: 9, .free),
            Self.row("patients", [.text("P1"), .text("ZZZ0016"), .text("Tipene"), .text("Aroha")], page: 2),
            Self.row("appointments", [.integer(7), .text("P1"), .text("2025-04-03 09:15"), .text("first"), .text("second"), .null], page: 3),
            // Too few values for its table, and a row no table fits: neither is a record.
            Self.row("appointments", [.integer(8), .text("P1")], page: 3),
            Self.row(nil, [.integer(9)], page: 4),
            Self.row("appointments", [.integer(10), .text("P2"), .real(1.5), .null, .text("only the second"), .blob([1])], page: 5, .orphan),
        ]
        let records = RemnantTraces.databaseRecords(reading, map: Self.map)
        #expect(records.map(\.key) == ["7", "10"])
        #expect(records.map { $0.fields["note"] } == ["first", ""])
        #expect(records.map { $0.fields.keys.sorted() } == Array(repeating: ["id", "note", "patient_id", "room", "starts"], count: 2))
        #expect(records.map { $0.fields["room"] } == ["", SQLiteValue.blob([1]).description])
        #expect(records.map(\.copy) == ["database", "database, orphaned page"])
        #expect(records.map(\.locator.byteOffset) == [2 * 4096, 4 * 4096])
        #expect(records[0].identity.givenName == "Aroha")
        #expect(records[0].identity.familyName == "Tipene")
    }

    @Test("a row whose patient was lost takes no chart number from its own key or from the database's number for the patient; the patient's key is their chart number only where the patients table reads theirs from it")
    func lostPatientsChartNumber() {
        var reading = SQLiteRemnantReader.Reading()
        reading.pageSize = 4096
        // The database numbers its patients (id) apart from their chart numbers (chart_no).
        reading.tables = [
            SQLiteRemnantReader.Table(name: "patients", rootPage: 2, columns: ["id", "chart_no", "nhi", "surname", "first_name"], sql: ""),
            SQLiteRemnantReader.Table(name: "appointments", rootPage: 3, columns: ["id", "patient_id", "starts", "note"], sql: ""),
        ]
        reading.rows = [
            Self.row("patients", [.integer(5), .text("1001"), .text("ZZZ0016"), .text("Tipene"), .text("Aroha")], page: 2),
            Self.row("appointments", [.integer(1001), .integer(5), .text("2025-04-03 09:15"), .text("known")], page: 3),
            // Patient 6's row is lost; this booking's own number is 1002, and the patient's 6.
            Self.row("appointments", [.integer(1002), .integer(6), .text("2025-04-03 09:30"), .text("lost")], page: 3),
        ]
        let records = RemnantTraces.databaseRecords(reading, map: Self.map)
        #expect(records.map(\.key) == ["1001", "1002"])
        #expect(records[0].identity.localPatientID == "1001")
        #expect(records[0].identity.familyName == "Tipene")
        #expect(records[1].identity.localPatientID == nil)
        #expect(records[1].identity.isEmpty)

        // Where the patients table's key is what its patients' chart numbers are read from, a lost
        // patient's key is their chart number.
        reading.tables[0] = SQLiteRemnantReader.Table(name: "patients", rootPage: 2, columns: ["id", "nhi", "surname", "first_name"], sql: "")
        reading.rows[0] = Self.row("patients", [.text("P5"), .text("ZZZ0016"), .text("Tipene"), .text("Aroha")], page: 2)
        reading.rows[1] = Self.row("appointments", [.integer(1001), .text("P5"), .text("2025-04-03 09:15"), .text("known")], page: 3)
        reading.rows[2] = Self.row("appointments", [.integer(1002), .text("P6"), .text("2025-04-03 09:30"), .text("lost")], page: 3)
        let keyed = RemnantTraces.databaseRecords(reading, map: Self.map)
        #expect(keyed.map { $0.identity.localPatientID } == ["P5", "P6"])
    }
}
