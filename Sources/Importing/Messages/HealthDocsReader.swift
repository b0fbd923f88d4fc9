import Foundation
import LacunaCore

/// HealthDocs XML envelopes, read through libxml2's streaming reader (no whole tree in memory, no
/// network, no entity expansion, libxml2's own error printing off so no patient data reaches stderr).
/// No public schema is known, so elements and attributes are found by name, case-insensitively: an
/// envelope (sent time, id, from, to), a patient (NHI, family and given name, DOB, sex), a document
/// (type, date, id, title, author, recipient, base64 content — measured, never decoded here).
/// Each `HealthDoc` element is one record, read on its own so damage costs only the one it is in; a
/// file without one is read as a single record.
struct HealthDocsReader {
    let kind: SourceKind
    let file: String
    let settings: ImportSettings

    static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<")
    }

    /// Whether a file that does not begin as XML (its first `<` lost) still holds HealthDoc envelopes
    /// and no HL7 message.
    static func holdsEnvelopes(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(1 << 16))
        guard !recordStarts(head).isEmpty else { return false }
        let msh = Array("MSH".utf8)
        for i in head.indices where (i == 0 || head[i - 1] == 0x0A || head[i - 1] == 0x0D) && head[i...].starts(with: msh) { return false }
        return true
    }

    /// What one HealthDoc said, by `element@attribute` and `element#text` (lower case; patient
    /// elements also as `patient/element…`).
    struct Gathered {
        var values: [String: String] = [:]
        var line = 1
        var contentBytes = 0

        mutating func set(_ key: String, _ value: String) {
            let v = value.trimmingWhitespace()
            if !v.isEmpty, values[key] == nil { values[key] = v }
        }

        func first(_ keys: String...) -> String? {
            for k in keys { if let v = values[k] { return v } }
            return nil
        }
    }

    /// What one parse of XML text gave: the envelopes read whole, the one open when the XML broke,
    /// and the line where it broke.
    struct Parsed {
        var records: [Gathered] = []
        var open: Gathered?
        var failedAt: Int?
        var sawHealthDoc = false
        /// Everything the text said, for a file without `HealthDoc` elements (one record).
        var wholeFile = Gathered()
    }

    /// Reads every `HealthDoc` in the file. Each is parsed on its own (with the text before the first,
    /// which holds the XML declaration and the root's namespaces), so damage in one, or a second root
    /// element, costs nothing of the others; damage before the first costs nothing either.
    func read(bytes: [UInt8]) -> FileImport {
        var result = FileImport()
        var parsedRecords: [(Gathered, partial: Bool, failedAt: Int?)] = []
        var failures: [Int] = []
        let starts = Self.recordStarts(bytes)
        if starts.isEmpty {
            let parsed = parse(bytes)
            if !parsed.sawHealthDoc, parsed.failedAt == nil { parsedRecords.append((parsed.wholeFile, false, nil)) }
            parsedRecords += parsed.records.map { ($0, false, nil) }
            if let open = parsed.open { parsedRecords.append((open, true, parsed.failedAt)) } else if let at = parsed.failedAt { failures.append(at) }
        } else {
            let lines = LineIndex(bytes)
            // Each envelope becomes a whole document: the text before the first (the declaration and the
            // root's start tag with its namespaces), the envelope up to its end tag, and end tags for what
            // that text left open.
            let prefix = Array(bytes[..<starts[0]])
            let closing = Self.endTags(closing: prefix)
            let prefixLine = prefix.filter { $0 == 0x0A }.count + 1
            for (n, start) in starts.enumerated() {
                let limit = n + 1 < starts.count ? starts[n + 1] : bytes.count
                let end = Self.recordEnd(bytes, from: start, before: limit) ?? limit
                let chunk = Array(bytes[start..<end])
                let startLine = lines.line(of: start)
                var parsed = parse(prefix + chunk + closing, lineShift: startLine - prefixLine)
                if parsed.records.isEmpty, parsed.open == nil {
                    parsed = parse(chunk, lineShift: startLine - 1)   // the text before the first is what is damaged
                }
                guard var record = parsed.records.first ?? parsed.open else {
                    failures.append(parsed.failedAt ?? startLine)
                    continue
                }
                record.line = startLine
                parsedRecords.append((record, parsed.records.isEmpty, parsed.records.isEmpty ? parsed.failedAt ?? startLine : nil))
            }
        }
        var keys = ContentKeys(kind: kind)
        var warnings: [String] = []
        for (record, partial, failedAt) in parsedRecords {
            let locator = Locator(line: record.line)
            if let trace = trace(record, locator: locator, keys: &keys, warnings: &warnings) {
                result.traces.append(trace)
                if partial, let failedAt {
                    // The record that was open when the XML broke is read as far as it went.
                    result.warnings.append("\(file): the XML breaks at line \(failedAt); the envelope open there was read as far as it goes")
                }
            } else if partial {
                result.rejects.append(Reject(kind: kind, file: file, locator: Locator(line: failedAt ?? record.line),
                                             reason: "the XML is not well formed from here (truncated or damaged file)"))
            } else {
                result.rejects.append(Reject(kind: kind, file: file, locator: locator,
                                             reason: "HealthDocs envelope names no patient (no NHI, name or date of birth found)"))
            }
        }
        for line in failures {
            result.rejects.append(Reject(kind: kind, file: file, locator: Locator(line: line),
                                         reason: "the XML is not well formed from here (truncated or damaged file)"))
        }
        for w in Set(warnings).sorted() { result.warnings.append("\(file): \(w)") }
        return result
    }

    /// Where each `<HealthDoc` start tag (any case, any namespace prefix) begins.
    static func recordStarts(_ bytes: [UInt8]) -> [Int] {
        let name = Array("healthdoc".utf8)
        var starts: [Int] = []
        var i = 0
        while i < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "<") else { continue }
            var j = i + 1
            // An optional prefix: `hd:`.
            var k = j
            while k < bytes.count, k - j < 32, bytes[k] != UInt8(ascii: ":"), bytes[k] != UInt8(ascii: ">"), bytes[k] > 0x20,
                  bytes[k] != UInt8(ascii: "/") { k += 1 }
            if k < bytes.count, bytes[k] == UInt8(ascii: ":") { j = k + 1 }
            guard j + name.count < bytes.count,
                  zip(bytes[j..<(j + name.count)], name).allSatisfy({ $0 | 0x20 == $1 }) else { continue }
            let after = bytes[j + name.count]
            if after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || after <= 0x20 { starts.append(i) }
        }
        return starts
    }

    /// Where the envelope starting at `start` ends: just after its `</HealthDoc>` (any case and
    /// prefix), if that comes before `limit`.
    static func recordEnd(_ bytes: [UInt8], from start: Int, before limit: Int) -> Int? {
        let name = Array("healthdoc".utf8)
        var i = start
        while i + 2 < limit {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/") else { continue }
            var j = i + 2
            var k = j
            while k < limit, k - j < 32, bytes[k] != UInt8(ascii: ":"), bytes[k] != UInt8(ascii: ">"), bytes[k] > 0x20 { k += 1 }
            if k < limit, bytes[k] == UInt8(ascii: ":") { j = k + 1 }
            guard j + name.count <= limit, zip(bytes[j..<(j + name.count)], name).allSatisfy({ $0 | 0x20 == $1 }) else { continue }
            var e = j + name.count
            while e < limit, bytes[e] <= 0x20 { e += 1 }
            if e < limit, bytes[e] == UInt8(ascii: ">") { return e + 1 }
        }
        return nil
    }

    /// End tags for the elements `text` opens and does not close (`</HealthDocs>`), innermost first.
    static func endTags(closing text: [UInt8]) -> [UInt8] {
        var open: [[UInt8]] = []
        var i = 0
        while i < text.count {
            guard text[i] == UInt8(ascii: "<"), i + 1 < text.count else { i += 1; continue }
            let next = text[i + 1]
            var end = i + 1
            while end < text.count, text[end] != UInt8(ascii: ">") { end += 1 }
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                i = end + 1
                continue
            }
            let closingTag = next == UInt8(ascii: "/")
            let nameStart = closingTag ? i + 2 : i + 1
            var nameEnd = nameStart
            while nameEnd < end, text[nameEnd] > 0x20, text[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            let name = Array(text[nameStart..<nameEnd])
            if closingTag {
                if let last = open.lastIndex(of: name) { open.removeSubrange(last...) }
            } else if end < text.count, text[end - 1] != UInt8(ascii: "/"), !name.isEmpty {
                open.append(name)
            }
            i = end + 1
        }
        return open.reversed().flatMap { Array("</".utf8) + $0 + [UInt8(ascii: ">")] }
    }

    /// One streaming parse; `lineShift` maps its line numbers to the file's.
    func parse(_ bytes: [UInt8], lineShift: Int = 0) -> Parsed {
        var parsed = Parsed()
        var current: Gathered?
        var stack: [String] = []
        let brokeAt = XMLStream.walk(bytes, file: file, lowercased: true) { node in
            switch node {
            case .start(let name, let attributes, let line):
                if name == "healthdoc" || name.hasSuffix(":healthdoc") {
                    parsed.sawHealthDoc = true
                    current = Gathered()
                    current!.line = line + lineShift
                }
                stack.append(name)
                let inPatient = stack.contains("patient")
                for (attribute, value) in attributes {
                    let key = "\(name)@\(attribute)"
                    if current != nil { current!.set(key, value); if inPatient { current!.set("patient/\(key)", value) } }
                    parsed.wholeFile.set(key, value)
                    if inPatient { parsed.wholeFile.set("patient/\(key)", value) }
                }
            case .text(let text):
                let element = stack.last ?? ""
                let key = "\(element)#text"
                if element == "content" || element == "data" || element == "payload" {
                    if current != nil { current!.contentBytes += text.utf8.count }
                    parsed.wholeFile.contentBytes += text.utf8.count
                    return
                }
                let inPatient = stack.contains("patient")
                if current != nil { current!.set(key, text); if inPatient { current!.set("patient/\(key)", text) } }
                parsed.wholeFile.set(key, text)
                if inPatient { parsed.wholeFile.set("patient/\(key)", text) }
            case .end(let name):
                if !stack.isEmpty { stack.removeLast() }
                if name == "healthdoc" || name.hasSuffix(":healthdoc"), let done = current {
                    parsed.records.append(done)
                    current = nil
                }
            }
        }
        // Past the last record's end (the root's closing tag a chunk lacks) is no damage.
        if let brokeAt, current != nil || !parsed.sawHealthDoc { parsed.failedAt = brokeAt + lineShift }
        parsed.open = current
        return parsed
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
        var provider = recipientCode.flatMap(settings.clinicians.code(forID:))
        if provider == nil, let name = g.first("recipient#text") { provider = ProviderNames.code(for: name, clinicians: settings.clinicians) }
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
