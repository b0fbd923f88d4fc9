import Foundation
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
/// - A copy from a damaged database or an index joins the resend's item by the same keys, else is
///   keyed by its table and key (the database's and the index's copies of one record are one item).
/// A referral the practice sent is not an inbox item (it is evidence of an encounter, and a referral
/// to reconcile).
public struct InboxFinder: Sendable {
    public init() {}

    public func find(traces: [Trace], links: [Link], window: Window) -> [InboxItem] {
        let patientOf = Dictionary(links.map { ($0.traceID, $0.patientID) }, uniquingKeysWith: { a, _ in a })
        var groups: [String: [ReceivedVersion]] = [:]
        var order: [String] = []
        for trace in traces {
            guard let key = Self.key(of: trace) else { continue }
            let received = trace.payload["_received"].flatMap(TraceTime.init(payloadText:)) ?? trace.time
            guard let received else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(ReceivedVersion(trace: trace, received: received))
        }
        Self.joinCopies(&groups, patientOf: patientOf)
        var items: [InboxItem] = []
        for key in order {
            guard let versions = groups[key] else { continue }
            let inWindow = versions.filter { window.contains($0.received) }
            guard !inWindow.isEmpty else { continue }
            let byTime = versions.sorted { a, b in
                let ta = a.received.instant ?? .distantPast, tb = b.received.instant ?? .distantPast
                if ta != tb { return ta < tb }
                if a.received.localDate != b.received.localDate { return a.received.localDate < b.received.localDate }
                return Self.statusRank(a.trace) < Self.statusRank(b.trace)
            }
            // The sender's own latest version speaks for the item; a copy only where no sender's survives.
            let latest = (byTime.last { ![.dbRemnant, .searchIndex].contains($0.trace.kind) } ?? byTime.last!).trace
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

    /// A text's words of four letters or more (`split(whereSeparator: { !$0.isLetter })`, those of four
    /// characters or more), as texts. In ASCII the letters are A–Z and a–z, one byte a character: the runs
    /// of them found from the bytes (`asciiRuns`). Taking each summary apart character by character was two
    /// fifths of joining copies to their resends.
    static func longWords(_ text: String) -> [String] {
        let words = text.asciiRuns { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) } ?? text.split(whereSeparator: { !$0.isLetter })
        return words.filter { $0.count >= 4 }.map(String.init)
    }

    /// A copy from a damaged database or an index whose fields name no sender's key (its `remnant|` key)
    /// joins the resend's item of the same patient and kind, received within six hours of any of its
    /// versions, that its key or ids name or whose test or title it shares (the nearest in time); else
    /// it stays an item of its own.
    static func joinCopies(_ groups: inout [String: [ReceivedVersion]], patientOf: [Int64: String]) {
        let copies = groups.keys.filter { $0.hasPrefix("remnant|") }.sorted()
        guard !copies.isEmpty else { return }
        func patient(_ versions: [ReceivedVersion]) -> String? { versions.lazy.compactMap { $0.trace.id.flatMap { patientOf[$0] } }.first }
        func words(_ trace: Trace) -> Set<String> {
            Set(longWords([trace.payload["_test_name"], trace.payload["_summary"], trace.payload["_document_type"]].compactMap { $0 }
                .joined(separator: " ").lowercased()))
        }
        func ids(_ trace: Trace) -> Set<String> {
            Set(["_filler", "_document_id", "_message_id"].compactMap { trace.payload[$0] }.filter { !$0.isEmpty })
        }
        var byPatient: [String: [OtherItem]] = [:]
        // In the keys' order, never the dictionary's: a copy equally near two items must join the same one
        // on every run (the dictionary's order changes from one process to the next).
        for key in groups.keys.sorted() where !key.hasPrefix("remnant|") {
            guard let versions = groups[key], let who = patient(versions), let first = versions.first else { continue }
            byPatient[who, default: []].append(OtherItem(key: key, kind: kind(of: first.trace), instants: versions.compactMap(\.received.instant),
                                                     ids: versions.reduce(into: Set<String>()) { $0.formUnion(ids($1.trace)) },
                                                     words: versions.reduce(into: Set<String>()) { $0.formUnion(words($1.trace)) }))
        }
        for key in copies {
            guard let versions = groups[key], let who = patient(versions), let first = versions.first, let at = first.received.instant else { continue }
            let theirIDs = ids(first.trace).union([first.trace.payload["_remnant_key"] ?? ""].filter { !$0.isEmpty })
            let theirWords = words(first.trace), theirKind = kind(of: first.trace)
            func apart(_ other: OtherItem) -> TimeInterval { other.instants.map { abs($0.timeIntervalSince(at)) }.min() ?? .infinity }
            let near = (byPatient[who] ?? []).filter { other in
                guard apart(other) <= 6 * 3600 else { return false }
                let sameKind = other.kind == theirKind || (other.kind != .result && theirKind != .result)
                return sameKind && (!other.ids.isDisjoint(with: theirIDs) || !other.words.isDisjoint(with: theirWords))
            }
            guard let best = near.min(by: { (apart($0), $0.key) < (apart($1), $1.key) }) else { continue }
            groups[best.key, default: []] += versions
            groups[key] = nil
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
        case (.dbRemnant, "result"), (.searchIndex, "result"):
            // A copy of a result: one item with the lab's resend of it where it holds the filler number.
            if let filler = p["_filler"], !filler.isEmpty { return "result|\(filler)|\(p["_test_code"] ?? "")" }
            return "remnant|\(p["_remnant_table"] ?? "")|\(p["_remnant_key"] ?? trace.contentKey)"
        case (.dbRemnant, "document"), (.searchIndex, "document"):
            if let id = p["_document_id"], !id.isEmpty { return "document|\(id)" }
            return "remnant|\(p["_remnant_table"] ?? "")|\(p["_remnant_key"] ?? trace.contentKey)"
        case (.dbRemnant, "message"), (.searchIndex, "message"):
            if let id = p["_message_id"], !id.isEmpty { return "portal|\(id)" }
            return "remnant|\(p["_remnant_table"] ?? "")|\(p["_remnant_key"] ?? trace.contentKey)"
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

/// A trace of an inbox item and when it was received.
struct ReceivedVersion {
    let trace: Trace
    let received: TraceTime
}

/// An item a copy may join: its key, kind, when first received, its senders' ids and its words.
private struct OtherItem {
    let key: String
    let kind: InboxItem.Kind
    /// When each of its versions was received.
    let instants: [Date]
    let ids: Set<String>
    let words: Set<String>
}
