import Foundation
import Importing
import LacunaCore
import Remnants

/// What a damaged practice database or a search-index copy holds, as the case's traces: each booking
/// (live row, orphaned page, carved from free space, or indexed document) becomes an appointment-book
/// trace of its patient, with its status (an Arrived or Completed booking shows attendance), and where
/// it came from (the file, the page or line, which copy). Which table or index holds bookings and
/// patients comes from `remnants-map.yml` beside the playbook, else from a proposal, said as such.
/// The same booking in the database and the index is two traces of one visit; `lacuna remnants merge`
/// is the tool for one record per key.
enum RemnantTraces {
    /// Reads one remnant file as traces.
    static func read(kind: SourceKind, path: String, name: String, map: TableMap?, settings: ImportSettings) -> FileImport {
        var result = FileImport()
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
            if map == nil { result.warnings.append("\(name): no remnants-map.yml beside the playbook: read with a proposed map (`lacuna remnants map` shows it; check it and save it there)") }
            let origins = Dictionary(grouping: reading.rows, by: \.origin).mapValues(\.count)
            result.reading.append("\(name): SQLite read page by page, \(reading.pageSize)-byte pages, \(reading.pages) pages; \(origins[.live] ?? 0) live rows, \(origins[.orphan] ?? 0) on orphaned pages, \(origins[.free] ?? 0) carved from free space")
            result.reading += reading.notes.map { "\(name): \($0)" }
            result.traces = bookings(from: reading, map: tableMap, name: name, settings: settings, rejects: &result.rejects)
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
            if map == nil && !documents.isEmpty {
                result.warnings.append("\(name): no remnants-map.yml beside the playbook: read with a proposed map (`lacuna remnants map` shows it; check it and save it there)")
            }
            var unused = 0
            for document in documents {
                guard let table = tableMap.tables.first(where: { $0.index != nil && ($0.index == "*" || $0.index == (document.index ?? "")) }),
                      table.holds == "appointments" else { unused += 1; continue }
                guard document.action != .delete, let source = document.source else { unused += 1; continue }
                var fields: [String: String] = [:]
                for member in source.members ?? [] { fields[member.key] = member.value.text ?? "" }
                let place = Locator(line: document.line, byteOffset: document.offset)
                if let trace = booking(fields, identity: identity(fields), copy: "index", key: document.id ?? "", locator: place, kind: kind,
                                       name: name, settings: settings) {
                    result.traces.append(trace)
                } else {
                    result.rejects.append(Reject(kind: kind, file: name, locator: place, reason: "an indexed booking with no readable start"))
                }
            }
            if unused > 0 { result.reading.append("\(name): \(unused) documents are not bookings (letters, results, deletions): kept in the file, not used as visits") }
        default:
            break
        }
        return result
    }

    /// The bookings of a database reading, each with its patient from the patients table.
    static func bookings(from reading: SQLiteRemnantReader.Reading, map: TableMap, name: String, settings: ImportSettings,
                         rejects: inout [Reject]) -> [Trace] {
        let columns = Dictionary(reading.tables.map { ($0.name, $0.columns) }, uniquingKeysWith: { a, _ in a })
        func fields(_ row: SQLiteRemnantReader.Row) -> [String: String]? {
            guard let table = row.table, let names = columns[table], names.count == row.values.count else { return nil }
            return Dictionary(zip(names, row.values.map { $0.isNull ? "" : $0.description }), uniquingKeysWith: { a, _ in a })
        }
        // Patients by their key (live copies first: a carved copy may be stale).
        var patients: [String: Identity] = [:]
        if let table = map.tables.first(where: { $0.holds == "patients" }), let source = table.database {
            let rank: [SQLiteRemnantReader.Origin: Int] = [.live: 0, .orphan: 1, .free: 2]
            for row in reading.rows.sorted(by: { rank[$0.origin]! < rank[$1.origin]! }) where row.table == source {
                guard let f = fields(row), let key = f[table.key], !key.isEmpty, patients[key] == nil else { continue }
                patients[key] = identity(f)
            }
        }
        var traces: [Trace] = []
        for table in map.tables where table.holds == "appointments" {
            guard let source = table.database else { continue }
            for row in reading.rows where row.table == source {
                guard let f = fields(row) else { continue }
                var who = table.patient.flatMap { f[$0] }.flatMap { patients[$0] } ?? identity(f)
                if who.isEmpty, let patient = table.patient.flatMap({ f[$0] }), !patient.isEmpty { who.localPatientID = patient }
                let copy = row.origin == .live ? "database" : row.origin == .orphan ? "database, orphaned page" : "database, carved from free space"
                let place = Locator(byteOffset: (row.page - 1) * reading.pageSize)
                if let trace = booking(f, identity: who, copy: copy, key: f[table.key] ?? "", locator: place, kind: .dbRemnant, name: name, settings: settings) {
                    traces.append(trace)
                } else {
                    rejects.append(Reject(kind: .dbRemnant, file: name, locator: place, reason: "a booking row (page \(row.page)) with no readable start"))
                }
            }
        }
        return traces
    }

    /// A name folded for comparing column names: `Patient_NHI` → `patientnhi`.
    static func fold(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// The patient a row or document names, by what its field names say.
    static func identity(_ fields: [String: String]) -> Identity {
        var identity = Identity()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            let n = fold(name)
            if n.hasSuffix("nhi") || n == "nhinumber" { identity.nhi = NHI.looksLikeNHI(value) ? value.uppercased() : identity.nhi }
            else if n.contains("chart") || n == "patientno" || n == "patientnumber" { identity.localPatientID = value }
            else if n.contains("family") || n.contains("surname") || n.contains("lastname") { identity.familyName = value }
            else if n.contains("given") || n.contains("firstname") || n.contains("forename") { identity.givenName = value }
            else if n == "dob" || n.contains("dateofbirth") || n.contains("birthdate") { identity.dob = LocalDate(iso: String(value.prefix(10))) }
            else if n.contains("mobile") || n == "cell" || n.hasSuffix("phone") { identity.mobile = PhoneNumber(value).map(\.e164) }
            else if n == "name" || n == "patientname" || n == "fullname" {
                if identity.familyName == nil {
                    let split = IdentityReading.splitName(value)
                    identity.givenName = identity.givenName ?? split.given
                    identity.familyName = split.family
                }
            }
        }
        return identity
    }

    /// A booking trace from a row's or document's fields: its start, clinician, status and reason.
    static func booking(_ fields: [String: String], identity: Identity, copy: String, key: String, locator: Locator, kind: SourceKind,
                        name: String, settings: ImportSettings) -> Trace? {
        // By the first name in each list that a field has (a fixed order, so every run reads the same field).
        var byFolded: [String: String] = [:]
        for field in fields.keys.sorted() where !(fields[field] ?? "").isEmpty { byFolded[fold(field)] = byFolded[fold(field)] ?? fields[field] }
        func value(_ names: [String]) -> String? { names.lazy.compactMap { byFolded[$0] }.first }
        guard let start = value(["start", "startat", "starttime", "appointmentstart", "startdatetime", "datetime", "when", "slot", "date"]),
              let time = DateReading.traceTime(start, order: .ymd, clock: settings.clock) else { return nil }
        let status = value(["status", "appointmentstatus", "state", "attendance"])
        var payload: [String: String] = ["_status": AppointmentsImporter.normaliseStatus(status), "_copy": copy, "_remnant_key": key]
        if let reason = value(["reason", "notes", "comment", "presentingcomplaint"]) { payload["_reason"] = reason }
        if let type = value(["type", "appointmenttype", "appttype"]) { payload["_type"] = type }
        let provider = value(["provider", "practitioner", "clinician", "doctor", "staff", "providercode"])
            .map { settings.clinicians.code(named: $0) ?? $0 }
        let contentKey = "\(kind.rawValue)|booking|" + SHA256.hex([copy, key, start, status ?? ""].joined(separator: "\u{1F}")).prefix(32)
        return Trace(kind: .appointments, recordType: "booking", file: name, locator: locator, time: time, identity: identity,
                     provider: provider, payload: payload, contentKey: contentKey)
    }
}
