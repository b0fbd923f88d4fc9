import Foundation
import HummingbirdBcrypt
public import LacunaCore
public import Store

/// The case as the worklist's handlers reach it: one actor over the Store, so that requests from many
/// people at once reach the case database one at a time (SQLite's own locking keeps a run that writes
/// beside it safe). Handlers call these operations, never SQL.
public actor CaseDesk {
    private let store: CaseStore
    private nonisolated let memo = SessionMemo()
    /// bcrypt's cost for new passwords (12 in use; tests pass a low one).
    public let cost: UInt8

    /// The case in `case.sqlite` at `path`.
    public init(path: String, cost: UInt8 = 12) throws {
        try self.init(connection: try Database(path: path), cost: cost)
    }

    /// The case on an open connection (a region's PostgreSQL server).
    public init(connection: any SQLConnection, cost: UInt8 = 12) throws {
        store = try CaseStore(connection: connection)
        // A run writing its derived facts holds the write lock for seconds: a person's save waits for it.
        (store.database as? Database)?.busyTimeout(milliseconds: 60_000)
        // Many small reads for weeks: the case's pages stay in memory rather than read again each time.
        try (store.database as? Database)?.keepInMemory(megabytes: 256)
        self.cost = cost
    }

    // MARK: People

    /// Adds a person with a password, stored as a bcrypt hash.
    public func addPerson(name: String, role: Person.Role, provider: String?, password: String) throws {
        try store.addPerson(Person(name: name, role: role, provider: provider, passwordHash: Bcrypt.hash(password, cost: cost)))
    }

    public func people() throws -> [Person] { try store.people() }

    /// The person whose name and password these are; a failure is counted for slowing the next tries.
    public func signIn(name: String, password: String) throws -> Person? {
        if let person = try store.person(named: name), Bcrypt.verify(password, hash: person.passwordHash) { return person }
        try store.recordLoginFailure(name: name)
        return nil
    }

    public func recentFailures(name: String) throws -> Int { try store.loginFailures(name: name, minutes: 15) }

    public func startSession(tokenSHA256: String, person: String, csrf: String, expiresAt: String) throws {
        try store.startSession(tokenSHA256: tokenSHA256, person: person, csrf: csrf, expiresAt: expiresAt)
    }

    /// The live session a token's hash names. Every request asks, so a session read from the case is
    /// kept for `SessionMemo.seconds` and answered from memory meanwhile, without waiting for the desk:
    /// an expiry or a change made from the terminal is seen within that time; signing out at once.
    public nonisolated func session(tokenSHA256: String) async throws -> (person: Person, csrf: String)? {
        if let kept = memo.session(tokenSHA256) { return kept }
        guard let session = try await storedSession(tokenSHA256: tokenSHA256) else { return nil }
        memo.keep(tokenSHA256, session)
        return session
    }

    private func storedSession(tokenSHA256: String) throws -> (person: Person, csrf: String)? { try store.session(tokenSHA256: tokenSHA256) }

    public func endSession(tokenSHA256: String) throws {
        memo.forget(tokenSHA256)
        try store.endSession(tokenSHA256: tokenSHA256)
    }

    // MARK: Work

    public func worklist(provider: String? = nil) throws -> [WorklistRow] { try store.worklist(provider: provider) }

    public func outcomes(candidateID: String) throws -> [RecordedOutcome] { try store.outcomes(candidateID: candidateID) }

    /// Records a call unless someone recorded one since `seenVersion` (then returns theirs, writing
    /// nothing) or the candidate is gone; the change goes into the access log with it.
    public func recordCallOutcome(_ outcome: CallOutcome, by caller: String, seenVersion: Int, source: String) throws -> CallRecording {
        try store.recordCallOutcome(outcome, by: caller, seenVersion: seenVersion, source: source)
    }

    /// A patient's card in one turn of the desk, its reading logged.
    public func card(candidateID: String, readBy reader: String) throws -> CardContents? {
        try store.card(candidateID: candidateID, readBy: reader)
    }

    public func inbox(patientID: String? = nil) throws -> [InboxRow] { try store.inbox(patientID: patientID) }

    public func fileInboxItem(_ itemID: String, action: String, by person: String, note: String?) throws {
        try store.fileInboxItem(itemID, action: action, by: person, note: note)
    }

    public func reviewRows() throws -> [ReviewRow] { try store.reviewRows() }

    public func recordLinkDecision(key: String, decision: String, by person: String, note: String?) throws {
        try store.recordLinkDecision(key: key, decision: decision, by: person, note: note)
    }

    public func sourceFiles() throws -> [SourceFileRow] { try store.sourceFiles() }

    public func sourceKindsWithFiles() throws -> [String] { try store.sourceKindsWithFiles() }

    public func log(actor: String, action: String, patientID: String?, detail: String, before: String? = nil, after: String? = nil) throws {
        try store.logAccess(actor: actor, action: action, patientID: patientID, detail: detail, before: before, after: after)
    }

    public func accessLog(limit: Int = 200) throws -> [(at: String, actor: String, action: String, patientID: String?, detail: String)] {
        try store.accessLog(limit: limit)
    }
}

/// Sessions read from the case, kept a short while: a signed-out session is forgotten at once; one
/// that expires, or a person changed from the terminal, is read again within `seconds`.
final class SessionMemo: @unchecked Sendable {
    static let seconds: TimeInterval = 30
    private let lock = NSLock()
    private var kept: [String: (person: Person, csrf: String, until: Date)] = [:]

    func session(_ key: String) -> (person: Person, csrf: String)? {
        lock.withLock {
            guard let entry = kept[key] else { return nil }
            guard entry.until > Date() else { kept[key] = nil; return nil }
            return (entry.person, entry.csrf)
        }
    }

    func keep(_ key: String, _ session: (person: Person, csrf: String)) {
        lock.withLock {
            if kept.count > 10_000 { kept.removeAll() }
            kept[key] = (session.person, session.csrf, Date().addingTimeInterval(Self.seconds))
        }
    }

    func forget(_ key: String) { _ = lock.withLock { kept.removeValue(forKey: key) } }
}
