public import LacunaCore

/// Finds the lost inbox: every result, letter, document and portal message the practice received in
/// the window, for any patient, seen or not.
///
/// - A result is one OBR, keyed by its filler order number and test code; its resends and corrections
///   are one item. The latest version gives the summary and status, the worst flag of any version
///   gives `abnormal` (a correction never hides that a result was once critical), and it was received
///   when its first version in the window was reported (OBR-22, else MSH-7; a resend's own time does
///   not count). Every message id that carried it is kept.
/// - A letter or document (MDM, HealthDocs, a referral reply, a hospital notice) is keyed by its
///   document id, else its message id.
/// - A portal message is keyed by its message id.
/// A referral the practice sent is not an inbox item (it is evidence of an encounter, and a referral
/// to reconcile).
public struct InboxFinder: Sendable {
    public init() {}

    public func find(traces: [Trace], links: [Link], window: Window) -> [InboxItem] {
        let patientOf = Dictionary(links.map { ($0.traceID, $0.patientID) }, uniquingKeysWith: { a, _ in a })
        struct Version { let trace: Trace; let received: TraceTime }
        var groups: [String: [Version]] = [:]
        var order: [String] = []
        for trace in traces {
            guard let key = Self.key(of: trace) else { continue }
            let received = trace.payload["_received"].flatMap(TraceTime.init(payloadText:)) ?? trace.time
            guard let received else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Version(trace: trace, received: received))
        }
        var items: [InboxItem] = []
        for key in order {
            let versions = groups[key]!
            let inWindow = versions.filter { window.contains($0.received) }
            guard !inWindow.isEmpty else { continue }
            let byTime = versions.sorted { a, b in
                let ta = a.received.instant ?? .distantPast, tb = b.received.instant ?? .distantPast
                if ta != tb { return ta < tb }
                if a.received.localDate != b.received.localDate { return a.received.localDate < b.received.localDate }
                return Self.statusRank(a.trace) < Self.statusRank(b.trace)
            }
            let latest = byTime.last!.trace
            let first = inWindow.min { ($0.received.instant ?? .distantFuture) < ($1.received.instant ?? .distantFuture) }!
            let flags = versions.compactMap { InboxItem.Flag(rawValue: $0.trace.payload["_abnormal"] ?? "") }
            let statuses = Set(versions.compactMap { $0.trace.payload["_status"] })
            var summary = latest.payload["_summary"] ?? latest.recordType
            if latest.recordType == "result" {
                let test = latest.payload["_test_name"] ?? ""
                if !test.isEmpty, !summary.hasPrefix(test) { summary = summary.isEmpty ? test : "\(test): \(summary)" }
                if statuses.contains("C") { summary += " (corrected)" }
                if latest.payload["_status"] == "P" { summary += " (preliminary)" }
                if latest.payload["_text_report"] == "yes" { summary += " [text report, unflagged]" }
            }
            var messageIDs: [String] = []
            for v in [first] + byTime {
                if let id = v.trace.payload["_message_id"], !id.isEmpty, !messageIDs.contains(id) { messageIDs.append(id) }
            }
            let patient = versions.reversed().lazy.compactMap { v in v.trace.id.flatMap { patientOf[$0] } }.first
            items.append(InboxItem(
                itemID: "I" + SHA256.hex(key).prefix(12), patientID: patient, received: first.received, source: latest.kind,
                kind: Self.kind(of: latest), summary: summary, abnormal: flags.max(), provider: latest.provider ?? first.trace.provider,
                messageIDs: messageIDs, traceIDs: versions.compactMap(\.trace.id)))
        }
        return items.sorted { a, b in
            if a.abnormal != b.abnormal { return (a.abnormal.map { $0 == .critical ? 0 : 1 } ?? 2) < (b.abnormal.map { $0 == .critical ? 0 : 1 } ?? 2) }
            let ta = a.received.instant ?? .distantPast, tb = b.received.instant ?? .distantPast
            if ta != tb { return ta < tb }
            return a.itemID < b.itemID
        }
    }

    /// The item a trace belongs to; nil when it is not an inbox item.
    static func key(of trace: Trace) -> String? {
        let p = trace.payload
        switch (trace.kind, trace.recordType) {
        case (.lab, "result"), (.healthlink, "result"):
            if let filler = p["_filler"], !filler.isEmpty { return "result|\(filler)|\(p["_test_code"] ?? "")" }
            return "result|\(p["_sending_facility"] ?? "")|\(p["_message_id"] ?? "")|\(trace.locator.message ?? 0)|\(p["_test_code"] ?? "")"
        case (.healthlink, "document"), (.healthlink, "referral-reply"), (.healthlink, "admission"), (.healthlink, "referral-received"),
             (.lab, "document"):
            if let id = p["_document_id"], !id.isEmpty { return "document|\(id)" }
            if let id = p["_message_id"], !id.isEmpty { return "document|\(p["_sending_facility"] ?? "")|\(id)" }
            return "document|" + trace.contentKey
        case (.portal, _):
            if let id = p["_message_id"], !id.isEmpty { return "portal|\(id)" }
            return "portal|" + trace.contentKey
        default:
            return nil
        }
    }

    static func statusRank(_ trace: Trace) -> Int {
        switch trace.payload["_status"] ?? "" {
        case "P", "I", "S", "R", "O": return 0
        case "F": return 1
        case "C": return 2
        default: return 1
        }
    }

    static func kind(of trace: Trace) -> InboxItem.Kind {
        switch trace.recordType {
        case "result": return .result
        case "referral-reply": return .letter
        case "admission", "referral-received": return .document
        case "document":
            let words = ((trace.payload["_document_type"] ?? "") + " " + (trace.payload["_summary"] ?? "")).lowercased()
            return words.contains("letter") || words.contains("discharge") || words.contains("summary") ? .letter : .document
        case "repeat-prescription": return .repeatPrescription
        case "appointment-request": return .appointmentRequest
        default: return .message
        }
    }
}
