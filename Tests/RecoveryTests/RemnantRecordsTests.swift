import LacunaCore
import Importing
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
            // A patient only on an orphaned page, and a second booking of the first patient (their identity
            // made once, when first referred to, and given again).
            Self.row("patients", [.text("P3"), .text("ZZZ0024"), .text("Ngata"), .text("Hemi")], page: 6, .orphan),
            Self.row("appointments", [.integer(11), .text("P3"), .text("2025-04-03 10:00"), .null, .null, .null], page: 3),
            Self.row("appointments", [.integer(12), .text("P1"), .text("2025-04-04 11:00"), .null, .null, .null], page: 3),
        ]
        let all = Self.records(reading)
        #expect(all.map(\.key) == ["7", "10", "11", "12"])
        #expect(all[2].identity.familyName == "Ngata" && all[2].identity.nhi == "ZZZ0024" && all[3].identity == all[0].identity)
        let records = Array(all.prefix(2))
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
        let records = Self.records(reading)
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
        let keyed = Self.records(reading)
        #expect(keyed.map { $0.identity.localPatientID } == ["P5", "P6"])
    }

    /// The records `databaseRecords` gives, in order.
    static func records(_ reading: SQLiteRemnantReader.Reading) -> [RemnantTraces.Record] {
        var records: [RemnantTraces.Record] = []
        RemnantTraces.databaseRecords(reading, map: Self.map) { records.append($0) }
        return records
    }

    /// The fields' reading before `RemnantFields`: a record's dictionary, its fields with a text sorted by
    /// name, each folded name once (the first in order of name wins).
    static func foldedAsByDictionary(_ fields: [String: String]) -> [(name: String, text: String)] {
        var folded: [(name: String, text: String)] = []
        for (field, text) in fields.filter({ !$0.value.isEmpty }).sorted(by: { $0.key < $1.key }) {
            let name = field.lettersAndDigitsLowercased
            if !folded.contains(where: { $0.name == name }) { folded.append((name, text)) }
        }
        return folded
    }

    @Test("a booking's, a note's and a received item's payload: its copy, key and table and each field it has, under its name, as a dictionary of them laid it out; every combination of the fields there and not")
    func payloadsAsByDictionary() throws {
        let settings = ImportSettings(clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
                                      window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!))
        func record(_ holds: String, _ fields: [(String, String)]) -> RemnantTraces.Record {
            let sorted = fields.sorted { $0.0 < $1.0 }
            return RemnantTraces.Record(fields: RemnantFields(names: RemnantFields.Names(sorted.map(\.0)), texts: sorted.map(\.1)),
                                        table: TableMap.Table(name: holds + "_table", holds: holds, database: holds, index: nil, key: "id"),
                                        copy: "database, orphaned page", key: "K7", locator: Locator(byteOffset: 4096), identity: Identity())
        }
        let base = ["_copy": "database, orphaned page", "_remnant_key": "K7", "_remnant_table": "_table"]
        func payload(_ record: RemnantTraces.Record) throws -> Payload {
            guard case .trace(let trace) = RemnantRecordTraces.trace(record, kind: .dbRemnant, file: "pms.sqlite", settings: settings) else {
                throw TestFailure.noTrace
            }
            return trace.payload
        }
        var checked = 0
        // A booking: its status always (as the appointment book reads it), its reason and type where it has them.
        let booking = [("status", "Arrived"), ("reason", "cough; fever"), ("type", "Standard")]
        for mask in 0..<8 {
            let given = booking.indices.filter { mask & 1 << $0 != 0 }.map { booking[$0] }
            var expected = base.merging(["_remnant_table": "appointments_table"]) { $1 }
            expected["_status"] = AppointmentsImporter.normaliseStatus(given.first { $0.0 == "status" }?.1)
            if let reason = given.first(where: { $0.0 == "reason" })?.1 { expected["_reason"] = reason }
            if let type = given.first(where: { $0.0 == "type" })?.1 { expected["_type"] = type }
            #expect(try payload(record("appointments", [("start", "2025-04-03 09:15")] + given)) == Payload(expected), "\(given)")
            checked += 1
        }
        // A note: its summary, cut at 120 characters, where it has one.
        for summary in [nil, "short", String(repeating: "ā", count: 130)] {
            var expected = base.merging(["_remnant_table": "notes_table"]) { $1 }
            if let summary { expected["_summary"] = String(summary.prefix(120)) }
            #expect(try payload(record("notes", [("consultedat", "2025-04-03 10:00")] + (summary.map { [("summary", $0)] } ?? []))) == Payload(expected))
            checked += 1
        }
        // A received item: each of its fields where it has one, its summary from the test's value, its title or its kind.
        let received = [("filler", "F123"), ("testname", "HbA1c"), ("messageid", "M9"), ("documentid", "D4"), ("kind", "letter"),
                        ("abnormal", "H"), ("title", "Discharge summary"), ("value", "48"), ("units", "mmol/mol")]
        for mask in stride(from: 0, to: 512, by: 7) {
            let given = received.indices.filter { mask & 1 << $0 != 0 }.map { received[$0] }
            func has(_ name: String) -> String? { given.first { $0.0 == name }?.1 }
            var expected = base.merging(["_remnant_table": "messages_table"]) { $1 }
            let documentType = has("kind") ?? ""
            let isResult = has("filler") != nil || ["result", "results", "lab", "pathology", "oru"].contains(documentType)
            expected["_filler"] = has("filler")
            expected["_test_name"] = has("testname")
            expected["_message_id"] = has("messageid")
            expected["_document_id"] = has("documentid")
            expected["_document_type"] = documentType.isEmpty ? nil : documentType
            if has("abnormal") != nil { expected["_abnormal"] = InboxItem.Flag.abnormal.rawValue }
            let value = has("value").map { [$0, has("units")].compactMap { $0 }.joined(separator: " ") }
            let recordType = isResult ? "result" : "message"
            expected["_summary"] = String(([has("testname").flatMap { _ in value }, has("title")].compactMap { $0 }.first
                                           ?? has("title") ?? has("testname") ?? recordType).prefix(160))
            #expect(try payload(record("messages", [("receivedat", "2025-04-03 11:00")] + given)) == Payload(expected), "\(given)")
            checked += 1
        }
        #expect(checked == 8 + 3 + 74)
    }

    enum TestFailure: Error { case noTrace }

    @Test("a record's fields found by their folded names as a dictionary of them found them: names that fold alike (the first in order of name with a text), empty texts none, records of a hundred fields")
    func foldedFieldsAsByDictionary() {
        var random = SeededRandom(seed: 20)
        // Names that fold alike (Start, start_at, START-AT), apart, and with marks (é folds to itself).
        let stems = ["start", "startat", "status", "provider", "doctor", "gp", "date", "reason", "type", "kind", "filler", "code", "é", "title"]
        func spelling(_ stem: String) -> String {
            switch random.next() % 4 {
            case 0: return stem
            case 1: return stem.uppercased()
            case 2: return stem.count > 2 ? String(stem.prefix(2)) + "_" + String(stem.dropFirst(2)) : stem + " "
            default: return "-" + stem.capitalized
            }
        }
        var checked = 0
        for round in 0..<400 {
            // Mostly a handful of fields; some records of a hundred, names folding alike in pairs.
            let count = round % 20 == 0 ? 100 + Int(random.next() % 40) : Int(random.next() % 12)
            var names: [String] = [], seen = Set<String>()
            for k in 0..<count {
                let name = count > 64 ? (k % 2 == 0 ? "field" : "FIELD_") + "\(k / 2)" : spelling(stems[Int(random.next() % UInt64(stems.count))])
                if seen.insert(name).inserted { names.append(name) }
            }
            let texts = names.map { _ in random.next() % 3 == 0 ? "" : "t\(random.next() % 1000)" }
            let dictionary = Dictionary(uniqueKeysWithValues: zip(names, texts))
            let fields = RemnantRecordTraces.Fields(RemnantFields(names: RemnantFields.Names(names), texts: texts))
            let expected = Self.foldedAsByDictionary(dictionary)
            // Every folded name the record has gives the text the dictionary's reading gave, and no other.
            for asked in Set(expected.map(\.name) + stems + ["field1", "field69"]) {
                #expect(fields.value([asked]) == expected.first(where: { $0.name == asked })?.text, "\(names) \(texts) \(asked)")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }
}
