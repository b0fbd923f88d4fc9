import HL7
import LacunaCore

/// Turns the HL7 messages of a lab or Healthlink file into traces:
/// - ORU^R01: one `result` trace per OBR (filler order number, test, collected OBR-7, reported OBR-22,
///   status OBR-25, ordering provider OBR-16, the worst OBX-8 flag of its observations, values).
/// - REF^I12: a `referral` (sent by the practice when the referring PRD is one of its providers);
///   RRI^I12: a `referral-reply`, a letter received.
/// - MDM^T02/T01: a `document` (TXA-2 type, TXA-4 activity time, TXA-12 document id, OBX text).
/// - ADT: an `admission` notice (EVN-2).
/// - anything else: a `message` trace with its type, so nothing read is lost.
/// Every trace carries the message's MSH-10 and sending facility: a resent message (same id, same
/// facility) has the same content key and is recognised as a duplicate.
struct HL7TraceReader {
    let kind: SourceKind
    let file: String
    let settings: ImportSettings
    /// The practice's clinicians, with the codes this file's messages teach (an ordering doctor sent
    /// as `12345^DE VRIES^PIETER` makes a later bare `12345` the same clinician).
    private var learned: Clinicians?
    var clinicians: Clinicians { learned ?? settings.clinicians }

    init(kind: SourceKind, file: String, settings: ImportSettings) {
        self.kind = kind
        self.file = file
        self.settings = settings
    }

    /// Learns the codes beside names in ordering and referring doctors' fields.
    static func learn(_ units: [HL7Unit], from clinicians: Clinicians) -> Clinicians {
        var learned = clinicians
        for unit in units {
            guard case .message(let message) = unit else { continue }
            for segment in message.segments {
                if segment.name == "PRD" {
                    let name = segment.field(2).repetitions.first ?? segment.field(2)
                    learned.learn(id: segment.field(7).component(1).text, family: name.component(1).text, given: name.component(2).text)
                }
                let fields: [Int] = segment.name == "OBR" ? [16] : segment.name == "ORC" ? [12] : []
                for f in fields {
                    let x = HL7Reading.xcn(segment.field(f))
                    learned.learn(id: x.id, family: x.family, given: x.given)
                }
            }
        }
        return learned
    }

    func read(bytes: [UInt8]) -> FileImport {
        var reader = self
        var scanner = HL7Scanner()
        let units = scanner.scan(bytes[...], isLast: true)
        reader.learned = Self.learn(units, from: settings.clinicians)
        return reader.read(units: units, scanner: scanner, bytes: bytes)
    }

    private func read(units: [HL7Unit], scanner: HL7Scanner, bytes: [UInt8]) -> FileImport {
        var result = FileImport()
        guard !bytes.isEmpty else {
            result.warnings.append("\(file): the file is empty")
            return result
        }
        var keys = ContentKeys(kind: kind)
        var warnings: [String] = []
        var damaged = 0, undeclared = 0
        var sawMessage = false
        for unit in units {
            switch unit {
            case .other(let other) where other.kind == .orphanSegments:
                result.rejects.append(Reject(kind: kind, file: file, locator: Locator(line: other.line, byteOffset: other.byteOffset),
                                             reason: "segments with no MSH before them: not part of any message"))
            case .other:
                continue
            case .message(let message):
                sawMessage = true
                if !message.diagnostics.isEmpty { damaged += 1 }
                if message.encoding == .windows1252 { undeclared += 1 }
                let locator = Locator(line: message.line, message: message.number, byteOffset: message.byteOffset)
                guard message.segments.count > 1, message.segment("MSH")!.fieldCount >= 9 else {
                    let why = message.diagnostics.map(\.text).joined(separator: "; ")
                    result.rejects.append(Reject(kind: kind, file: file, locator: locator,
                                                 reason: "message too damaged to read" + (why.isEmpty ? "" : ": \(why)")))
                    continue
                }
                let traces = self.traces(of: message, locator: locator, keys: &keys, warnings: &warnings)
                if traces.isEmpty {
                    result.rejects.append(Reject(kind: kind, file: file, locator: locator,
                                                 reason: "\(message.typeCode.code)^\(message.typeCode.event) message names no patient"))
                }
                result.traces.append(contentsOf: traces)
            }
        }
        if !sawMessage {
            result.rejects.append(Reject(kind: kind, file: file, locator: Locator(line: 1, byteOffset: 0),
                                         reason: "no HL7 message found (no line starts with MSH); is this the right kind of file?"))
        }
        for d in scanner.diagnostics { result.warnings.append("\(file): \(d)") }
        if damaged > 0 { result.warnings.append("\(file): \(damaged) message(s) damaged but read as far as they go; `lacuna hl7 show` lists why") }
        if undeclared > 0 {
            result.warnings.append("\(file): \(undeclared) message(s) in a character set other than UTF-8 (Latin-1, as older labs send): read as Windows-1252")
        }
        result.warnings.append(contentsOf: RepeatedWarnings.summarise(warnings, file: file, unit: "messages"))
        return result
    }

    func traces(of message: HL7Message, locator: Locator, keys: inout ContentKeys, warnings: inout [String]) -> [Trace] {
        let msh = message.segment("MSH")!
        let pid = message.segment("PID")
        let identity = HL7Reading.identity(pid, warnings: &warnings)
        let sent = msh.field(7).component(1).text
        let facility = msh.field(4).component(1).text
        let application = msh.field(3).component(1).text
        var common: [String: String] = [
            "_message_id": message.controlID,
            "_message_type": "\(message.typeCode.code)^\(message.typeCode.event)",
            "_sending_facility": facility.isEmpty ? application : facility,
            "_version": message.version,
        ]
        if let sentTime = HL7Reading.time(sent, clock: settings.clock) { common["_message_time"] = Self.iso(sentTime) }
        if !message.diagnostics.isEmpty { common["_diagnostics"] = message.diagnostics.map(\.text).joined(separator: "; ") }
        let keyBase = [common["_sending_facility"]!, message.controlID]
        let code = message.typeCode.code.uppercased()

        func trace(_ recordType: String, time: TraceTime?, provider: String?, payload: [String: String], keyFields: [String]) -> Trace {
            Trace(kind: kind, recordType: recordType, file: file, locator: locator, time: time, identity: identity, provider: provider,
                  payload: common.merging(payload) { _, new in new },
                  contentKey: keys.key(recordType: recordType, fields: keyBase + keyFields + (message.controlID.isEmpty ? [String(decoding: message.bytes, as: UTF8.self)] : [])))
        }

        guard !identity.isEmpty else { return [] }
        switch code {
        case "ORU", "OUL":
            return results(message, trace: trace)
        case "REF", "RRI":
            let rf1 = message.segment("RF1")
            let referring = message.segments("PRD").first { $0.field(1).component(1).text.uppercased() == "RP" }
            var provider: String?
            if let referring { provider = HL7Reading.provider(prd: referring, clinicians: clinicians) }
            let effective = rf1?.field(7).text ?? ""
            let time = HL7Reading.time(effective.nonEmpty ?? rf1?.field(9).text ?? sent, clock: settings.clock) ?? HL7Reading.time(sent, clock: settings.clock)
            let ours = clinicians.isPractice(provider)
            var payload: [String: String] = [
                "_referral_id": rf1?.field(6).component(1).text ?? "",
                "_priority": rf1?.field(2).component(1).text ?? "",
                "_specialty": rf1?.field(3).component(2).text.nonEmpty ?? rf1?.field(3).component(1).text ?? "",
                "_sent_by_practice": ours ? "yes" : "no",
                "_summary": "referral" + ((rf1?.field(3).component(2).text.nonEmpty).map { " to \($0)" } ?? ""),
            ]
            if let reason = message.segment("DG1")?.field(3).component(2).text.nonEmpty { payload["_reason"] = reason }
            payload["_received"] = Self.iso(HL7Reading.time(sent, clock: settings.clock))
            let recordType = code == "RRI" ? "referral-reply" : (ours ? "referral" : "referral-received")
            return [trace(recordType, time: time, provider: provider, payload: payload, keyFields: [payload["_referral_id"]!])]
        case "MDM":
            let txa = message.segment("TXA")
            let activity = txa?.field(4).text.nonEmpty ?? message.segment("EVN")?.field(2).text ?? sent
            let time = HL7Reading.time(activity, clock: settings.clock) ?? HL7Reading.time(sent, clock: settings.clock)
            let type = txa?.field(2).component(2).text.nonEmpty ?? txa?.field(2).component(1).text ?? "document"
            let text = message.segments("OBX").map { $0.field(5).text }.joined(separator: "\n")
            var payload: [String: String] = [
                "_document_id": txa?.field(12).component(1).text ?? "",
                "_document_type": type,
                "_author": txa?.field(5).rawText ?? "",
                "_summary": type,
                // Received when it was sent (MSH-7) or, failing that, authenticated (TXA-22's time), not
                // when the exam it reports was done (TXA-4).
                "_received": Self.iso(HL7Reading.time(sent, clock: settings.clock)
                    ?? txa.flatMap { HL7Reading.time($0.field(22).component(15).text, clock: settings.clock) } ?? time),
            ]
            if !text.isEmpty { payload["_text_length"] = String(text.count) }
            let recipient = txa.map { HL7Reading.provider($0.field(22), clinicians: clinicians) } ?? nil
            return [trace("document", time: time, provider: recipient, payload: payload, keyFields: [payload["_document_id"]!])]
        case "ADT":
            let event = message.segment("EVN")?.field(2).text.nonEmpty ?? sent
            let time = HL7Reading.time(event, clock: settings.clock)
            let payload = ["_event": message.typeCode.event, "_summary": "hospital notice ADT^\(message.typeCode.event)", "_received": Self.iso(time)]
            return [trace("admission", time: time, provider: nil, payload: payload, keyFields: [])]
        default:
            let time = HL7Reading.time(sent, clock: settings.clock)
            return [trace("message", time: time, provider: nil, payload: ["_summary": "\(code) message"], keyFields: [])]
        }
    }

    /// One trace per OBR with the observations that follow it.
    func results(_ message: HL7Message, trace: (String, TraceTime?, String?, [String: String], [String]) -> Trace) -> [Trace] {
        var groups: [(obr: HL7Segment, obx: [HL7Segment], notes: Int)] = []
        for segment in message.segments {
            switch segment.name {
            case "OBR": groups.append((segment, [], 0))
            case "OBX": if !groups.isEmpty { groups[groups.count - 1].obx.append(segment) }
            case "NTE": if !groups.isEmpty { groups[groups.count - 1].notes += 1 }
            default: continue
            }
        }
        let sent = message.segment("MSH")!.field(7).text
        var out: [Trace] = []
        for (index, group) in groups.enumerated() {
            let obr = group.obr
            let collected = HL7Reading.time(obr.field(7).text, clock: settings.clock)
            let reported = HL7Reading.time(obr.field(22).text.nonEmpty ?? sent, clock: settings.clock)
            let provider = HL7Reading.provider(obr.field(16), clinicians: clinicians)
                ?? message.segment("ORC").flatMap { HL7Reading.provider($0.field(12), clinicians: clinicians) }
            let flags = group.obx.map { $0.field(8).text }
            let flag = HL7Reading.flag(flags)
            let valueTypes = Set(group.obx.map { $0.field(2).text.uppercased() })
            let values = group.obx.prefix(6).map { obx -> String in
                let name = obx.field(3).component(2).text.nonEmpty ?? obx.field(3).component(1).text
                let type = obx.field(2).text.uppercased()
                let value = type == "ED" ? "[document \(obx.field(5).encapsulatedData?.count ?? 0) bytes]" : String(obx.field(5).text.prefix(60))
                let unit = obx.field(6).component(1).text
                let range = obx.field(7).text
                let flag = obx.field(8).text
                return [name, value, unit, range.isEmpty ? "" : "(\(range))", flag].filter { !$0.isEmpty }.joined(separator: " ")
            }
            let test = obr.field(4)
            var payload: [String: String] = [
                "_filler": obr.field(3).component(1).text,
                "_placer": obr.field(2).component(1).text.nonEmpty ?? message.segment("ORC")?.field(2).component(1).text ?? "",
                "_test_code": test.component(1).text,
                "_test_name": test.component(2).text.nonEmpty ?? test.component(1).text,
                "_status": obr.field(25).text.uppercased().nonEmpty ?? group.obx.last?.field(11).text.uppercased() ?? "",
                "_flag": flags.filter { !$0.isEmpty }.joined(separator: ","),
                "_abnormal": flag?.rawValue ?? "",
                "_summary": values.joined(separator: "; "),
                "_obx_count": String(group.obx.count),
                "_ordered_by_practice": clinicians.isPractice(provider) ? "yes" : "no",
                "_received": Self.iso(reported),
            ]
            // The ordering doctor as sent, so a code can be learnt across files.
            let orderer = HL7Reading.xcn(obr.field(16).text.isEmpty ? (message.segment("ORC")?.field(12) ?? obr.field(16)) : obr.field(16))
            for (key, value) in [("_provider_id", orderer.id), ("_provider_family", orderer.family), ("_provider_given", orderer.given)]
            where !value.isEmpty { payload[key] = value }
            if let collected { payload["_collected"] = Self.iso(collected) }
            if flag == nil && valueTypes.contains(where: { ["TX", "FT", "ED", "ST"].contains($0) }) && !valueTypes.contains("NM") {
                payload["_text_report"] = "yes"
            }
            if group.obx.isEmpty { payload["_incomplete"] = "OBR without observations" }
            out.append(trace("result", collected ?? reported, provider, payload, [String(index + 1), payload["_filler"]!, payload["_test_code"]!]))
        }
        if out.isEmpty {
            out.append(trace("message", HL7Reading.time(sent, clock: settings.clock), nil,
                             ["_summary": "result message without OBR", "_incomplete": "no OBR"], []))
        }
        return out
    }

    /// Trace times as stored in payloads: local date and time, the instant where known, precision.
    static func iso(_ time: TraceTime?) -> String { time?.payloadText ?? "" }
}
