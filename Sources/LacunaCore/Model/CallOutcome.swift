/// What a caller recorded about a candidate on the call list (written by people, never by a run).
public struct CallOutcome: Sendable, Hashable {
    public var candidateID: String
    /// reached, proxy, voicemail, no answer, wrong number, declined; as the caller wrote it.
    public var outcome: String
    /// The lost day(s) the patient says they were seen, or `not seen`.
    public var seenOn: String
    public var attempts: String
    public var summary: String
    public var followUps: String
    public var nextAttempt: String
    /// Whether the card is closed, as the caller wrote it: yes/no words, or the reason it is closed
    /// (documented, confirmed not seen, unreachable…); empty while open.
    public var closed: String

    public init(candidateID: String, outcome: String = "", seenOn: String = "", attempts: String = "", summary: String = "",
                followUps: String = "", nextAttempt: String = "", closed: String = "") {
        self.candidateID = candidateID
        self.outcome = outcome
        self.seenOn = seenOn
        self.attempts = attempts
        self.summary = summary
        self.followUps = followUps
        self.nextAttempt = nextAttempt
        self.closed = closed
    }

    /// The fields typed, as the access log keeps them: "outcome: reached; summary: …".
    public var described: String {
        [("outcome", outcome), ("seen_on", seenOn), ("summary", summary), ("follow_ups", followUps), ("next_attempt", nextAttempt),
         ("closed", closed)].filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
    }

    /// A field by the call list's column name (`outcome`, `seen_on`, `closed` …); nil for another name.
    public subscript(column: String) -> String? {
        switch column {
        case "outcome": return outcome
        case "seen_on": return seenOn
        case "attempts": return attempts
        case "summary": return summary
        case "follow_ups": return followUps
        case "next_attempt": return nextAttempt
        case "closed": return closed
        default: return nil
        }
    }

    /// What the call came to, read from the caller's words.
    public enum Kind: String, Sendable, CaseIterable {
        case reached, proxy, voicemail, noAnswer = "no answer", wrongNumber = "wrong number", declined
    }

    /// The outcome's kind; nil when nothing is written or the words are not understood.
    public var kind: Kind? { Self.kind(of: outcome) }

    /// Reads an outcome as callers write it: `reached`, `spoke to pt`, `spoke to mum` (proxy), `left
    /// msg`, `VM`, `no answer`, `wrong no`, `declined` …
    public static func kind(of text: String) -> Kind? {
        let t = words(text)
        guard !t.isEmpty else { return nil }
        if let exact = Kind(rawValue: t) { return exact }
        let proxies = ["mum", "mother", "dad", "father", "parent", "wife", "husband", "partner", "carer", "caregiver", "daughter", "son",
                       "whanau", "whānau", "family", "guardian", "nana", "koro", "grandmother", "grandfather", "brother", "sister"]
        if t.hasPrefix("proxy") || (["spoke to", "spoke with", "talked to", "talked with"].contains { t.hasPrefix($0) }
                                     && proxies.contains { t.split(separator: " ").contains(Substring($0)) }) {
            return .proxy
        }
        let table: [(Kind, [String])] = [
            (.reached, ["reached", "spoke", "spoke to patient", "spoke to pt", "spoke with patient", "talked to patient", "contacted",
                        "answered", "done", "yes", "called back", "rang back"]),
            (.voicemail, ["voicemail", "vm", "left message", "left msg", "left a message", "message left", "lm", "lmtc", "vmail"]),
            (.noAnswer, ["no answer", "noanswer", "no reply", "no response", "na", "n a", "rang out", "not answered", "unanswered", "busy"]),
            (.wrongNumber, ["wrong number", "wrong no", "wrong num", "wrong", "disconnected", "not in service", "number not in service",
                            "no longer their number"]),
            (.declined, ["declined", "refused", "not interested", "did not want", "didnt want"]),
        ]
        for (kind, phrases) in table where phrases.contains(t) { return kind }
        for (kind, phrases) in table where phrases.contains(where: { $0.count > 3 && t.hasPrefix($0 + " ") }) { return kind }
        if t.hasPrefix("spoke to") || t.hasPrefix("spoke with") || t.hasPrefix("talked to") { return .reached }
        return nil
    }

    /// What `closed` says.
    public enum Closing: Sendable, Equatable {
        /// Empty, or a no: the card stays to ring (a card once closed is reopened this way).
        case open
        /// A yes, or a reason for closing (`moved to Perth`, `documented`).
        case closed
        /// Words that do not say (`?`, `maybe`, `tbc`): the card stays open and the words are reported.
        case unclear
    }

    public var closing: Closing { Self.closing(of: closed) }

    public static func closing(of text: String) -> Closing {
        let t = words(text)
        if t.isEmpty { return text.contains("?") ? .unclear : .open }
        let no: Set<String> = ["no", "n", "false", "0", "not yet", "open", "reopen", "re open", "not closed", "still open", "nope"]
        if no.contains(t) || t.hasPrefix("no ") || t.hasPrefix("not ") { return .open }
        if text.contains("?") || ["maybe", "tbc", "pending", "unsure", "not sure", "later", "perhaps", "unknown"].contains(where: { t.hasPrefix($0) }) {
            return .unclear
        }
        return .closed
    }

    /// Whether the candidate needs no more calls: closed, or reached (in person or through a proxy).
    public var isDone: Bool {
        if closing == .closed { return true }
        return kind == .reached || kind == .proxy
    }

    /// Lower case, punctuation as spaces, single spaces: how callers' words are compared.
    public static func words(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }).split(separator: " ").joined(separator: " ")
    }
}
