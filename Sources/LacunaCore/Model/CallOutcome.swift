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
    /// Why the card is closed (documented, confirmed not seen, unreachable…); empty while open.
    public var closed: String

    public init(candidateID: String, outcome: String, seenOn: String, attempts: String, summary: String, followUps: String,
                nextAttempt: String, closed: String) {
        self.candidateID = candidateID
        self.outcome = outcome
        self.seenOn = seenOn
        self.attempts = attempts
        self.summary = summary
        self.followUps = followUps
        self.nextAttempt = nextAttempt
        self.closed = closed
    }

    /// Whether the candidate needs no more calls: closed, or reached (in person or through a proxy).
    public var isDone: Bool {
        let said = outcome.lowercased()
        return !closed.isEmpty || said.hasPrefix("reached") || said.hasPrefix("proxy")
    }
}
