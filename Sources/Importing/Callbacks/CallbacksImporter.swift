public import LacunaCore

/// Reception's list of patients who answered the broadcast text: who rang, and which day they say they
/// were seen, in their own words (`_day_seen`), which inference reads against the window.
public struct CallbacksImporter: SourceImporter {
    public let kind = SourceKind.callbacks

    public init() {}

    static let synonyms: HeaderMap.Synonyms = [
        "received": ["Received", "Date Received", "Called", "Call Time", "Date", "When", "Received At", "Timestamp", "Time Received", "Reply Date"],
        "name": ["Name", "Patient", "Patient Name", "Caller", "Name Given", "Who Rang", "Caller Name"],
        // An SMS provider's replies export names the number the reply came from.
        "phone": ["Phone", "Mobile", "Number", "Phone Number", "Contact", "From", "Sender", "Source Number", "Mobile Number", "MSISDN", "Originator"],
        "reply": ["Message", "Reply", "Body", "Text", "Message Text", "Content", "Reply Text", "Inbound Message"],
        "dob": ["DOB", "Date of Birth"],
        "nhi": ["NHI"],
        "day": ["Day Seen", "Seen", "Day", "Date Seen", "When Seen"],
        "notes": ["Notes", "Note", "Comments", "Reason"],
        "provider": ["GP", "Doctor", "Seen By", "Provider"],
    ]

    /// A parent ringing for a child ("Sarah Smith for Sam", notes "re Sam (8)", "son Nick was seen"):
    /// the trace becomes the child's (the name said, the phone and date of birth given), the caller
    /// kept as the speaker.
    static func readProxy(name: String?, notes: String?, identity: inout Identity, payload: inout Payload) {
        let fromName = name.flatMap { ProxyReading.read($0, nameColumn: true) }
        guard let mention = fromName ?? notes.flatMap({ ProxyReading.read($0) }), mention.name != nil || mention.relation != nil else { return }
        let speaker = fromName?.speakerName ?? name
        let speakerWords = NameFolding.words(speaker ?? "")
        if let said = mention.name, let first = NameFolding.words(said).first, speakerWords.first == first, mention.relation == nil {
            return  // the caller's own name again
        }
        Proxy(speakerName: speaker, speakerPhone: identity.mobile ?? identity.phone, relation: mention.relation, age: mention.age,
              sex: mention.sex).write(into: &payload)
        let said = mention.name.map(IdentityReading.splitSaidName)
        identity.givenName = said?.given
        identity.familyName = said?.family
        identity.givenInitial = nil
        identity.familyInitial = nil
    }

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["received", "dob"])
        return source.read(bytes: bytes, settings: settings) { row, order, keys, warnings in
            let map = row.map, record = row.record
            var identity = Identity()
            let split = IdentityReading.splitName(map.value("name", in: record))
            identity.givenName = split.given
            identity.familyName = split.family
            IdentityReading.applyPhone(map.value("phone", in: record), to: &identity, preferMobileSlot: true)
            IdentityReading.applyNHI(map.value("nhi", in: record), to: &identity, warnings: &warnings)
            if let dob = map.value("dob", in: record) { identity.dob = DateReading.date(dob, order: order) }
            guard !identity.isEmpty else { return .failure(RecordProblem(reason: "caller gave no name, phone, NHI or date of birth")) }
            var traceTime: TraceTime?
            if let text = map.value("received", in: record), let parsed = DateReading.dateTime(text, order: order) {
                traceTime = parsed.time.map { TraceTime(date: parsed.date, time: $0, clock: settings.clock) } ?? TraceTime(date: parsed.date)
            }
            var payload = map.payload(of: record)
            if let day = map.value("day", in: record) { payload["_day_seen"] = day }
            if let notes = map.value("notes", in: record) { payload["_notes"] = notes }
            // A reply to the broadcast text is the patient's own words: the day they say, and whether they deny a visit.
            if let reply = map.value("reply", in: record) {
                if payload["_day_seen"] == nil { payload["_day_seen"] = reply }
                payload["_notes"] = [payload["_notes"], reply].compactMap { $0 }.joined(separator: " / ")
            }
            Self.readProxy(name: map.value("name", in: record), notes: map.value("notes", in: record), identity: &identity, payload: &payload)
            payload["_date_order"] = order.rawValue
            return .success(Trace(kind: kind, recordType: "callback", file: file, locator: record.locator, time: traceTime,
                                  identity: identity, provider: map.value("provider", in: record), payload: payload,
                                  contentKey: keys.key(recordType: "callback", fields: record.fields)))
        }
    }
}
