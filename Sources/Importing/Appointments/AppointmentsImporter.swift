public import LacunaCore

/// The appointment book: one trace per booking. A booking is evidence, not proof: patients do not turn
/// up and late cancellations still show as booked, so the status travels with the trace as `_status`.
public struct AppointmentsImporter: SourceImporter {
    public let kind = SourceKind.appointments

    public init() {}

    static let synonyms: HeaderMap.Synonyms = [
        "date": ["Date", "Appt Date", "Appointment Date", "Start Date"],
        "time": ["Time", "Start Time", "Appt Time", "Start"],
        "datetime": ["Start Date Time", "Appointment Start", "Date Time", "DateTime"],
        "provider": ["Provider", "Practitioner", "Clinician", "Doctor", "GP", "Staff"],
        "id": ["Patient ID", "Chart No", "Patient No", "PatientID"],
        "nhi": ["NHI", "NHI Number"],
        "name": ["Patient", "Patient Name", "Name"],
        "family": ["Surname", "Family Name", "Last Name"],
        "given": ["First Name", "Given Name", "Given Names"],
        "dob": ["DOB", "Date of Birth", "Birth Date"],
        "duration": ["Duration", "Length", "Minutes", "Duration (mins)"],
        "type": ["Type", "Appointment Type", "Appt Type"],
        "reason": ["Reason", "Notes", "Comment"],
        "status": ["Status", "Appointment Status", "Appt Status"],
        "booked": ["Booked On", "Created", "Date Booked", "Booked", "Created On"],
        "mobile": ["Mobile", "Cell", "Phone"],
    ]

    /// Maps the status words practice systems use onto a small vocabulary.
    public static func normaliseStatus(_ text: String?) -> String {
        guard let t = present(text)?.lowercased() else { return "unknown" }
        return commonStatuses[t] ?? status(ofLowercased: t)
    }

    /// The statuses books write most, each as `status(ofLowercased:)` reads it: looked up rather than
    /// searched for a score of words (every booking of every book has one).
    private static let commonStatuses: [String: String] = Dictionary(uniqueKeysWithValues: [
        "completed", "complete", "arrived", "dna", "did not attend", "booked", "cancelled", "canceled", "confirmed", "seen",
        "no show", "in progress", "waiting", "scheduled", "pending", "finished", "departed", "with doctor",
    ].map { ($0, status(ofLowercased: $0)) })

    /// A status, lowercased, by the words it holds (`holds`: by bytes where the status is ASCII, nearly all).
    static func status(ofLowercased t: String) -> String {
        let contains = t.holds
        if contains("dna") || contains("did not") || contains("no show") || contains("noshow") || t == "fta" { return "dna" }
        if contains("cancel") { return "cancelled" }
        if contains("complete") || contains("seen") || contains("finished") || contains("departed") { return "completed" }
        if contains("arriv") || contains("in progress") || contains("waiting") || contains("with doctor") { return "arrived" }
        if contains("confirm") { return "confirmed" }
        if contains("book") || contains("scheduled") || contains("pending") { return "booked" }
        return "unknown"
    }

    /// Where each meaning the importer reads stands in a file, found once a file (`CSVSource`).
    private struct Columns {
        let date, datetime, time, provider, id, nhi, name, family, given, dob, mobile, duration, type, reason, status, booked: HeaderMap.Column

        init(_ map: HeaderMap) {
            date = map.column("date")
            datetime = map.column("datetime")
            time = map.column("time")
            provider = map.column("provider")
            id = map.column("id")
            nhi = map.column("nhi")
            name = map.column("name")
            family = map.column("family")
            given = map.column("given")
            dob = map.column("dob")
            mobile = map.column("mobile")
            duration = map.column("duration")
            type = map.column("type")
            reason = map.column("reason")
            status = map.column("status")
            booked = map.column("booked")
        }
    }

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["date", "datetime", "dob", "booked"])
        return source.read(bytes: bytes, settings: settings, columns: Columns.init) { row, order, keys, warnings in
            let map = row.map, record = row.record, columns = row.columns
            var date: LocalDate?
            var time: LocalTime?
            if let text = columns.date.value(in: record) {
                let parsed = DateReading.dateTime(text, order: order)
                date = parsed?.date
                time = parsed?.time
            } else if let text = columns.datetime.value(in: record) {
                let parsed = DateReading.dateTime(text, order: order)
                date = parsed?.date
                time = parsed?.time
            }
            if let text = columns.time.value(in: record) { time = DateReading.time(text) ?? time }
            guard let date else { return .failure(RecordProblem(reason: "appointment date missing or not a date")) }
            var identity = Identity()
            IdentityReading.applyNHI(columns.nhi.value(in: record), to: &identity, warnings: &warnings)
            identity.localPatientID = columns.id.value(in: record)
            identity.familyName = columns.family.value(in: record)
            identity.givenName = columns.given.value(in: record)
            if identity.familyName == nil {
                let split = IdentityReading.splitName(columns.name.value(in: record))
                identity.givenName = split.given
                identity.familyName = split.family
            }
            if let dob = columns.dob.value(in: record) { identity.dob = DateReading.date(dob, order: order) }
            IdentityReading.applyPhone(columns.mobile.value(in: record), to: &identity, preferMobileSlot: false)
            // A placeholder for someone not in the system yet: who it is, and the number, are in the notes.
            let separate = columns.name.value(in: record) == nil
            let nameCell = separate ? columns.family.value(in: record) ?? columns.given.value(in: record) ?? "" : columns.name.value(in: record) ?? ""
            var placeholder = false
            if identity.nhi == nil, identity.localPatientID.map({ BookingPlaceholder.placeholder($0) != nil || $0.allSatisfy { $0 == "0" } }) ?? true,
               let marker = BookingPlaceholder.placeholder(nameCell) {
                placeholder = true
                let said = BookingPlaceholder.person(in: columns.reason.value(in: record) ?? "")
                var split = IdentityReading.splitName(marker.rest.isEmpty ? said.name : marker.rest)
                if separate && !marker.rest.isEmpty {
                    // "*NEW* Ngata" beside "Aroha": the family cell's rest is the family name.
                    let given = columns.given.value(in: record)
                    split = (given.flatMap { BookingPlaceholder.placeholder($0) == nil ? $0 : nil }, marker.rest)
                }
                identity.localPatientID = nil
                identity.givenName = split.given
                identity.familyName = split.family
                if identity.mobile == nil && identity.phone == nil, let phone = said.phone {
                    if phone.isMobile { identity.mobile = phone.e164 } else { identity.phone = phone.e164 }
                }
                guard !identity.isEmpty else {
                    return .failure(RecordProblem(reason: "a booking for a new patient (a placeholder) that says neither who nor a number"))
                }
            }
            guard !identity.isEmpty else { return .failure(RecordProblem(reason: "booking names no patient")) }
            var added: [(key: String, value: String)] = []
            if placeholder { added.append(("_placeholder", "new patient")) }
            added.append(("_status", Self.normaliseStatus(columns.status.value(in: record))))
            if let v = columns.duration.value(in: record) { added.append(("_duration", v)) }
            if let v = columns.type.value(in: record) { added.append(("_type", v)) }
            if let v = columns.reason.value(in: record) { added.append(("_reason", v)) }
            if let booked = columns.booked.value(in: record), let parsed = DateReading.date(booked, order: order) {
                added.append(("_booked_on", parsed.description))
            }
            let payload = map.payload(of: record, adding: added)
            let traceTime = time.map { TraceTime(date: date, time: $0, clock: settings.clock) } ?? TraceTime(date: date)
            return .success(Trace(kind: kind, recordType: "booking", file: file, locator: record.locator, time: traceTime,
                                  identity: identity, provider: columns.provider.value(in: record), payload: payload,
                                  contentKey: keys.key(recordType: "booking", fields: record.fields)))
        }
    }
}
