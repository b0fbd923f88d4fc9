import Foundation
public import LacunaCore

/// The patient portal's resend of messages, repeat-prescription and appointment requests: JSON (an
/// array, or an object holding one), NDJSON, or CSV with headers in words. The sender is whoever the
/// portal says; a parent writing about a child (an `about`/`patient` object, or "my child … (DOB …)"
/// in the body) makes the trace the child's, with the parent kept in the payload.
public struct PortalImporter: SourceImporter {
    public let kind = SourceKind.portal

    public init() {}

    static let synonyms: HeaderMap.Synonyms = [
        "id": ["Message ID", "MessageId", "Message Id", "ID", "Msg ID"],
        "sent": ["Date Sent", "Sent", "Sent At", "Date", "Sent Date", "Received", "Created", "Timestamp"],
        "name": ["Patient Name", "Name", "Sender", "Sender Name", "From"],
        "portal": ["Portal ID", "Portal Id", "Patient Portal ID", "User ID"],
        "nhi": ["NHI", "NHI Number"],
        "dob": ["Date of Birth", "DOB", "Birth Date"],
        "email": ["Email", "E-mail", "Email Address"],
        "to": ["To", "Recipient", "Provider", "Doctor"],
        "subject": ["Subject", "Title"],
        "body": ["Message", "Body", "Text", "Content"],
        "type": ["Type", "Message Type", "Category"],
    ]

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let decoded = TextDecoding.decode(bytes)
        var start = 0
        while start < decoded.utf8.count, [0x20, 0x09, 0x0D, 0x0A].contains(decoded.utf8[start]) { start += 1 }
        if start < decoded.utf8.count, decoded.utf8[start] == UInt8(ascii: "[") || decoded.utf8[start] == UInt8(ascii: "{")
            || Self.firstLineIsJSON(decoded.utf8[start...]) {
            var canonical = CanonicalJSON()
            var result = JSONRecords.read(decoded.utf8, file: file, kind: kind, isRecord: Self.isMessage) { object, locator, keys, warnings in
                message(from: object, locator: locator, file: file, settings: settings, canonical: &canonical, keys: &keys, warnings: &warnings)
            }
            result.encoding = decoded.encoding
            result.warnings.insert(contentsOf: decoded.warnings.map { "\(file): \($0)" }, at: 0)
            return result
        }
        return readCSV(file: file, bytes: bytes, settings: settings)
    }

    /// A first line that holds `":` and a brace or bracket is JSON that lost its first byte, not a CSV
    /// header (whose quoted cells are followed by commas).
    static func firstLineIsJSON(_ bytes: ArraySlice<UInt8>) -> Bool {
        let line = Array(bytes.prefix(4096).prefix { $0 != 0x0A && $0 != 0x0D })
        func has(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            return line.count >= needle.count && (0...(line.count - needle.count)).contains { Array(line[$0..<($0 + needle.count)]) == needle }
        }
        return has("\":") && (line.contains(UInt8(ascii: "{")) || line.contains(UInt8(ascii: "[")))
    }

    /// Whether a JSON object is a message (it names one of a message's fields), not an object that
    /// wraps the list of them (`{"exported": …, "messages": […]}`).
    static func isMessage(_ object: [String: Any]) -> Bool {
        let fields: Set<String> = ["messageid", "id", "sentat", "sent", "sender", "from", "body", "message", "text", "subject", "type",
                                   "nhi", "portalid", "recipient", "to", "createdat", "timestamp"]
        return object.keys.contains { fields.contains($0.lowercased().filter { $0.isLetter }) }
    }

    func readCSV(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["sent", "dob"])
        return source.read(bytes: bytes, settings: settings) { row, order, keys, warnings in
            let map = row.map, record = row.record
            var fields: PortalFields = PortalFields()
            fields.id = map.value("id", in: record)
            fields.time = map.value("sent", in: record).flatMap { DateReading.traceTime($0, order: order, clock: settings.clock) }
            fields.senderName = map.value("name", in: record)
            fields.portalID = map.value("portal", in: record)
            fields.nhi = map.value("nhi", in: record)
            fields.dob = map.value("dob", in: record).flatMap { DateReading.date($0, order: order) }
            fields.email = map.value("email", in: record)
            fields.recipient = map.value("to", in: record)
            fields.subject = map.value("subject", in: record)
            fields.body = map.value("body", in: record)
            fields.type = map.value("type", in: record)
            return fields.trace(kind: kind, file: file, locator: record.locator, settings: settings, keys: &keys, warnings: &warnings,
                                keyFields: record.fields)
        }
    }

    /// `canonical` writes the message's JSON as its content key reads it (`CanonicalJSON`), for every message of a file.
    func message(from object: [String: Any], locator: Locator, file: String, settings: ImportSettings, canonical: inout CanonicalJSON,
                 keys: inout ContentKeys, warnings: inout [String]) -> Result<Trace, RecordProblem> {
        var f = PortalFields()
        let o = JSONRecords.Lookup(object)
        f.id = o.string("message_id", "messageId", "id", "_id")
        f.time = o.string("sent_at", "sentAt", "sent", "date", "created_at", "createdAt", "timestamp")
            .flatMap { DateReading.traceTime($0, order: .ymd, clock: settings.clock) }
        let sender = o.object("sender", "from", "patient_sender") ?? o
        f.senderName = sender.string("name", "full_name", "sender_name") ?? o.string("sender_name", "patient_name")
        f.portalID = sender.string("portal_id", "portalId", "user_id") ?? o.string("portal_id")
        f.nhi = sender.string("nhi", "nhi_number") ?? o.string("nhi")
        f.dob = (sender.string("dob", "date_of_birth", "birth_date") ?? o.string("dob")).flatMap { LocalDate(iso: String($0.prefix(10))) ?? DateReading.date($0, order: .dmy) }
        f.email = sender.string("email") ?? o.string("email")
        if let about = o.object("about", "patient", "regarding", "subject_patient") {
            f.aboutName = about.string("name", "full_name")
            f.aboutNHI = about.string("nhi")
            f.aboutDOB = about.string("dob", "date_of_birth").flatMap { LocalDate(iso: String($0.prefix(10))) ?? DateReading.date($0, order: .dmy) }
        }
        // The people the account may act for (a parent's children), where the portal lists them.
        let listed = { (l: JSONRecords.Lookup) in l.objects("dependants", "dependents", "proxy_for", "proxies", "delegates", "family_members", "managed_patients") }
        let fromSender = o.object("sender", "from", "patient_sender").map(listed) ?? []
        f.dependants = (fromSender.isEmpty ? listed(o) : fromSender)
            .compactMap { d in
                let name = d.string("name", "full_name", "display_name")
                let nhi = d.string("nhi", "nhi_number")
                guard name != nil || nhi != nil else { return nil }
                return PortalFields.Dependant(name: name, nhi: nhi,
                                              dob: d.string("dob", "date_of_birth", "birth_date").flatMap { LocalDate(iso: String($0.prefix(10))) ?? DateReading.date($0, order: .dmy) })
            }
        f.recipient = o.string("recipient", "to", "provider")
        f.subject = o.string("subject", "title")
        f.body = o.string("body", "message", "text", "content")
        f.type = o.string("type", "message_type", "category")
        // The message as Foundation writes it with its keys sorted: by `CanonicalJSON` where it can, the same text.
        let text = canonical.text(object)
            ?? (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return f.trace(kind: kind, file: file, locator: locator, settings: settings, keys: &keys, warnings: &warnings, keyFields: [text])
    }
}

/// One portal message's fields, whichever format carried them.
struct PortalFields {
    var id: String?
    var time: TraceTime?
    var senderName: String?
    var portalID: String?
    var nhi: String?
    var dob: LocalDate?
    var email: String?
    var aboutName: String?
    var aboutNHI: String?
    var aboutDOB: LocalDate?
    /// Someone the sender's account may act for, as the portal lists them.
    struct Dependant { var name: String?; var nhi: String?; var dob: LocalDate? }
    var dependants: [Dependant] = []
    var recipient: String?
    var subject: String?
    var body: String?
    var type: String?

    /// `message`, `repeat-prescription` or `appointment-request`, whatever the capitals and spaces.
    static func normalisedType(_ text: String?) -> String {
        let t = (text ?? "").lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }.map(String.init).joined()
        if t.contains("prescription") || t.contains("script") || t.contains("repeat") { return "repeat-prescription" }
        if t.contains("appointment") || t.contains("booking") { return "appointment-request" }
        return "message"
    }

    /// A parent writing about a child from their own account, in their own words: "Writing about my
    /// child Aroha Tipene (DOB 04/05/2015)", "can my son Jonathan be seen today", "Sam (8) has a rash":
    /// what the body says of the subject, and a date of birth where one is given.
    static func childInBody(_ body: String) -> (mention: ProxyMention, dob: LocalDate?)? {
        guard let mention = ProxyReading.read(body), mention.relation != "parent", mention.name != nil || mention.relation != nil else { return nil }
        var dob: LocalDate?
        if let open = body.range(of: "(DOB", options: .caseInsensitive) {
            let inside = body[open.upperBound...].prefix { $0 != ")" }.trimmingCharacters(in: CharacterSet(charactersIn: " :"))
            dob = DateReading.date(inside, order: .dmy)
        }
        return (mention, dob)
    }

    /// The dependant a message's mention means: the one whose given name (or its short form) is the
    /// name said, or the only dependant where no name is said.
    static func dependant(named said: String?, among dependants: [Dependant]) -> Dependant? {
        guard let said, let word = NameFolding.words(said).first else { return dependants.count == 1 ? dependants[0] : nil }
        let fitting = dependants.filter { d in
            guard let given = NameFolding.words(d.name ?? "").first else { return false }
            return Nicknames.compatible(given, word) || given.hasPrefix(word) || word.hasPrefix(given)
        }
        return fitting.count == 1 ? fitting[0] : nil
    }

    func trace(kind: SourceKind, file: String, locator: Locator, settings: ImportSettings, keys: inout ContentKeys,
               warnings: inout [String], keyFields: [String]) -> Result<Trace, RecordProblem> {
        var identity = Identity()
        var payload: [String: String] = [:]
        let inBody = aboutName == nil && aboutNHI == nil ? body.flatMap(Self.childInBody) : nil
        // The account's dependant the body speaks of: by name, or the only one there is.
        let dependant = inBody.flatMap { found in Self.dependant(named: found.mention.name, among: dependants) }
        if aboutName != nil || aboutNHI != nil || inBody != nil {
            let said = (aboutName ?? dependant?.name ?? inBody?.mention.name).map(IdentityReading.splitSaidName)
            identity.givenName = said?.given
            identity.familyName = said?.family
            identity.dob = aboutDOB ?? inBody?.dob ?? dependant?.dob
            IdentityReading.applyNHI(aboutNHI ?? dependant?.nhi, to: &identity, warnings: &warnings)
            Proxy(speakerName: present(senderName), speakerEmail: present(email), speakerPortalID: present(portalID), speakerDOB: dob,
                  relation: inBody?.mention.relation ?? "child", age: inBody?.mention.age, sex: inBody?.mention.sex).write(into: &payload)
            payload["_sender_name"] = senderName ?? ""
            payload["_sender_portal_id"] = portalID ?? ""
            payload["_sender_email"] = email ?? ""
        } else {
            let split = IdentityReading.splitName(senderName)
            identity.givenName = split.given
            identity.familyName = split.family
            IdentityReading.applyNHI(nhi, to: &identity, warnings: &warnings)
            identity.dob = dob
            identity.email = present(email)
            identity.portalID = present(portalID)
        }
        // "My son has a cough" from a parent's account names nobody, but the account is known: the child
        // is found in its household.
        let speakerKnown = inBody != nil && (present(senderName) != nil || present(portalID) != nil || present(email) != nil)
        guard !identity.isEmpty || speakerKnown else { return .failure(RecordProblem(reason: "portal message names no sender (no name, NHI, portal id or email)")) }
        guard let time else { return .failure(RecordProblem(reason: "portal message has no readable sent time")) }
        let type = Self.normalisedType(type)
        payload["_message_id"] = id ?? ""
        payload["_type"] = type
        payload["_summary"] = subject ?? type
        payload["_received"] = time.payloadText
        if let body { payload["_body"] = String(body.prefix(500)) }
        let provider = recipient.map { ProviderNames.code(for: $0, clinicians: settings.clinicians) }
        let key = keys.key(recordType: type, fields: [id ?? ""] + (id == nil ? keyFields : []))
        return .success(Trace(kind: kind, recordType: type, file: file, locator: locator, time: time, identity: identity,
                              provider: provider, payload: payload, contentKey: key))
    }
}
