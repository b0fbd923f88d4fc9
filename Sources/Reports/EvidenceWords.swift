import Synchronization
import Foundation
public import LacunaCore

/// Evidence as the people who call read it: what a record showed with the clinicians' names ("booked
/// 08:45 with Dr William Stewart, medical certificate"), where it came from ("the appointment book,
/// appointments.xlsx line 1125") and why it is this patient ("NHI and date of birth match"). The
/// file's path, byte offset and the model's figures stay in the CSVs for IT.
public enum EvidenceWords {
    /// A source as a sentence names it.
    public static func sourceName(_ kind: SourceKind) -> String {
        switch kind {
        case .register: return "the register"
        case .appointments: return "the appointment book"
        case .ledger: return "the ledger"
        case .bank: return "the bank statement"
        case .eftpos: return "the EFTPOS terminal report"
        case .lab: return "the lab's resend"
        case .healthlink: return "Healthlink's resend"
        case .portal: return "the patient portal"
        case .searchIndex: return "the search index"
        case .dbRemnant: return "the damaged database"
        case .remembered: return "a clinician's remembered list"
        case .callbacks: return "a patient's callback"
        }
    }

    /// What a record showed, with each clinician's code written as their name and a loose link's rule
    /// in words (`linkSaid`); where the page says why the record is this patient beside it
    /// (`whySaidBeside`), only that the link is loose.
    public static func what(_ summary: String, view: CaseView, whySaidBeside: Bool = false) -> String {
        let summary = linkSaid(summary, rule: !whySaidBeside)
        guard !view.providers.isEmpty else { return summary }
        if let said = whatOfASCII(summary, providers: view.providers) { return said }
        var words = summary.split(byte: 0x20, omittingEmptySubsequences: false).map(String.init)
        for index in words.indices.dropFirst() where codeFollows.contains(words[index - 1]) {
            var word = words[index]
            let tail = word.last.map { [",", ";", ")", ":"].contains($0) } == true ? String(word.removeLast()) : ""
            if let provider = view.providers.first(where: { $0.code == word }) { words[index] = provider.name + tail }
        }
        return words.joined(separator: " ")
    }

    /// A summary with the rule inference gives a loosely linked record (" [linked by model: date of
    /// birth+family name, p 0.62]") said as `why` says it (" [linked loosely: date of birth and family
    /// name match; the model is 62% sure]"), or without the rule (" [linked loosely]"); any other
    /// summary as it is.
    static func linkSaid(_ summary: String, rule: Bool = true) -> String {
        var text = summary
        // Looked for byte by byte: most summaries have none, and a search through a string's views
        // (Foundation's or the standard library's) cost more than the rest of saying the summary.
        let parts: (before: String, rule: String, after: String)? = text.withUTF8 { bytes in
            let marker = linkedBy, count = bytes.count
            var at = 0
            while at + marker.count < count {
                if bytes[at] == marker[0] && bytes[at + 1] == marker[1] && marker.indices.allSatisfy({ bytes[at + $0] == marker[$0] }) {
                    var end = at + marker.count
                    while end < count && bytes[end] != UInt8(ascii: "]") { end += 1 }
                    guard end < count else { return nil }
                    return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<at]), as: UTF8.self),
                            String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + marker.count)..<end]), as: UTF8.self),
                            String(decoding: UnsafeBufferPointer(rebasing: bytes[(end + 1)...]), as: UTF8.self))
                }
                at += 1
            }
            return nil
        }
        guard let parts else { return summary }
        return parts.before + (rule ? " [linked loosely: " + why(parts.rule) + "]" : " [linked loosely]") + parts.after
    }

    /// What inference writes before a loose link's rule.
    private static let linkedBy = Array(" [linked by ".utf8)

    /// The words after which a summary may name a clinician by code.
    static let codeFollows = ["with", "by", "for"]

    /// `what` of a summary all ASCII (nearly every one), taken apart by its bytes, each a character
    /// of its own: a code is looked for only after "with", "by" or "for", and a summary naming no code
    /// is handed back as it is rather than split into words and joined again (which, character by
    /// character, was most of the cost of a worksheet card). Nil for any other summary.
    static func whatOfASCII(_ summary: String, providers: [Provider]) -> String? {
        return summary.withUTF8Bytes { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            // The text said so far, made at the first code written as a name; `copied`: the bytes of
            // the summary already in it.
            var said: String?, copied = 0
            var afterKeyword = false
            var start = 0
            while start <= bytes.count {
                var stop = start
                while stop < bytes.count && bytes[stop] != UInt8(ascii: " ") { stop += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                var name: String?
                if afterKeyword {
                    let tail = word.last.flatMap { [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: ":")].contains($0) ? $0 : nil }
                    let code = String(decoding: tail == nil ? word : UnsafeBufferPointer(rebasing: word.dropLast()), as: UTF8.self)
                    if let provider = providers.first(where: { $0.code == code }) {
                        name = provider.name + (tail.map { String(UnicodeScalar($0)) } ?? "")
                    }
                }
                if let name {
                    said = (said ?? "") + String(decoding: UnsafeBufferPointer(rebasing: bytes[copied..<start]), as: UTF8.self) + name
                    copied = stop
                    afterKeyword = codeFollows.contains(name)
                } else {
                    afterKeyword = codeFollows.contains { word.elementsEqual($0.utf8) }
                }
                start = stop + 1
            }
            guard let said else { return summary }
            return said + String(decoding: UnsafeBufferPointer(rebasing: bytes[copied...]), as: UTF8.self)
        }
    }

    /// Where a record came from: `the appointment book, appointments.xlsx line 1125`.
    public static func place(_ trace: Trace) -> String {
        let file = lastPart(of: trace.file)
        var at: [String] = []
        if let message = trace.locator.message, trace.kind == .lab || trace.kind == .healthlink || trace.kind == .portal {
            at.append("message \(message)")
        } else if let line = trace.locator.line {
            at.append("line \(line)")
        } else if let message = trace.locator.message {
            at.append("record \(message)")
        }
        return "\(sourceName(trace.kind)), \(file)" + (at.isEmpty ? "" : " " + at.joined(separator: " "))
    }

    /// A path's last part, as `split(separator: "/").last` gives it (the path itself where it has none).
    static func lastPart(of path: String) -> String {
        path.split(byte: UInt8(ascii: "/")).last.map(String.init) ?? path
    }

    /// Why a record is this patient, from its link's rule: "model: date of birth+identifier, p 0.98" is
    /// "date of birth and NHI match"; "card+household+same-day" is "card, household and same day match";
    /// a rule naming several alike says so.
    public static func why(_ rule: String?) -> String {
        guard let rule else { return whyAnyRule(nil) }
        // Rules are few (a fixed vocabulary, a probability of two decimals) and said on every card and
        // links page: each said once a run.
        if let said = whyOfRule.withLock({ $0[rule] }) { return said }
        let said = whyAnyRule(rule)
        whyOfRule.withLock { $0[rule] = said }
        return said
    }

    /// The words said for each rule so far.
    private static let whyOfRule = Mutex<[String: String]>([:])

    /// `why` worked out.
    static func whyAnyRule(_ rule: String?) -> String {
        guard var text = rule?.trimmingSpaces(), !text.isEmpty else { return "the patient's own record" }
        var tail: [String] = []
        if let confirmed = text.range(of: "; confirmed in review") {
            text.removeSubrange(confirmed)
            tail.append("confirmed by a person")
        }
        if text == "register" { return (["the patient's own record"] + tail).joined(separator: "; ") }
        var sure: String?
        if text.hasPrefix("model: ") { text = String(text.dropFirst(7)) }
        if let p = text.range(of: ", p ") {
            if let value = Double(text[p.upperBound...]), value < 0.95 { sure = "the model is \(Int((value * 100).rounded()))% sure" }
            text = String(text[..<p.lowerBound])
        }
        var alike: String?
        if let comma = text.range(of: ", ") {
            alike = String(text[comma.upperBound...])
            text = String(text[..<comma.lowerBound])
        }
        let parts = text.replacingEvery(" and ", with: "+").split(separator: "+")
            .map { fieldWords[$0.trimmingSpaces().lowercased()] ?? $0.trimmingSpaces() }
            // "nhi+identifier" is one NHI said once.
            .reduce(into: [String]()) { kept, part in if !part.isEmpty, !kept.contains(part) { kept.append(part) } }
        var sentence = parts.count <= 1 ? (parts.first ?? text) : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        sentence += parts.count == 1 && only.contains(text.lowercased()) ? " only" : parts.count > 1 || matchable.contains(text.lowercased()) ? " match" : ""
        return ([sentence] + [alike, sure].compactMap { $0 } + tail).joined(separator: "; ")
    }

    /// What a rule's parts stand for.
    static let fieldWords: [String: String] = [
        "nhi": "NHI", "identifier": "NHI", "nhi in reference": "NHI in the payment's reference", "nhi-not-in-register": "NHI (not in the register)",
        "dob": "date of birth", "date of birth": "date of birth", "patient-id": "chart number", "name": "name", "part-name": "part of the name",
        "given name": "given name", "family name": "family name", "phone": "phone", "mobile": "mobile", "email": "e-mail",
        "evidence": "the day's other records", "seen": "seen that day", "same-day": "paid the same day", "household": "household",
        "booking-time": "booking time", "card": "card", "payer": "payer", "sex": "sex", "address": "address", "postcode": "postcode",
    ]
    /// Rules that stand alone and are weak on their own ("name only").
    static let only: Set<String> = ["name", "phone", "payer", "family"]
    /// Rules that are one field agreeing ("NHI match").
    static let matchable: Set<String> = ["nhi", "dob", "patient-id"]
}
