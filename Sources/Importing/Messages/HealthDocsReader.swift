import CLibXML2
import Foundation
import LacunaCore

/// HealthDocs XML envelopes, read through libxml2's streaming reader (no whole tree in memory, no
/// network, no entity expansion, libxml2's own error printing off so no patient data reaches stderr).
/// No public schema is known, so elements and attributes are found by name, case-insensitively: an
/// envelope (sent time, id, from, to), a patient (NHI, family and given name, DOB, sex), a document
/// (type, date, id, title, author, recipient, base64 content — measured, never decoded here).
/// Each `HealthDoc` element is one record; a file without one is read as a single record.
struct HealthDocsReader {
    let kind: SourceKind
    let file: String
    let settings: ImportSettings

    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<")
    }

    /// What one HealthDoc said, by `element@attribute` and `element#text` (lower case; patient
    /// elements also as `patient/element…`).
    struct Gathered {
        var values: [String: String] = [:]
        var line = 1
        var contentBytes = 0

        mutating func set(_ key: String, _ value: String) {
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !v.isEmpty, values[key] == nil { values[key] = v }
        }

        func first(_ keys: String...) -> String? {
            for k in keys { if let v = values[k] { return v } }
            return nil
        }
    }

    func read(bytes: [UInt8]) -> FileImport {
        var result = FileImport()
        var records: [Gathered] = []
        var current: Gathered?
        var stack: [String] = []
        var failedAt: Int?
        bytes.withUnsafeBufferPointer { buffer in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
            guard let reader = buffer.baseAddress.flatMap({ base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlReaderForMemory($0, Int32(buffer.count), file, nil, options) }
            }) else { failedAt = 1; return }
            defer { xmlFreeTextReader(reader) }
            var wholeFile = Gathered()
            var sawHealthDoc = false
            while true {
                let status = xmlTextReaderRead(reader)
                if status == 0 { break }
                if status < 0 { failedAt = Int(xmlTextReaderGetParserLineNumber(reader)); break }
                let type = xmlTextReaderNodeType(reader)
                let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0).lowercased() } ?? ""
                switch type {
                case 1:   // element
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    if name == "healthdoc" {
                        sawHealthDoc = true
                        current = Gathered()
                        current!.line = Int(xmlTextReaderGetParserLineNumber(reader))
                    }
                    stack.append(name)
                    let inPatient = stack.contains("patient")
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        let attribute = xmlTextReaderConstLocalName(reader).map { String(cString: $0).lowercased() } ?? ""
                        let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                        let key = "\(name)@\(attribute)"
                        if current != nil { current!.set(key, value); if inPatient { current!.set("patient/\(key)", value) } }
                        wholeFile.set(key, value)
                        if inPatient { wholeFile.set("patient/\(key)", value) }
                    }
                    xmlTextReaderMoveToElement(reader)
                    if empty { stack.removeLast() }
                case 3, 4:   // text, CDATA
                    let element = stack.last ?? ""
                    let text = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                    let key = "\(element)#text"
                    if element == "content" || element == "data" || element == "payload" {
                        if current != nil { current!.contentBytes += text.utf8.count }
                        wholeFile.contentBytes += text.utf8.count
                        continue
                    }
                    let inPatient = stack.contains("patient")
                    if current != nil { current!.set(key, text); if inPatient { current!.set("patient/\(key)", text) } }
                    wholeFile.set(key, text)
                    if inPatient { wholeFile.set("patient/\(key)", text) }
                case 15:  // end of element
                    if !stack.isEmpty { stack.removeLast() }
                    if name == "healthdoc", let done = current {
                        records.append(done)
                        current = nil
                    }
                default:
                    continue
                }
            }
            if !sawHealthDoc, failedAt == nil { records.append(wholeFile) }
        }
        var keys = ContentKeys(kind: kind)
        var warnings: [String] = []
        for record in records {
            let locator = Locator(line: record.line)
            if let trace = trace(record, locator: locator, keys: &keys, warnings: &warnings) {
                result.traces.append(trace)
            } else {
                result.rejects.append(Reject(kind: kind, file: file, locator: locator,
                                             reason: "HealthDocs envelope names no patient (no NHI, name or date of birth found)"))
            }
        }
        if let failedAt {
            // The record that was open when the XML broke is read as far as it went, if it names someone.
            let locator = Locator(line: current?.line ?? failedAt)
            if let partial = current, let trace = trace(partial, locator: locator, keys: &keys, warnings: &warnings) {
                result.traces.append(trace)
                result.warnings.append("\(file): the XML breaks at line \(failedAt); the envelope open there was read as far as it goes")
            } else {
                result.rejects.append(Reject(kind: kind, file: file, locator: Locator(line: failedAt),
                                             reason: "the XML is not well formed from here (truncated or damaged file)"))
            }
        }
        for w in Set(warnings).sorted() { result.warnings.append("\(file): \(w)") }
        return result
    }

    func trace(_ g: Gathered, locator: Locator, keys: inout ContentKeys, warnings: inout [String]) -> Trace? {
        var identity = Identity()
        IdentityReading.applyNHI(g.first("patient@nhi", "patient/nhi#text", "patient@id", "nhi#text"), to: &identity, warnings: &warnings)
        identity.familyName = present(g.first("patient/name@family", "patient/family#text", "patient/familyname#text", "patient/surname#text",
                                              "patient/lastname#text"))
        identity.givenName = present(g.first("patient/name@given", "patient/given#text", "patient/givenname#text", "patient/firstname#text",
                                             "patient/forename#text"))
        if identity.familyName == nil, let whole = g.first("patient/name#text", "patient@name") {
            let split = IdentityReading.splitName(whole)
            identity.familyName = split.family
            identity.givenName = split.given
        }
        if let dob = g.first("patient/dob@value", "patient/dob#text", "patient/dateofbirth#text", "patient/birthdate#text", "patient@dob") {
            identity.dob = LocalDate(iso: String(dob.prefix(10))) ?? DateReading.date(dob, order: .dmy)
        }
        identity.sex = IdentityReading.sex(g.first("patient/sex@value", "patient/sex#text", "patient/gender@value", "patient/gender#text", "patient@sex"))
        guard !identity.isEmpty else { return nil }
        let sent = g.first("envelope@sent", "envelope@date", "envelope@time", "sent#text", "healthdoc@sent")
        let documentDate = g.first("document@date", "document/date#text")
        let readTime = { (text: String) in DateReading.traceTime(text, order: .ymd, clock: settings.clock) }
        let time = sent.flatMap(readTime) ?? documentDate.flatMap(readTime)
        let recipientCode = g.first("recipient@code", "to@code")
        var provider = recipientCode.flatMap { code in settings.providers.first { $0.code.caseInsensitiveCompare(code) == .orderedSame }?.code }
        if provider == nil, let name = g.first("recipient#text") { provider = ProviderNames.code(for: name, providers: settings.providers) }
        let title = g.first("title#text", "document@title") ?? g.first("document@type") ?? "document"
        let payload: [String: String] = [
            "_message_id": g.first("envelope@id", "healthdoc@id") ?? "",
            "_document_id": g.first("document@id", "document/id#text") ?? "",
            "_document_type": g.first("document@type") ?? "",
            "_document_date": documentDate ?? "",
            "_from": g.first("from@name", "from#text") ?? "",
            "_author": g.first("author#text", "document@author") ?? "",
            "_summary": title,
            "_content_bytes": String(g.contentBytes),
            "_received": time?.payloadText ?? "",
        ]
        let key = keys.key(recordType: "document", fields: [payload["_message_id"]!, payload["_document_id"]!, identity.nhi ?? "", title])
        return Trace(kind: kind, recordType: "document", file: file, locator: locator, time: time, identity: identity, provider: provider,
                     payload: payload, contentKey: key)
    }
}
