import Foundation
import Importing
import LacunaCore

/// What one record of a damaged database or an index copy is to the case, by what its table holds:
/// - a booking (`appointments`): an appointment-book trace, its status, clinician, reason and type;
/// - a consultation note (`notes`): a trace of the visit it records, on the day it was written;
/// - a result, document or message received (`results`, `documents`, `messages`): an inbox item,
///   keyed as the senders' resends key it (a result by its filler order number and test code, a
///   letter by its document id, a message by its id) so that a copy and a resend are one item, else by
///   the record's key so that the database's and the index's copies are one item.
/// Fields are found by their names' words (the first name in each list that a record has, in a fixed
/// order, so every run reads the same field).
enum RemnantRecordTraces {
    enum Outcome {
        case trace(Trace)
        case notUsed
        case rejected(String)
    }

    static func trace(_ record: RemnantTraces.Record, kind: SourceKind, file: String, settings: ImportSettings) -> Outcome {
        let fields = Fields(record.fields)
        switch record.table.holds {
        case "appointments":
            return booking(record, fields, kind: kind, file: file, settings: settings).map(Outcome.trace) ?? .rejected("a booking with no readable start")
        case "notes":
            return consultation(record, fields, kind: kind, file: file, settings: settings).map(Outcome.trace) ?? .rejected("a consultation note with no readable date")
        case "results", "documents", "messages":
            return received(record, fields, kind: kind, file: file, settings: settings).map(Outcome.trace) ?? .rejected("a received item with no readable date")
        default:
            return .notUsed
        }
    }

    /// A record's fields by their names folded (letters and digits, lower case): where two names fold
    /// alike, the first in order of name with a text wins; empty texts are none.
    struct Fields {
        /// Folded name and text, in order of name. A record has a handful of fields, asked for by some
        /// thirty names: a search of the few short names costs less than hashing every name asked.
        private var folded: [(name: String, text: String)] = []

        /// The fields with a text, in order of name (names and their folded forms worked out once for the
        /// table: `RemnantFields.Names`); of two names that fold alike, the first in that order is found.
        init(_ fields: RemnantFields) {
            let names = fields.names
            folded.reserveCapacity(names.names.count)
            for place in names.byName where !fields.texts[place].isEmpty {
                folded.append((names.folded[place], fields.texts[place]))
            }
        }

        /// The text of the first of `names` the record has.
        func value(_ names: [String]) -> String? {
            for name in names {
                if let found = folded.first(where: { $0.name == name }) { return found.text }
            }
            return nil
        }

        var provider: String? { value(["provider", "practitioner", "clinician", "doctor", "gp", "author", "staff", "providercode", "recipient", "orderedby"]) }
    }

    /// A record's payload: its copy, key and table, and the fields of `more` that have a text (names
    /// beginning `_`, each once). Laid out in order of name from a short list, not a dictionary made,
    /// filled and sorted for every record (a third of making a booking's trace).
    static func payload(_ record: RemnantTraces.Record, _ more: KeyValuePairs<String, String?>) -> Payload {
        var fields: [(key: String, value: String)] = [("_copy", record.copy), ("_remnant_key", record.key), ("_remnant_table", record.table.name)]
        fields.reserveCapacity(3 + more.count)
        for (name, text) in more {
            if let text { fields.append((name, text)) }
        }
        fields.sort { $0.key < $1.key }
        return Payload(orderedByName: fields)
    }

    static func contentKey(_ kind: SourceKind, _ type: String, _ parts: [String]) -> String {
        // The digest's first 32 hex digits, taken as bytes (taken as characters, they cost more than the hashing).
        "\(kind.rawValue)|\(type)|" + String(decoding: SHA256.hex(joining: parts, separator: "\u{1F}").utf8.prefix(32), as: UTF8.self)
    }

    static func booking(_ record: RemnantTraces.Record, _ fields: Fields, kind: SourceKind, file: String, settings: ImportSettings) -> Trace? {
        guard let start = fields.value(["start", "startat", "starttime", "appointmentstart", "startdatetime", "datetime", "when", "slot", "date"]),
              let time = DateReading.traceTime(start, order: .ymd, clock: settings.clock) else { return nil }
        let status = fields.value(["status", "appointmentstatus", "state", "attendance"])
        let payload = payload(record, [
            "_status": AppointmentsImporter.normaliseStatus(status),
            "_reason": fields.value(["reason", "notes", "comment", "presentingcomplaint"]),
            "_type": fields.value(["type", "appointmenttype", "appttype"]),
        ])
        let provider = fields.provider.map { settings.clinicians.code(named: $0) ?? $0 }
        return Trace(kind: .appointments, recordType: "booking", file: file, locator: record.locator, time: time, identity: record.identity,
                     provider: provider, payload: payload, contentKey: contentKey(kind, "booking", [record.copy, record.key, start, status ?? ""]))
    }

    static func consultation(_ record: RemnantTraces.Record, _ fields: Fields, kind: SourceKind, file: String, settings: ImportSettings) -> Trace? {
        guard let when = fields.value(["consultedat", "consultationdate", "seenat", "visitdate", "encounterdate", "date", "datetime",
                                       "createdat", "created", "writtenat"]),
              let time = DateReading.traceTime(when, order: .ymd, clock: settings.clock) else { return nil }
        let summary = fields.value(["reason", "summary", "subject", "title", "presentingcomplaint", "type"]).map { String($0.prefix(120)) }
        let payload = payload(record, ["_summary": summary])
        let provider = fields.provider.map { settings.clinicians.code(named: $0) ?? $0 }
        return Trace(kind: kind, recordType: "consultation", file: file, locator: record.locator, time: time, identity: record.identity,
                     provider: provider, payload: payload, contentKey: contentKey(kind, "consultation", [record.copy, record.key, when]))
    }

    /// A result, letter or message the practice received.
    static func received(_ record: RemnantTraces.Record, _ fields: Fields, kind: SourceKind, file: String, settings: ImportSettings) -> Trace? {
        guard let when = fields.value(["receivedat", "received", "receiveddate", "datereceived", "reportedat", "reported", "reporteddate",
                                       "resultdate", "createdat", "created", "date", "datetime", "sentat"]),
              let time = DateReading.traceTime(when, order: .ymd, clock: settings.clock) else { return nil }
        let filler = fields.value(["filler", "fillerorder", "fillerordernumber", "fillerorderno", "accession", "accessionnumber", "accessionno",
                                   "labnumber", "labno", "labref", "labreference"])
        let testCode = fields.value(["testcode", "observationcode", "loinc", "code"])
        let testName = fields.value(["testname", "test", "observation", "observationname"])
        let documentType = fields.value(["kind", "type", "documenttype", "doctype", "category"]) ?? ""
        // A table of both (an inbox) says which in a kind column; a lab number or test code says result.
        let isResult = filler != nil || testCode != nil || ["result", "results", "lab", "pathology", "oru"].contains(documentType.lowercased())
            || (record.table.holds == "results" && documentType.isEmpty)
        let recordType = isResult ? "result" : record.table.holds == "messages" ? "message" : "document"
        let flag = fields.value(["abnormal", "abnormalflag", "abnormalflags", "flag", "resultflag", "interpretation"]).flatMap(abnormal)
        let title = fields.value(["title", "subject", "summary", "description", "documenttitle", "filename"])
        let value = fields.value(["value", "resultvalue", "result"]).map { v in [v, fields.value(["units", "unit"])].compactMap { $0 }.joined(separator: " ") }
        let payload = payload(record, [
            "_filler": filler,
            "_test_code": testCode,
            "_test_name": testName,
            "_message_id": fields.value(["messageid", "msgid", "messagecontrolid", "controlid", "hl7messageid", "mshcontrolid"]),
            "_document_id": fields.value(["documentid", "docid", "externalid", "documentnumber", "uniquedocumentnumber"]),
            "_document_type": documentType.isEmpty ? nil : documentType,
            "_abnormal": flag?.rawValue,
            "_summary": String(([testName.flatMap { _ in value }, title].compactMap { $0 }.first ?? title ?? testName ?? recordType).prefix(160)),
        ])
        let provider = fields.provider.map { settings.clinicians.code(named: $0) ?? $0 }
        return Trace(kind: kind, recordType: recordType, file: file, locator: record.locator, time: time, identity: record.identity,
                     provider: provider, payload: payload, contentKey: contentKey(kind, recordType, [record.copy, record.table.name, record.key, when]))
    }

    /// An abnormal flag as labs and practice systems write it.
    static func abnormal(_ flag: String) -> InboxItem.Flag? {
        switch flag.trimmingSpaces().lowercased() {
        case "hh", "ll", "aa", "critical", "panic", "<<", ">>": return .critical
        case "h", "l", "a", "abnormal", "high", "low", "yes", "true", "1", "<", ">": return .abnormal
        default: return nil
        }
    }
}
