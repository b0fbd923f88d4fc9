public import LacunaCore

/// A person who works the case in a browser.
public struct Person: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable {
        case gp, nurse, reception, admin
    }
    public var name: String
    public var role: Role
    /// A GP's or nurse's clinician code: whose candidates are "my list".
    public var provider: String?
    public var passwordHash: String

    public init(name: String, role: Role, provider: String?, passwordHash: String) {
        self.name = name
        self.role = role
        self.provider = provider
        self.passwordHash = passwordHash
    }
}

/// One candidate as a worklist shows it: the visit, the patient, and where the calls stand.
public struct WorklistRow: Sendable, Hashable {
    public var candidateID: String
    public var patientID: String
    public var familyName: String?
    public var givenName: String?
    public var dob: String?
    public var nhi: String?
    public var mobile: String?
    public var phone: String?
    public var date: String
    public var provider: String?
    public var confidence: Double
    public var tier: String
    public var priority: Int
    public var reason: String
    /// The latest outcome recorded, where there is one.
    public var outcome: String?
    public var closed: String?
    public var attempts: Int
    /// The evening of its clinician's worksheets the candidate is on (1, 2 …), where a run wrote them.
    public var evening: Int?
}

/// Where a candidate is on the printed worksheets: whose list, which evening, which place.
public struct CallEvening: Sendable, Hashable {
    public var candidateID: String
    public var provider: String?
    public var evening: Int
    public var position: Int

    public init(candidateID: String, provider: String?, evening: Int, position: Int) {
        self.candidateID = candidateID
        self.provider = provider
        self.evening = evening
        self.position = position
    }
}

/// What became of a call recorded against a version of the card.
public enum CallRecording: Sendable, Equatable {
    /// Written, with its access-log entry.
    case saved
    /// Not written: these calls were recorded since the version the form showed.
    case conflict([RecordedOutcome])
    /// Not written: no candidate with that id (a re-run may have replaced it).
    case unknownCandidate
}

/// What a patient's card shows: the candidate's row, the evidence, the calls so far (oldest first)
/// and the patient's lost results and letters.
public struct CardContents: Sendable {
    public var row: WorklistRow
    public var evidence: [EvidenceRow]
    public var calls: [RecordedOutcome]
    public var inbox: [InboxRow]
}

/// One piece of evidence for a candidate, in the words inference gave it, with where it came from.
public struct EvidenceRow: Sendable, Hashable {
    public var summary: String
    public var weight: Double
    public var kind: String
    public var file: String
    public var place: String
    /// How the trace was tied to the patient (the link's rule) and its weight.
    public var linkRule: String?
    public var linkWeight: Double?
}

/// An outcome as recorded, with who recorded it, when, and its version (the row's id).
public struct RecordedOutcome: Sendable, Hashable {
    public var id: Int
    public var outcome: CallOutcome
    public var caller: String
    public var recordedAt: String
    public var source: String?
}

/// A lost inbox item as the worklist shows it, with its filing.
public struct InboxRow: Sendable, Hashable {
    public var itemID: String
    public var patientID: String?
    public var familyName: String?
    public var givenName: String?
    public var received: String
    public var source: String
    public var kind: String
    public var summary: String
    public var abnormal: String?
    public var provider: String?
    /// The latest filing ("filed" or "reopened"), by whom and when.
    public var filing: String?
    public var filedBy: String?
    public var filedAt: String?
}

/// A link a person should look at, as a run stores it (from `LinkReviewItem`).
public struct ReviewItemRecord: Sendable, Hashable {
    public var traceID: Int64
    public var decisionKey: String
    public var source: String
    public var locator: String
    public var patientID: String
    public var rule: String
    public var matchProbability: Double
    /// Match weights per comparison, one line each (labels only).
    public var explanation: String

    public init(traceID: Int64, decisionKey: String, source: String, locator: String, patientID: String, rule: String,
                matchProbability: Double, explanation: String) {
        self.traceID = traceID
        self.decisionKey = decisionKey
        self.source = source
        self.locator = locator
        self.patientID = patientID
        self.rule = rule
        self.matchProbability = matchProbability
        self.explanation = explanation
    }
}

/// Who a record names, as the record itself says it (a trace's identity) or as the case holds them (a patient).
public struct NamedPerson: Sendable, Hashable {
    public var nhi, familyName, givenName, dob, mobile, phone, email, address: String?
}

/// An uncertain link with both sides: what the trace says, and the patient it was tied to.
public struct ReviewRow: Sendable, Hashable {
    public var item: ReviewItemRecord
    public var trace: NamedPerson
    public var patient: NamedPerson
    /// The decision recorded so far (confirm or reject), by whom and when.
    public var decision: String?
    public var decidedBy: String?
}

/// A file the case has read, and how.
public struct SourceFileRow: Sendable, Hashable {
    public var kind, path: String
    public var read, imported, duplicates, rejected: Int
    public var importedAt: String
    /// How it was read, a line each; its warnings.
    public var reading: [String]
    public var warnings: [String]
}

/// What the worklist needs of the case: people and sessions, the candidates, a patient's card, the lost
/// inbox and its filings, call outcomes with a version check, and the access log. Every page's data
/// comes through these operations (no SQL outside the Store), so the same server can later keep a
/// region's cases on another engine.
extension CaseStore {
    // MARK: People and sessions

    public func addPerson(_ person: Person) throws {
        try database.run("INSERT INTO person (name, role, provider, password_hash, created_at) VALUES (?, ?, ?, ?, datetime('now'))",
                         [.text(person.name), .text(person.role.rawValue), SQLValue(person.provider), .text(person.passwordHash)])
    }

    public func person(named name: String) throws -> Person? {
        try database.rows("SELECT name, role, provider, password_hash FROM person WHERE name = ?", [.text(name)]).first.flatMap(Self.person)
    }

    public func people() throws -> [Person] {
        try database.rows("SELECT name, role, provider, password_hash FROM person ORDER BY name").compactMap(Self.person)
    }

    private static func person(_ row: [SQLValue]) -> Person? {
        guard let name = row[0].string, let role = row[1].string.flatMap(Person.Role.init(rawValue:)), let hash = row[3].string else { return nil }
        return Person(name: name, role: role, provider: row[2].string, passwordHash: hash)
    }

    /// Starts a session: the token's hash, its CSRF token, and when it expires (ISO 8601 UTC).
    public func startSession(tokenSHA256: String, person: String, csrf: String, expiresAt: String) throws {
        try database.run("DELETE FROM web_session WHERE expires_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
        try database.run("INSERT INTO web_session (token_sha256, person, csrf, created_at, expires_at) VALUES (?, ?, ?, datetime('now'), ?)",
                         [.text(tokenSHA256), .text(person), .text(csrf), .text(expiresAt)])
    }

    /// The person and CSRF token of a session that has not expired.
    public func session(tokenSHA256: String) throws -> (person: Person, csrf: String)? {
        guard let row = try database.rows("""
            SELECT p.name, p.role, p.provider, p.password_hash, s.csrf FROM web_session s JOIN person p ON p.name = s.person
            WHERE s.token_sha256 = ? AND s.expires_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            """, [.text(tokenSHA256)]).first, let person = Self.person(Array(row.prefix(4))), let csrf = row[4].string else { return nil }
        return (person, csrf)
    }

    public func endSession(tokenSHA256: String) throws {
        try database.run("DELETE FROM web_session WHERE token_sha256 = ?", [.text(tokenSHA256)])
    }

    public func recordLoginFailure(name: String) throws {
        try database.run("INSERT INTO login_failure (name, at) VALUES (?, datetime('now'))", [.text(name)])
    }

    /// Failed sign-ins for a name in the last `minutes`.
    public func loginFailures(name: String, minutes: Int) throws -> Int {
        try database.rows("SELECT count(*) FROM login_failure WHERE name = ? AND at >= datetime('now', ?)",
                          [.text(name), .text("-\(minutes) minutes")]).first?.first?.int ?? 0
    }

    // MARK: Candidates and cards

    /// The candidates in triage order (priority, then tier, then confidence), with their latest outcome;
    /// `provider` narrows to one clinician's.
    public func worklist(provider: String? = nil) throws -> [WorklistRow] {
        // A candidate is on the list of the clinician whose worksheet holds it (else the encounter's).
        try worklistRows(where: "(CAST(? AS TEXT) IS NULL OR COALESCE(c.provider, e.provider) = ?)", [SQLValue(provider), SQLValue(provider)])
    }

    /// Records whose worksheet and which evening each candidate is on (replacing the last run's).
    public func replaceCallEvenings(_ places: [CallEvening]) throws {
        try database.transaction {
            try database.execute("DELETE FROM call_evening")
            for place in places {
                try database.run("""
                    INSERT INTO call_evening (candidate_id, provider, evening, position) VALUES (?, ?, ?, ?)
                    ON CONFLICT (candidate_id) DO UPDATE SET provider = excluded.provider, evening = excluded.evening, position = excluded.position
                    """,
                                 [.text(place.candidateID), SQLValue(place.provider), .integer(Int64(place.evening)), .integer(Int64(place.position))])
            }
        }
    }

    /// One candidate's row, or nil.
    public func worklistRow(candidateID: String) throws -> WorklistRow? {
        try worklistRows(where: "e.candidate_id = ?", [.text(candidateID)]).first
    }

    private func worklistRows(where condition: String, _ arguments: [SQLValue]) throws -> [WorklistRow] {
        // Each candidate's latest outcome and how many were recorded, in the same query.
        try database.rows("""
            SELECT e.candidate_id, e.patient_id, p.family_name, p.given_name, p.dob, p.nhi, p.mobile, p.phone, e.date, e.provider,
                   e.confidence, e.tier, e.priority, e.reason, o.outcome, o.closed_reason,
                   (SELECT count(*) FROM call_outcome n WHERE n.candidate_id = e.candidate_id), c.evening
            FROM encounter e LEFT JOIN patient p ON p.id = e.patient_id LEFT JOIN call_evening c ON c.candidate_id = e.candidate_id
            LEFT JOIN call_outcome o ON o.id = (SELECT max(id) FROM call_outcome l WHERE l.candidate_id = e.candidate_id)
            WHERE \(condition)
            ORDER BY e.priority, CASE e.tier WHEN 'confirmed' THEN 0 WHEN 'probable' THEN 1 ELSE 2 END, e.confidence DESC, e.candidate_id
            """, arguments).compactMap { row in
            guard let id = row[0].string, let patient = row[1].string else { return nil }
            return WorklistRow(candidateID: id, patientID: patient, familyName: row[2].string, givenName: row[3].string, dob: row[4].string,
                               nhi: row[5].string, mobile: row[6].string, phone: row[7].string, date: row[8].string ?? "",
                               provider: row[9].string, confidence: row[10].double ?? 0, tier: row[11].string ?? "",
                               priority: row[12].int ?? 9, reason: row[13].string ?? "", outcome: row[14].string,
                               closed: row[15].string.flatMap { $0.isEmpty ? nil : $0 }, attempts: row[16].int ?? 0, evening: row[17].int)
        }
    }

    /// One candidate's evidence, strongest first, with where each piece came from and how it was tied.
    public func evidence(candidateID: String) throws -> [EvidenceRow] {
        try database.rows("""
            SELECT ev.summary, ev.weight, t.kind, f.path, t.line, t.message, t.byte_offset, l.rule, l.weight
            FROM encounter_evidence ev JOIN trace t ON t.id = ev.trace_id JOIN source_file f ON f.id = t.file_id
            LEFT JOIN encounter e ON e.candidate_id = ev.candidate_id
            LEFT JOIN link l ON l.trace_id = ev.trace_id AND l.patient_id = e.patient_id
            WHERE ev.candidate_id = ? ORDER BY ev.weight DESC, t.id
            """, [.text(candidateID)]).map { row in
            let place = row[4].int.map { "line \($0)" } ?? row[5].int.map { "message \($0)" } ?? row[6].int.map { "byte \($0)" } ?? ""
            return EvidenceRow(summary: row[0].string ?? "", weight: row[1].double ?? 0, kind: row[2].string ?? "", file: row[3].string ?? "",
                               place: place, linkRule: row[7].string, linkWeight: row[8].double)
        }
    }

    /// Every outcome recorded for a candidate, oldest first, with its version.
    public func outcomes(candidateID: String) throws -> [RecordedOutcome] {
        try database.rows("""
            SELECT id, outcome, seen_on, attempts, summary, follow_ups, next_attempt, closed_reason, caller, recorded_at, source
            FROM call_outcome WHERE candidate_id = ? ORDER BY id
            """, [.text(candidateID)]).map { row in
            RecordedOutcome(id: row[0].int ?? 0,
                            outcome: CallOutcome(candidateID: candidateID, outcome: row[1].string ?? "", seenOn: row[2].string ?? "",
                                                 attempts: row[3].string ?? "", summary: row[4].string ?? "", followUps: row[5].string ?? "",
                                                 nextAttempt: row[6].string ?? "", closed: row[7].string ?? ""),
                            caller: row[8].string ?? "", recordedAt: row[9].string ?? "", source: row[10].string)
        }
    }

    /// Records an outcome unless someone recorded one since `version` (the id of the latest outcome the
    /// person saw; 0 for none): then nothing is written and the outcomes recorded since are returned,
    /// for the person to see what changed. Checked and written in one transaction.
    public func recordCallOutcome(_ outcome: CallOutcome, by caller: String, seenVersion version: Int, source: String) throws -> CallRecording {
        try database.transaction {
            guard let patient = try database.rows("SELECT patient_id FROM encounter WHERE candidate_id = ?", [.text(outcome.candidateID)]).first else {
                return .unknownCandidate
            }
            let patientID = patient[0].string
            let earlier = try outcomes(candidateID: outcome.candidateID)
            let since = earlier.filter { $0.id > version }
            guard since.isEmpty else { return .conflict(since) }
            try recordCallOutcome(outcome, by: caller, typedAt: nil, source: source)
            // The access log says what changed, in the same transaction as the change.
            try logAccess(actor: caller, action: "recorded a call", patientID: patientID, detail: outcome.candidateID,
                          before: earlier.last?.outcome.described, after: outcome.described)
            return .saved
        }
    }

    /// Everything a patient's card shows (nil when the candidate is not in the case), its reading
    /// logged in the access log by `reader`.
    public func card(candidateID: String, readBy reader: String) throws -> CardContents? {
        guard let row = try worklistRow(candidateID: candidateID) else { return nil }
        try logAccess(actor: reader, action: "read a card", patientID: row.patientID, detail: candidateID)
        return CardContents(row: row, evidence: try evidence(candidateID: candidateID), calls: try outcomes(candidateID: candidateID),
                            inbox: try inbox(patientID: row.patientID))
    }

    // MARK: The lost inbox

    /// The lost inbox, critical first, each item with its latest filing; `patientID` narrows to one patient's.
    public func inbox(patientID: String? = nil) throws -> [InboxRow] {
        var filings: [String: (String, String, String)] = [:]
        for row in try database.rows("""
            SELECT f.item_id, f.action, f.by, f.at FROM item_filed f
            WHERE CAST(? AS TEXT) IS NULL OR f.item_id IN (SELECT item_id FROM inbox_item WHERE patient_id = ?) ORDER BY f.id
            """, [SQLValue(patientID), SQLValue(patientID)]) {
            if let id = row[0].string { filings[id] = (row[1].string ?? "", row[2].string ?? "", row[3].string ?? "") }
        }
        return try database.rows("""
            SELECT i.item_id, i.patient_id, p.family_name, p.given_name, i.received, i.source, i.kind, i.summary, i.abnormal, i.provider
            FROM inbox_item i LEFT JOIN patient p ON p.id = i.patient_id
            WHERE (CAST(? AS TEXT) IS NULL OR i.patient_id = ?)
            ORDER BY CASE i.abnormal WHEN 'critical' THEN 0 WHEN 'abnormal' THEN 1 ELSE 2 END, i.received, i.item_id
            """, [SQLValue(patientID), SQLValue(patientID)]).compactMap { row in
            guard let id = row[0].string else { return nil }
            let filing = filings[id]
            return InboxRow(itemID: id, patientID: row[1].string, familyName: row[2].string, givenName: row[3].string, received: row[4].string ?? "",
                            source: row[5].string ?? "", kind: row[6].string ?? "", summary: row[7].string ?? "", abnormal: row[8].string,
                            provider: row[9].string, filing: filing?.0, filedBy: filing?.1, filedAt: filing?.2)
        }
    }

    /// Marks an inbox item filed (or reopened) by a named person.
    public func fileInboxItem(_ itemID: String, action: String, by person: String, note: String?) throws {
        try database.run("INSERT INTO item_filed (item_id, action, by, at, note) VALUES (?, ?, ?, datetime('now'), ?)",
                         [.text(itemID), .text(action), .text(person), SQLValue(note)])
    }

    /// Every file the case has read (its latest content per path), by kind and path.
    public func sourceFiles() throws -> [SourceFileRow] {
        try database.rows("""
            SELECT kind, path, read, imported, duplicates, rejected, imported_at, reading, warnings FROM source_file
            WHERE id IN (SELECT max(id) FROM source_file GROUP BY kind, path) ORDER BY kind, path
            """).map { row in
            func lines(_ value: SQLValue) -> [String] { (value.string ?? "").split(separator: "\n").map(String.init) }
            return SourceFileRow(kind: row[0].string ?? "", path: row[1].string ?? "", read: row[2].int ?? 0, imported: row[3].int ?? 0,
                                 duplicates: row[4].int ?? 0, rejected: row[5].int ?? 0, importedAt: row[6].string ?? "",
                                 reading: lines(row[7]), warnings: lines(row[8]))
        }
    }

    /// The source kinds from which at least one file has been read.
    public func sourceKindsWithFiles() throws -> [String] {
        try database.rows("SELECT DISTINCT kind FROM source_file ORDER BY kind").compactMap { $0[0].string }
    }

    // MARK: Review of uncertain links

    /// The links to look at, least certain first, each with both sides and any decision so far.
    public func reviewRows() throws -> [ReviewRow] {
        var decisions: [String: (String, String)] = [:]
        for row in try database.rows("SELECT subject_key, decision, decided_by FROM review_decision WHERE subject = 'link' ORDER BY id") {
            if let key = row[0].string { decisions[key] = (row[1].string ?? "", row[2].string ?? "") }
        }
        return try database.rows("""
            SELECT r.trace_id, r.decision_key, r.source, r.locator, r.patient_id, r.rule, r.match_probability, r.explanation,
                   t.nhi, t.family_name, t.given_name, t.dob, t.mobile, t.phone, t.email, t.address,
                   p.nhi, p.family_name, p.given_name, p.dob, p.mobile, p.phone, p.email, p.address
            FROM review_item r JOIN trace t ON t.id = r.trace_id LEFT JOIN patient p ON p.id = r.patient_id
            ORDER BY r.match_probability, r.trace_id
            """).map { row in
            let item = ReviewItemRecord(traceID: Int64(row[0].int ?? 0), decisionKey: row[1].string ?? "", source: row[2].string ?? "",
                                        locator: row[3].string ?? "", patientID: row[4].string ?? "", rule: row[5].string ?? "",
                                        matchProbability: row[6].double ?? 0, explanation: row[7].string ?? "")
            func person(_ at: Int) -> NamedPerson {
                NamedPerson(nhi: row[at].string, familyName: row[at + 1].string, givenName: row[at + 2].string, dob: row[at + 3].string,
                            mobile: row[at + 4].string, phone: row[at + 5].string, email: row[at + 6].string, address: row[at + 7].string)
            }
            let decision = decisions[item.decisionKey]
            return ReviewRow(item: item, trace: person(8), patient: person(16), decision: decision?.0, decidedBy: decision?.1)
        }
    }

    // MARK: The access log

    /// Appends who read or changed which patient's card, and what changed (before and after).
    public func logAccess(actor: String, action: String, patientID: String?, detail: String, before: String? = nil, after: String? = nil) throws {
        try database.run("INSERT INTO access_log (at, actor, action, detail, patient_id, before, after) VALUES (datetime('now'), ?, ?, ?, ?, ?, ?)",
                         [.text(actor), .text(action), .text(detail), SQLValue(patientID), SQLValue(before), SQLValue(after)])
    }

    /// The access log, newest first (`limit` rows).
    public func accessLog(limit: Int = 200) throws -> [(at: String, actor: String, action: String, patientID: String?, detail: String)] {
        try database.rows("SELECT at, actor, action, patient_id, detail FROM access_log ORDER BY id DESC LIMIT ?", [.integer(Int64(limit))]).map {
            ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "", $0[3].string, $0[4].string ?? "")
        }
    }
}
