import Foundation
import LacunaCore
import Remnants
import Store

/// What a real practice's IT would have after the loss: the practice system's own SQLite database
/// (patients, bookings, consultation notes, the inbox of results and letters), damaged in its last days
/// (most of the newest pages overwritten, the bookings' root page zeroed, the tail cut off — which of
/// them, per seed), and a search index that mirrored the bookings with its own lag (it
/// stopped with the server; a visit's later status may be missing) and gaps; its documents are
/// `SearchIndexWriter`'s. The truth says which rows
/// existed. It holds the lost days' same-day bookings and walk-ins, which the restored appointment book
/// does not.
enum RemnantWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        struct Booking { let date: LocalDate; let time: LocalTime; let person: Int; let provider: Int; let status: String; let reason: String; let inWindow: Bool }
        var bookings: [Booking] = []
        // Booked ahead, and (in the lost days) the same-day bookings and walk-ins reception entered on the
        // day: the restored book lacks those, the damaged database held them.
        for e in world.encounters where e.inBook || e.inWindow {
            bookings.append(Booking(date: e.date, time: e.time, person: e.person, provider: e.provider,
                                    status: e.inWindow ? (r.chance(0.8) ? "Completed" : "Arrived") : "Completed", reason: e.reason, inWindow: e.inWindow))
        }
        for n in world.noShows + world.futureBookings {
            bookings.append(Booking(date: n.date, time: n.time, person: n.person, provider: n.provider, status: n.status, reason: n.reason,
                                    inWindow: world.window.contains(n.date)))
        }
        bookings.sort { ($0.date, $0.time, $0.provider, $0.person) < ($1.date, $1.time, $1.provider, $1.person) }
        // Bookings made after the loss (the days after the window) were never in the damaged system.
        bookings.removeAll { $0.date > world.window.to }

        // Consultation notes (one per visit, written at it) and the inbox (results and letters as they
        // arrived), from the history the restored system holds to the end of the window.
        let notes = world.encounters.filter { $0.date >= world.historyStart && $0.date <= world.window.to }
        struct Received { let date: LocalDate; let time: LocalTime; let person: Int; let provider: Int?; let kind: String; let title: String
                          let filler: String; let testCode: String; let value: String; let flag: String; let documentID: String; let messageID: String }
        var inbox: [Received] = []
        for result in world.results where result.reportedDate >= world.historyStart && result.reportedDate <= world.window.to {
            let test = NamePools.tests[result.test]
            inbox.append(Received(date: result.reportedDate, time: result.reportedTime, person: result.person, provider: result.provider, kind: "result",
                                  title: test.name, filler: result.filler, testCode: test.code, value: "\(result.value) \(test.unit)", flag: result.flag,
                                  documentID: "", messageID: result.messageID))
        }
        for letter in world.letters where letter.receivedDate >= world.historyStart && letter.receivedDate <= world.window.to {
            inbox.append(Received(date: letter.receivedDate, time: letter.receivedTime, person: letter.person, provider: letter.recipient, kind: "letter",
                                  title: "\(letter.title) (\(letter.specialty), \(letter.hospital))", filler: "", testCode: "", value: "", flag: "",
                                  documentID: letter.documentID, messageID: letter.messageID))
        }
        inbox.sort { ($0.date, $0.time, $0.messageID) < ($1.date, $1.time, $1.messageID) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lacuna-drill-pms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return }
        let path = folder.appendingPathComponent("pms.sqlite").path
        var truth = Formats.csvLine(["table", "id", "nhi", "date", "status", "in_window"], end: "\n")
        do {
            let db = try Database(path: path)
            try db.execute("""
                PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; PRAGMA secure_delete = OFF; VACUUM;
                CREATE TABLE patients (id INTEGER PRIMARY KEY, chart_no TEXT, nhi TEXT, family_name TEXT, given_name TEXT, dob TEXT, mobile TEXT, updated_at TEXT);
                CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), start TEXT, provider TEXT,
                                           status TEXT, reason TEXT, updated_at TEXT);
                CREATE TABLE consultations (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), consulted_at TEXT, provider TEXT,
                                            reason TEXT, note_text TEXT, updated_at TEXT);
                CREATE TABLE inbox (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id), received_at TEXT, kind TEXT, title TEXT,
                                    lab_number TEXT, test_code TEXT, result_value TEXT, abnormal_flag TEXT, document_id TEXT, message_id TEXT,
                                    recipient TEXT, updated_at TEXT);
                """)
            try db.transaction {
                for (n, p) in world.people.enumerated() {
                    try db.run("INSERT INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               [.integer(Int64(n + 1)), .text(p.patientID), .text(p.nhi), .text(p.family), .text(p.given), .text(p.dob.description),
                                p.mobile.map { .text($0) } ?? .null, .text("2025-01-0\(1 + n % 9)T09:00:00Z")])
                }
                // Rows written as the practice wrote them, in time order, so the newest pages hold the
                // lost days of every table.
                enum Row { case booking(Int), note(Int), received(Int) }
                var rows: [(LocalDate, LocalTime, Row)] = bookings.indices.map { (bookings[$0].date, bookings[$0].time, .booking($0)) }
                rows += notes.indices.map { (notes[$0].date, notes[$0].time, .note($0)) }
                rows += inbox.indices.map { (inbox[$0].date, inbox[$0].time, .received($0)) }
                rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
                for (_, _, row) in rows {
                    switch row {
                    case .booking(let n):
                        let b = bookings[n]
                        let start = Formats.iso(b.date, b.time, clock: world.clock)
                        let updated = Formats.iso(b.date, LocalTime(hour: min(23, b.time.hour + 1), minute: b.time.minute)!, clock: world.clock)
                        try db.run("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   [.integer(Int64(n + 1)), .integer(Int64(b.person + 1)), .text(start), .text(world.providers[b.provider].code),
                                    .text(b.status), .text(b.reason), .text(updated)])
                        truth += Formats.csvLine(["appointments", String(n + 1), world.people[b.person].nhi, b.date.description, b.status,
                                                  b.inWindow ? "yes" : "no"], end: "\n")
                    case .note(let n):
                        let e = notes[n]
                        let at = Formats.iso(e.date, e.time, clock: world.clock)
                        try db.run("INSERT INTO consultations VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   [.integer(Int64(n + 1)), .integer(Int64(e.person + 1)), .text(at), .text(world.providers[e.provider].code),
                                    .text(e.reason), .text("S: \(e.reason). O: examined. P: as discussed (\(e.mode))."), .text(at)])
                        truth += Formats.csvLine(["consultations", String(n + 1), world.people[e.person].nhi, e.date.description, e.mode,
                                                  e.inWindow ? "yes" : "no"], end: "\n")
                    case .received(let n):
                        let item = inbox[n]
                        let at = Formats.iso(item.date, item.time, clock: world.clock)
                        try db.run("INSERT INTO inbox VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   [.integer(Int64(n + 1)), .integer(Int64(item.person + 1)), .text(at), .text(item.kind), .text(item.title),
                                    .text(item.filler), .text(item.testCode), .text(item.value), .text(item.flag), .text(item.documentID),
                                    .text(item.messageID), item.provider.map { .text(world.providers[$0].code) } ?? .null, .text(at)])
                        truth += Formats.csvLine(["inbox", String(n + 1), world.people[item.person].nhi, item.date.description, item.kind,
                                                  world.window.contains(item.date) ? "yes" : "no"], end: "\n")
                    }
                }
            }
        } catch {
            return
        }
        guard var bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map([UInt8].init) else { return }
        let root = (try? SQLiteRemnantReader.read(path: path))?.tables.first { $0.name == "appointments" }?.rootPage
        let windowShare = Double(bookings.filter(\.inWindow).count) / Double(max(1, bookings.count))
        damage(&bytes, appointmentsRoot: root, windowShare: windowShare, random: &r)
        output.add("sources/pms-damaged.sqlite", bytes)
        output.add("truth/remnants.csv", utf8: truth)

        // The index: bookings as last indexed (`SearchIndexWriter` writes its documents), with the last hours of the window not yet in it.
        var lines: [String] = []
        let q = PortalWriter.quoted
        // The indexer stopped with the server: nothing after its last run, somewhere in the first day or two.
        let stopped = world.window.from.adding(days: r.int(0...1))
        let stoppedHour = r.int(9...17)
        func indexed(_ date: LocalDate, _ time: LocalTime) -> Bool { date < stopped || (date == stopped && time.hour < stoppedHour) }
        for (n, b) in bookings.enumerated() where !r.chance(0.03) {
            let p = world.people[b.person]
            guard indexed(b.date, b.time) else { continue }
            // Indexed when booked: a window visit's arrival may not have reached it.
            let status = b.inWindow && r.chance(0.4) ? "Booked" : b.status
            lines.append("{\"_index\":\"pms-appointments\",\"_type\":\"_doc\",\"_id\":\"appt-\(n + 1)\",\"_version\":\(status == b.status ? 2 : 1),\"_source\":{"
                         + "\"patient_chart\":\(q(p.patientID)),\"patient_nhi\":\(q(p.nhi)),\"patient_name\":\(q(p.given + " " + p.family)),"
                         + "\"start\":\(q(Formats.iso(b.date, b.time, clock: world.clock))),\"provider\":\(q(world.providers[b.provider].code)),"
                         + "\"status\":\(q(status)),\"reason\":\(q(b.reason))}}")
        }
        output.add("sources/index/appointments.ndjson", utf8: lines.joined(separator: "\n") + "\n")
    }

    /// The last days damaged, as disks and crashes do it: one or two of a page of the newest rows
    /// overwritten, the bookings' root zeroed, the tail cut off.
    static func damage(_ bytes: inout [UInt8], appointmentsRoot: Int?, windowShare: Double, random r: inout DrillRandom) {
        let pageSize = 4096
        let pages = bytes.count / pageSize
        guard pages > 8 else { return }
        // The lost days' pages, the newest: most of them overwritten when the server failed.
        let newest = min(pages - 2, Int((Double(pages) * windowShare * 1.3).rounded(.up)))
        for page in (pages - newest)..<pages where r.chance(0.7) {
            for k in 0..<pageSize { bytes[page * pageSize + k] = UInt8(truncatingIfNeeded: r.int(0...255)) }
        }
        let kinds = [0, 1, 2].filter { _ in r.chance(0.6) }
        for kind in kinds.isEmpty ? [0] : kinds {
            switch kind {
            case 0:
                // A page among the newest overwritten with what the crash left there.
                let page = r.int((pages * 9 / 10)...(pages - 2))
                for k in 0..<pageSize { bytes[page * pageSize + k] = UInt8(truncatingIfNeeded: r.int(0...255)) }
            case 1:
                // The appointments table's root page zeroed (the root is where SQLite wrote last).
                if let root = appointmentsRoot, root > 1, root <= pages {
                    for k in 0..<pageSize { bytes[(root - 1) * pageSize + k] = 0 }
                }
            default:
                // The file cut a few pages short.
                bytes.removeLast(min(bytes.count - pageSize * 2, pageSize * r.int(1...3) + r.int(0...100)))
            }
        }
    }
}
