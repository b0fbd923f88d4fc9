import Foundation
import Importing
import LacunaCore
import Reports
import Store

/// Call outcomes written into the call-list CSVs (`call-lists/<provider>.csv`), stored in the case
/// before the lists are written again, so what the GPs recorded survives every run and comes back in
/// the next lists; a candidate reached or closed leaves the recall worklist.
///
/// Nothing typed is lost: a list is read by its header words (any case, spaces or underscores, a
/// title row above), whatever its name (a saved copy such as `RS_backup.csv` too); a file unchanged
/// since a run wrote or read it is not read again; where two files say different things of one
/// candidate the one saved last wins, and an older copy never undoes a newer outcome; a broken row,
/// or words not understood, are reported by file and line; a file that held what people typed is
/// kept in the case (`kept_file`) before the list is written again, and a file no run wrote is never
/// removed.
enum CallOutcomes {
    /// The CSV columns people fill in (as the lists write them), with the header words people use.
    static let meanings: HeaderMap.Synonyms = [
        "candidate_ids": ["candidate ids", "candidate id", "candidates", "candidate"],
        "outcome": ["call outcome", "result"],
        "seen_on": ["seen on", "seen", "day seen", "date seen"],
        "attempts": ["attempt", "tries"],
        "summary": ["notes", "note", "consultation summary"],
        "follow_ups": ["follow ups", "follow up", "followups", "followup"],
        "next_attempt": ["next attempt", "next call", "call again"],
        "closed": ["closed", "close", "closed reason", "done"],
        // Who rang: recorded as the caller of the row's outcome (else the person running the case).
        "caller": ["called by", "rung by", "rang", "caller name", "staff", "initials", "who rang", "by"],
    ]

    /// What collecting found, for the person running and for the lists' folder.
    struct Collected {
        /// Candidates with a new record.
        var recorded = 0
        /// Said to the person running (file names and lines, never what was typed).
        var messages: [String] = []
        /// Files in the folder that people made or changed: never removed as stale.
        var peoplesFiles: Set<String> = []
    }

    /// Spreadsheet files people may save a list as: `.xlsx` and `.xlsm` are read (their sheet with the
    /// `candidate_ids` column); the others are said, not read.
    static let spreadsheetExtensions: Set<String> = ["xlsx", "xls", "xlsm", "ods", "numbers"]
    static let readableWorkbooks: Set<String> = ["xlsx", "xlsm"]

    /// Stores outcomes new since the last run.
    static func collect(from folder: URL, store: CaseStore, person: String, window: Window) throws -> Collected {
        var collected = Collected()
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var changed: [(entry: String, bytes: [UInt8], saved: [UInt8], sha: String, modified: Date, lastWritten: Bool)] = []
        for entry in entries {
            let name = "call-lists/\(entry)"
            let fileExtension = (entry as NSString).pathExtension.lowercased()
            if spreadsheetExtensions.contains(fileExtension) && !readableWorkbooks.contains(fileExtension) {
                collected.peoplesFiles.insert(entry)
                collected.messages.append("\(name): not read: Lacuna reads call lists as CSV or .xlsx; save it as one of those in call-lists/ and run again")
                continue
            }
            guard fileExtension == "csv" || readableWorkbooks.contains(fileExtension) else { continue }
            let url = folder.appendingPathComponent(entry)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                collected.peoplesFiles.insert(entry)
                collected.messages.append("\(name): cannot be read (permissions?); not collected")
                continue
            }
            let saved = [UInt8](data)
            let sha = SHA256.hex(bytes: saved)
            // A workbook is read as the CSV of its sheet with the candidate ids (a person saved it: never a run's).
            var bytes = saved
            if readableWorkbooks.contains(fileExtension) {
                collected.peoplesFiles.insert(entry)
                do { bytes = try SavedWorkbook.csv(saved, preferring: "candidate_ids") } catch {
                    if try store.sheetSeen(name)?.sha256 != sha {
                        collected.messages.append("\(name): not read: \(error); open it and save it again, or save it as CSV")
                        try store.markSheetSeen(name, sha256: sha, written: false)
                    }
                    continue
                }
            }
            let seen = try store.sheetSeen(name)
            if seen?.sha256 != sha || seen?.written != true { collected.peoplesFiles.insert(entry) }
            if seen?.sha256 == sha { continue }
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()
            changed.append((entry, bytes, saved, sha, modified, seen?.written == true))
        }
        // Oldest saved first, so that what was saved last wins.
        changed.sort { ($0.modified, $0.entry) < ($1.modified, $1.entry) }
        // What the lists on disk were written with, what the case holds now, and every earlier state.
        let written = try store.callOutcomes()
        let history = try store.callOutcomeHistory()
        var known = written
        var typedAt = try store.callOutcomeTimes()
        for file in changed {
            let name = "call-lists/\(file.entry)"
            let stamp = file.modified.isoUTC
            guard let sheet = EditedSheet.read(file.bytes, meanings: meanings, required: "candidate_ids") else {
                let kept = try store.keepFile(name, bytes: file.saved, modifiedAt: stamp, reason: "no candidate_ids column found")
                collected.messages.append("\(name): no `candidate_ids` column found, so nothing in it was read; the file is kept in the case (kept file \(kept)); put the header row back and run again")
                try store.markSheetSeen(name, sha256: file.sha, written: false)
                continue
            }
            var applied = 0, older = 0
            for line in sheet.brokenLines {
                collected.messages.append("\(name) line \(line): the row could not be read (a stray quote?), so it was not recorded; fix it in a copy of the file and run again")
            }
            for row in sheet.rows {
                let ids = (row.values["candidate_ids"] ?? "").split(whereSeparator: { ",; \t".contains($0) }).map(String.init)
                // What was typed: the cells that differ from what the row held before a person changed
                // it. A list a run wrote holds, on a patient's row, the outcome of the first of their
                // candidates that has one, as it was then; a copy no run wrote is compared with the case.
                let held = file.lastWritten ? written : known
                let baseline = ids.lazy.compactMap { held[$0] }.first ?? CallOutcome(candidateID: "")
                let typed = row.values.filter { meaning, value in !["candidate_ids", "caller"].contains(meaning) && value != baseline[meaning] }
                guard !typed.isEmpty else { continue }
                let caller = (row.values["caller"] ?? "").trimmingSpaces()
                var understood = true
                for id in ids {
                    let before = known[id] ?? CallOutcome(candidateID: id)
                    let after = merged(before, with: typed)
                    guard after != before else { continue }
                    // A copy no run wrote (`RS_backup.csv`) never undoes what was typed later, nor brings
                    // back an earlier state.
                    if !file.lastWritten, (typedAt[id].map { $0 > stamp } ?? false) || (history[id] ?? []).contains(after) {
                        older += 1
                        continue
                    }
                    if understood {
                        let problems = Self.problems(after, window: window)
                        for problem in problems { collected.messages.append("\(name) line \(row.line): \(problem)") }
                        understood = problems.isEmpty
                    }
                    try store.recordCallOutcome(after, by: caller.isEmpty ? person : caller, typedAt: stamp, source: "\(name) line \(row.line)")
                    known[id] = after
                    typedAt[id] = stamp
                    applied += 1
                }
            }
            collected.recorded += applied
            if applied > 0 || older > 0 || !sheet.brokenLines.isEmpty {
                let kept = try store.keepFile(name, bytes: file.saved, modifiedAt: stamp, reason: "held what people typed")
                var said = "\(name): \(applied) outcome(s) recorded"
                if older > 0 { said += "; \(older) older than an outcome already recorded from a file saved later, not applied" }
                if !sheet.brokenLines.isEmpty { said += "; \(sheet.brokenLines.count) row(s) could not be read" }
                collected.messages.append(said + "; the file as saved is kept in the case (kept file \(kept)) before the list is written again")
            }
            try store.markSheetSeen(name, sha256: file.sha, written: false)
        }
        return collected
    }

    /// The outcome with the row's cells put in: a meaning given replaces the value (an empty
    /// cell clears it, so a closed card can be reopened); a meaning not given leaves the value as it was.
    static func merged(_ outcome: CallOutcome, with values: [String: String]) -> CallOutcome {
        var o = outcome
        if let v = values["outcome"] { o.outcome = v }
        if let v = values["seen_on"] { o.seenOn = v }
        if let v = values["attempts"] { o.attempts = v }
        if let v = values["summary"] { o.summary = v }
        if let v = values["follow_ups"] { o.followUps = v }
        if let v = values["next_attempt"] { o.nextAttempt = v }
        if let v = values["closed"] { o.closed = v }
        return o
    }

    /// What in an outcome Lacuna does not understand: kept as typed, said so a person can look.
    static func problems(_ outcome: CallOutcome, window: Window) -> [String] {
        var problems: [String] = []
        if !outcome.outcome.isEmpty, outcome.kind == nil {
            problems.append("the outcome is not one Lacuna knows (reached, proxy, voicemail, no answer, wrong number, declined); kept as typed, and the card stays on the recall list")
        }
        if outcome.closing == .unclear {
            problems.append("`closed` does not say yes or no; kept as typed, and the card stays open")
        }
        let seen = CallOutcome.words(outcome.seenOn)
        if !seen.isEmpty, !["not seen", "no", "none", "not", "yes", "both", "all", "seen", "n a", "na", "unsure"].contains(seen),
           !seen.hasPrefix("not "), DayWords.read(outcome.seenOn, window: window).dates.isEmpty {
            problems.append("`seen_on` names no day of the lost window; kept as typed")
        }
        return problems
    }

    /// Notes the lists a run wrote, so they are not read again until a person changes them.
    static func noteWritten(_ sheets: [(name: String, data: Data)], store: CaseStore) throws {
        for sheet in sheets {
            try store.markSheetSeen(sheet.name, sha256: SHA256.hex(bytes: [UInt8](sheet.data)), written: true)
        }
    }
}
