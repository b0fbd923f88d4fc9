public import Foundation
import Remnants
public import LacunaCore
import Importing
public import Store
public import Linkage
public import Inference
public import Reports

/// What a run produced.
public struct RunOutcome: Sendable {
    public var outputFolder: URL
    public var view: CaseView
    /// Said to the person running it (never patient data).
    public var warnings: [String]
    /// Why the outputs, though written, are not to be worked from (a source all rejected, a register
    /// that names nobody): the run ends with exit 1.
    public var failures: [String] = []
    /// Nothing was new since the last finished run: nothing was read or written, and `view` is empty;
    /// `lastRun` holds what that run found.
    public var unchanged = false
    public var lastRun: RunTally?
}

/// Why a run could not produce its outputs.
public struct RunError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// `lacuna run`: imports every source of the playbook into the case database, links, infers, and
/// writes every output. Incremental: a file already imported with the same content is not read again;
/// a record the case already holds counts as a duplicate; what people recorded is never touched.
public struct CaseRun {
    public var playbook: Playbook
    public var outputFolder: URL
    public var linker: any PatientLinker = CaseLinker()
    public var inferrer: any EncounterInferrer
    /// The working papers' choices (evening size, SMS rendering, annotation type) and today's date.
    public var work: WorkOptions
    /// Progress lines for a terminal (never patient data).
    public var progress: @Sendable (String) -> Void = { _ in }
    /// The run's phases and the import's files and bytes, for a progress bar (never patient data).
    public var onPhase: @Sendable (RunProgress) -> Void = { _ in }
    /// What the person running must know while the run goes on, terminal or not (never patient data).
    public var notice: @Sendable (String) -> Void = { _ in }
    /// Runs into a folder holding a case of another name (the same case renamed in its playbook).
    public var takeOver = false
    /// Stops early when nothing is new since the last finished run (no file, option or sheet changed,
    /// nothing recorded): the outputs stay as they are. The command line sets it; a run a person asks
    /// for in the worklist does not.
    public var skipWhenUnchanged = false
    /// Reads and hashes every file the playbook names, even one whose stamp (size, times, inode) is the
    /// one it had when it was imported (`SourceFile.stamp()`); `--everything` sets it, for a file system
    /// whose times cannot be trusted.
    public var readEveryFile = false
    /// Opens the case database elsewhere than `case.sqlite` in the output folder (a region's
    /// PostgreSQL server: `lacuna run --database postgres://…`); nil keeps the embedded default.
    public var openDatabase: (@Sendable () throws -> any SQLConnection)?

    public init(playbook: Playbook, outputOverride: URL? = nil) {
        self.playbook = playbook
        inferrer = FirstInference(hours: playbook.hours)
        work = WorkOptions(clock: playbook.clock)
        if let outputOverride {
            outputFolder = outputOverride
        } else if playbook.output.hasPrefix("/") {
            outputFolder = URL(fileURLWithPath: playbook.output)
        } else {
            outputFolder = playbook.folder.appendingPathComponent(playbook.output)
        }
    }

    /// Imports, links, infers and writes, every phone number written without a country read as the
    /// practice's country's.
    public func run() throws -> RunOutcome {
        try PhoneNumber.$homeCountryCode.withValue(playbook.callingCode) { try runInCountry() }
    }

    func runInCountry() throws -> RunOutcome {
        let previous = umask(0o077)
        defer { umask(previous) }
        try refuseOutputInsideSources()
        do {
            try OutputFolder.prepare(outputFolder, inside: false)
        } catch {
            throw RunError(description: "\(outputFolder.path): cannot use the output folder (\(error.reason)); check it is writable")
        }
        let lock = try RunLock(folder: outputFolder) {
            notice("another run is in progress on \(outputFolder.path); waiting for it to finish")
        }
        defer { withExtendedLifetime(lock) {} }
        let store: CaseStore
        // A new case is built in a file of its own, moved into place when the run ends (`NewCaseFile`).
        let newCase = openDatabase == nil ? NewCaseFile(folder: outputFolder) : nil
        var built: Database?
        do {
            if let openDatabase {
                store = try CaseStore(connection: try openDatabase())
            } else if let newCase {
                let database = try newCase.open()
                built = database
                store = try CaseStore(connection: database)
            } else {
                store = try CaseStore(path: outputFolder.appendingPathComponent("case.sqlite").path)
            }
        } catch {
            if openDatabase != nil { throw RunError(description: "cannot open the case database (\(error)); check the server is running and the address") }
            throw RunError(description: "\(outputFolder.path)/case.sqlite: cannot open the case database (\(error)); move a damaged file aside and run again")
        }
        do {
            let outcome: RunOutcome
            do {
                outcome = try run(with: store)
            } catch {
                // What a failed run committed is kept, as on the log (a transaction cut short is rolled back),
                // unless a write to the case failed: with no journal it cannot be undone, and the case is let go.
                if let newCase, let built {
                    if built.spoiled {
                        newCase.discard(built)
                        throw RunError(description: "\(outputFolder.path)/case.sqlite: \(error); \(NewCaseFile.letGo)")
                    }
                    try? newCase.moveIntoPlace(built)
                }
                throw error
            }
            if let newCase, let built { try newCase.moveIntoPlace(built) }
            return outcome
        } catch let error as RunError {
            throw error
        } catch let error as OutputError {
            throw RunError(description: "\(outputFolder.path): \(error); check free space and permissions, then run again (the case is kept)")
        } catch let error as DatabaseError {
            throw RunError(description: (openDatabase == nil ? "\(outputFolder.path)/case.sqlite: " : "the case database: ") + "\(error)")
        } catch {
            throw RunError(description: "\(outputFolder.path): \(error)")
        }
    }

    /// `remnants-map.yml` beside the playbook, and a fingerprint of it (a changed map reads the remnants again).
    func loadRemnantMap() throws -> (map: TableMap, fingerprint: String)? {
        let url = playbook.folder.appendingPathComponent("remnants-map.yml")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return (try TableMap.read(String(decoding: data, as: UTF8.self), file: url.path), SHA256.hex(bytes: [UInt8](data)))
        } catch {
            throw RunError(description: error.description)
        }
    }

    /// An output folder inside a source's folder would have the next run read this run's outputs back
    /// as evidence (call lists as portal messages, recalls as callbacks): refused before anything runs.
    func refuseOutputInsideSources() throws {
        for source in playbook.sources {
            let absolute = source.path.hasPrefix("/") ? source.path : playbook.folder.appendingPathComponent(source.path).path
            let inside: Bool
            if absolute.contains(where: { "*?[".contains($0) }) {
                // The output folder, or a folder above it, is one the pattern matches.
                var folder = outputFolder.standardizedFileURL
                var matched = false
                while folder.pathComponents.count > 1, !matched {
                    matched = fnmatch(absolute, folder.path, FNM_PATHNAME) == 0
                    folder.deleteLastPathComponent()
                }
                inside = matched
            } else {
                inside = SourceFiles.kind(of: Array(absolute.utf8)) == .folder
                    && SourceFiles.contains(URL(fileURLWithPath: absolute), outputFolder)
            }
            if inside {
                throw RunError(description: "\(playbook.url.path):\(source.line): the output folder \(outputFolder.path) is inside the `\(source.kind.rawValue)` source `\(source.path)`, so a run would read its own outputs back; put the output folder elsewhere (`output:` or --out)")
            }
        }
    }

    /// The layouts of a bank or terminal source's rules files, each with the SHA-256 of its bytes.
    static func rules(of source: SourceSpec, playbook: Playbook) throws -> [(layout: PaymentLayout, sha256: String)] {
        guard let rulesPath = source.rules else { return [] }
        let ruleFiles: [SourceFile]
        do {
            ruleFiles = try SourceFiles.resolve(rulesPath, relativeTo: playbook.folder)
        } catch {
            throw RunError(description: "\(playbook.url.path):\(source.line): `rules` path `\(rulesPath)` does not exist; fix the path")
        }
        do {
            return try ruleFiles.map { file in
                (try RulesFile.load(URL(fileURLWithPath: file.display)), SHA256.hex(bytes: file.contents() ?? []))
            }
        } catch {
            throw RunError(description: "\(error)")
        }
    }

    /// Refuses a folder that holds another case; claims the folder for this one.
    func claimFolder(_ store: CaseStore) throws {
        let mine = CaseOwner(caseName: playbook.caseName, practiceName: playbook.practiceName, playbook: playbook.url.path)
        if let owner = try store.caseOwner(), owner.caseName != mine.caseName || owner.practiceName != mine.practiceName, !takeOver {
            throw RunError(description: """
                \(outputFolder.path): this folder holds the case "\(owner.caseName)" of \(owner.practiceName) (made by \(owner.playbook)), \
                not "\(mine.caseName)" of \(mine.practiceName); nothing was changed. Give this playbook its own `output:` folder (or --out); \
                if it is the same case renamed, run once with --same-case
                """)
        }
        try store.claimCase(mine)
    }

    private func run(with store: CaseStore) throws -> RunOutcome {
        try claimFolder(store)
        // Nothing new since a run that finished and failed nothing: the outputs stand.
        if skipWhenUnchanged, let last = try store.runInputs(), RunInputs.outputsPresent(in: outputFolder),
           try RunInputs(playbook: playbook, work: work, outputFolder: outputFolder, store: store).fingerprint == last {
            onPhase(RunProgress(phase: .done))
            let empty = CaseView(caseName: playbook.caseName, practiceName: playbook.practiceName, window: playbook.window, sources: [],
                                 patients: [], traces: [], encounters: [], unmatched: [], rejects: [])
            return RunOutcome(outputFolder: outputFolder, view: empty, warnings: [], unchanged: true, lastRun: try store.lastRun())
        }
        // Forgotten until this run finishes: a run cut short reads everything next time.
        try store.recordRunInputs(nil)
        // A new case's traces, all imported below, are handed back as written rather than read again.
        store.keepWrittenTraces()
        var warnings: [String] = []
        var summaries: [SourceSummary] = []
        var fileOfSource: [String: Int] = [:]
        var importedThisRun = 0
        var failures: [String] = []
        var namedBy: [SourceFile: [Int]] = [:]
        // The files and bytes ahead, for the bar (a path that does not exist is said below).
        let planned = playbook.sources.flatMap { (try? SourceFiles.resolve($0.path, relativeTo: playbook.folder)) ?? [] }
        var bar = RunProgress(phase: .importing, totalFiles: planned.count,
                              totalBytes: planned.map { (try? FileManager.default.attributesOfItem(atPath: $0.display)[.size] as? Int) ?? 0 }.reduce(0, +))
        onPhase(bar)
        for (position, source) in playbook.sources.enumerated() {
            let files: [SourceFile]
            do {
                files = try SourceFiles.resolve(source.path, relativeTo: playbook.folder)
            } catch {
                throw RunError(description: "\(playbook.url.path):\(source.line): source `\(source.kind.rawValue)` path `\(source.path)` does not exist; fix the path or remove the source")
            }
            for file in files { namedBy[file, default: []].append(position) }
            var summary = SourceSummary(kind: source.kind, path: source.path, files: files.count, read: 0, imported: 0,
                                        duplicates: 0, rejected: 0, linked: 0, status: "imported", warnings: [])
            if files.isEmpty { summary.warnings.append("\(source.path): no files yet") }
            // A damaged database or an index copy: read with the table map beside the playbook.
            let remnantKind = source.kind == .dbRemnant || source.kind == .searchIndex
            let remnantMap = remnantKind ? try loadRemnantMap() : nil
            guard remnantKind || Importers.importer(for: source.kind) != nil else {
                summary.status = "not-yet-supported"
                summary.warnings.append("\(source.kind.rawValue): this build cannot read this kind yet; its \(files.count) file(s) were not imported")
                summaries.append(summary)
                continue
            }
            var rules: [PaymentLayout] = []
            // How the files are read is part of what was imported: a new rules file or `layout:` reads
            // the files again.
            var readingFingerprint = source.layout.map { "layout:\($0)" } ?? ""
            if Importers.readerVersion(source.kind) > 1 { readingFingerprint += "|reader:\(Importers.readerVersion(source.kind))" }
            // Numbers written without a country are read as the practice's: another country reads them again.
            if playbook.callingCode != "64" { readingFingerprint += "|country:\(playbook.callingCode)" }
            if remnantKind { readingFingerprint += "|remnants:1|map:" + (remnantMap?.fingerprint ?? "proposed") }
            for rule in try Self.rules(of: source, playbook: playbook) {
                rules.append(rule.layout)
                readingFingerprint += "|rules:" + rule.sha256
            }
            // What identifies a file as imported: its bytes' digest, and how it is read where that is said.
            let readingAs = readingFingerprint
            func imported(content: String) -> String { readingAs.isEmpty ? content : SHA256.hex(content + readingAs) }
            // Made where a file is read (the practice's clinicians folded for each source): a re-run that
            // knows every file reads none.
            lazy var settings = playbook.importSettings(for: source, rules: rules)
            for file in files {
                let name = SourceFiles.caseName(of: file.display, folder: playbook.folder)
                fileOfSource[name] = position
                bar.file = name
                onPhase(bar)
                defer {
                    bar.files += 1
                    onPhase(bar)
                }
                let notUTF8 = "\(name): the file name is not UTF-8; read, and shown with its odd bytes as \\xNN"
                // A damaged database with the journal beside it that its reader replays: both, as one.
                let journal = source.kind == .dbRemnant ? file.journal : nil
                let stamp = file.stamp().map { own -> (text: String, size: Int) in
                    journal.map { (own.text + " journal " + ($0.stamp()?.text ?? "none"), own.size) } ?? own
                }
                let counts: FileCounts
                // Its stamp the one it had when it was imported, and read the same way: known without
                // reading or hashing its bytes (a re-run after one new file read every file the case names).
                if !readEveryFile, let stamp, let known = try store.importedFiles(kind: source.kind, path: name, stamp: stamp.text).first(where: { row in
                    row.contentSHA256.map(imported(content:)) == row.sha256
                }) {
                    if String(validating: file.path, as: UTF8.self) == nil { summary.warnings.append(notUTF8) }
                    bar.bytes += stamp.size
                    counts = known.counts
                    summary.add(counts)
                    continue
                }
                guard let bytes = file.contents() else {
                    summary.warnings.append("\(name): cannot be read (permissions?); skipped")
                    continue
                }
                if String(validating: file.path, as: UTF8.self) == nil { summary.warnings.append(notUTF8) }
                bar.bytes += bytes.count
                var contentSHA = SHA256.hex(bytes: bytes)
                if let journalBytes = journal?.contents(), !journalBytes.isEmpty {
                    contentSHA = SHA256.hex(contentSHA + " journal " + SHA256.hex(bytes: journalBytes))
                }
                let sha = imported(content: contentSHA)
                if let known = try store.importedFile(kind: source.kind, path: name, sha256: sha) {
                    // Its bytes those imported, its stamp another (copied or touched since): known by it from now.
                    if let stamp { try store.restamp(kind: source.kind, path: name, sha256: sha, stamp: stamp.text) }
                    counts = known
                } else {
                    progress("importing \(name)")
                    var result = remnantKind
                        ? RemnantTraces.read(kind: source.kind, path: file.display, name: name, map: remnantMap?.map, settings: settings)
                        : Importers.read(source.kind, file: name, bytes: bytes, settings: settings) ?? FileImport()
                    importedThisRun += 1
                    let crashPoint = "import:\(importedThisRun)"
                    counts = try store.recordImport(kind: source.kind, path: name, sha256: sha, contentSHA256: contentSHA, stamp: stamp?.text,
                                                    size: bytes.count,
                                                    encoding: result.encoding?.rawValue, traces: result.takeTraces(),
                                                    rejects: result.rejects, warnings: result.warnings, reading: result.reading,
                                                    errors: result.errors,
                                                    beforeCommit: { CrashPoint.reached(crashPoint) })
                }
                summary.add(counts)
            }
            // A source that gave nothing at all is an error, never a quiet zero.
            if summary.read > 0, summary.imported + summary.duplicates == 0 {
                let said = "\(source.path): every one of its \(summary.read) record(s) was rejected (rejects.csv says why); check the files are `\(source.kind.rawValue)` exports, and name their columns with `columns:` or a rules file"
                summary.errors.append(said)
                failures.append("`\(source.kind.rawValue)` " + said)
            }
            summaries.append(summary)
        }
        // A file two sources name is read once for each: said, so the double count is understood.
        for (file, positions) in namedBy.sorted(by: { $0.key.path.lexicographicallyPrecedes($1.key.path) }) where positions.count > 1 {
            let name = SourceFiles.caseName(of: file.display, folder: playbook.folder)
            let by = positions.map { "`\(playbook.sources[$0].kind.rawValue)` (line \(playbook.sources[$0].line))" }.joined(separator: " and ")
            warnings.append("\(name) is named by \(positions.count) sources, \(by): it was read once for each; name it in one source only")
        }

        progress("linking and inferring")
        onPhase(RunProgress(phase: .linking))
        // The pages the import left in the database's cache (32 MB) let go before linking, where a run
        // holds the most: linking takes that memory again rather than memory the kernel gives afresh.
        store.database.releaseMemory()
        var traces = try store.traces()
        ClinicianCodes.resolve(&traces, providers: playbook.providers)
        failures += Self.registerNamingNobody(traces, summaries: summaries)
        warnings += ClinicianCodes.unknown(traces, providers: playbook.providers)
        let person = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let decisions = try LinkReview.collectDecisions(from: outputFolder.appendingPathComponent("review.csv"), store: store,
                                                        person: person)
        if decisions.recorded > 0 { progress("\(decisions.recorded) review decision(s) recorded") }
        warnings.append(contentsOf: decisions.messages)
        let outcomes = try CallOutcomes.collect(from: outputFolder.appendingPathComponent("call-lists"), store: store, person: person,
                                                window: playbook.window)
        if outcomes.recorded > 0 { progress("\(outcomes.recorded) call outcome(s) recorded") }
        warnings.append(contentsOf: outcomes.messages)
        let linkDecisions = try store.linkDecisions()
        let (linkage, reviews, linkageFingerprint) = try link(traces, decisions: linkDecisions, store: store)
        onPhase(RunProgress(phase: .inferring))
        // Derived from the same links as the last run (nothing new but a call outcome, say): what it
        // derived, and the derived tables as it left them.
        let derivedFingerprint = DerivedMemo.fingerprint(linkage: linkageFingerprint, decisions: linkDecisions, inferrer: inferrer)
        let inbox: [InboxItem], encounters: [Encounter]
        if let derivedFingerprint, let bytes = try store.derivedMemo(fingerprint: derivedFingerprint),
           let kept = try? DerivedMemo(decoding: bytes) {
            (inbox, encounters) = (kept.inboxItems, kept.encounters)
        } else {
            inbox = InboxFinder().find(traces: traces, links: linkage.links, window: playbook.window)
            encounters = Triage.prioritise(
                inferrer.infer(traces: traces, links: linkage.links, patients: linkage.patients, window: playbook.window),
                inbox: inbox, traces: traces)
            try store.replaceDerived(patients: linkage.patients, links: linkage.links, encounters: encounters,
                                     unmatched: linkage.unmatched, inboxItems: inbox,
                                     reviewItems: reviews.map {
                                         ReviewItemRecord(traceID: $0.traceID, decisionKey: $0.decisionKey, source: $0.source, locator: $0.locator,
                                                          patientID: $0.patientID, rule: $0.rule, matchProbability: $0.matchProbability,
                                                          explanation: $0.explanation)
                                     },
                                     memo: derivedFingerprint.map { ($0, DerivedMemo(encounters: encounters, inboxItems: inbox).encoded) },
                                     beforeCommit: { CrashPoint.reached("derive") })
        }

        // Linked and unmatched traces per source, counted where the files sit in this playbook.
        let linkedTraceIDs = Set(linkage.links.map(\.traceID))
        let unmatchedTraceIDs = Set(linkage.unmatched.map(\.traceID))
        // A file's traces lie together: its source looked up once for them, not its name hashed for each.
        var lastFile: (name: String, position: Int?)?
        for trace in traces {
            let position: Int?
            if let lastFile, lastFile.name == trace.file {
                position = lastFile.position
            } else {
                position = fileOfSource[trace.file]
                lastFile = (trace.file, position)
            }
            // A damaged database's or an index's bookings are appointment traces of their file.
            guard let position, trace.kind == summaries[position].kind
                    || [.dbRemnant, .searchIndex].contains(summaries[position].kind) else { continue }
            if linkedTraceIDs.contains(trace.id ?? -1) { summaries[position].linked += 1 }
            if unmatchedTraceIDs.contains(trace.id ?? -1) { summaries[position].unmatched += 1 }
        }
        // Kinds this build cannot read are said once, in the summary table, not again as warnings.
        for summary in summaries where summary.status == "imported" { warnings.append(contentsOf: summary.warnings) }

        var view = CaseView(caseName: playbook.caseName, practiceName: playbook.practiceName, window: playbook.window,
                            sources: summaries, patients: linkage.patients, traces: traces, encounters: encounters,
                            inboxItems: inbox, unmatched: linkage.unmatched, rejects: try store.rejects(),
                            settlements: SettlementReconciliation.reconcile(traces: traces, window: playbook.window),
                            duplicates: try store.duplicates())
        view.reviews = reviews
        view.providers = playbook.providers
        view.practicePhone = playbook.practicePhone
        view.facility = playbook.facility
        view.callOutcomes = try store.callOutcomes()
        view.links = Dictionary(linkage.links.map { ($0.traceID, $0) }, uniquingKeysWith: { a, b in a.weight >= b.weight ? a : b })
        view.previousRun = try store.lastRun()
        var work = self.work
        if let folder = playbook.templates {
            let url = folder.hasPrefix("/") ? URL(fileURLWithPath: folder) : playbook.folder.appendingPathComponent(folder)
            do { work.templates = try Templates(folder: url) } catch { throw RunError(description: "\(error)") }
        }
        work.keepInCallLists = outcomes.peoplesFiles
        work.smsConsent = playbook.smsConsent
        progress("writing outputs")
        onPhase(RunProgress(phase: .writing))
        // A chart annotation whose inputs and file are as the last run wrote them is not made again.
        let earlierNotes = try store.notesMade()
        work.earlierNotes = earlierNotes
        let (sheets, tally, unconsented, notes) = try CaseReports.write(view, to: outputFolder, options: work)
        try store.recordNotesMade(notes, replacing: earlierNotes)
        try CallOutcomes.noteWritten(sheets, store: store)
        try store.replaceCallEvenings(Self.evenings(view, perEvening: work.perEvening))
        try store.recordRun(tally)
        if unconsented > 0 {
            warnings.append(playbook.smsConsent == .recorded
                ? "sms.csv: \(unconsented) mobile number(s) left out: the register records no consent to texts for them; if the practice's policy allows service texts, set `practice: { sms-consent: unless-declined }`"
                : "sms.csv: \(unconsented) number(s) have no SMS consent recorded in the register (consent column \"not recorded\"), listed as the practice's policy allows; check consent before sending")
        }
        onPhase(RunProgress(phase: .done))
        try store.logAccess(actor: ProcessInfo.processInfo.environment["USER"] ?? "unknown", action: "run",
                            detail: "imported \(importedThisRun) new file(s); wrote outputs")
        // What this run was made from, as the outputs now stand (the sheets it wrote included); a run
        // that failed is never skipped next time.
        if failures.isEmpty {
            try store.recordRunInputs(RunInputs(playbook: playbook, work: work, outputFolder: outputFolder, store: store).fingerprint)
        }
        return RunOutcome(outputFolder: outputFolder, view: view, warnings: warnings, failures: failures)
    }

    /// Links the traces and reviews the links, applying the decisions people recorded. What the last
    /// run that linked found is taken back where it was made from the same inputs (`LinkageMemo`):
    /// nothing but a call outcome, a decision or an option of the outputs new since. Otherwise, or
    /// where a decision asks of a link what was not kept, linked afresh, and kept for the next run;
    /// the model and what it made of each identity taken back where it was trained on the same patients
    /// and identities (`ModelMemo`).
    /// Also the fingerprint of what linking read (`LinkageMemo.fingerprint`), for what is derived from the links.
    func link(_ traces: [Trace], decisions: [String: String], store: CaseStore) throws
        -> (linkage: LinkageResult, reviews: [LinkReviewItem], fingerprint: String) {
        let fingerprint = LinkageMemo.fingerprint(traces: traces, window: playbook.window, providers: playbook.providers,
                                                  callingCode: playbook.callingCode, linker: linker)
        let byID = TracesByID(traces)
        if let bytes = try store.linkageMemo(fingerprint: fingerprint),
           let memo = try? LinkageMemo(decoding: bytes, traces: byID) {
            let kept = KeptEvidence(memo)
            let reviewed = LinkReview.review(memo.linkage, traces: traces, decisions: decisions, evidence: kept)
            if !kept.missed { return (reviewed.0, reviewed.1, fingerprint) }
        }
        let kept = try store.modelMemo().flatMap { ModelMemo.kept(fingerprint: $0.fingerprint, body: $0.body) }
        let linkage = linker.link(traces: traces, window: playbook.window, providers: playbook.providers, kept: kept)
        let recorded = RecordedEvidence(ModelEvidence(scoring: linkage.scoring
            ?? IdentityScoring(patients: linkage.patients, traces: linkage.links.compactMap { byID[$0.traceID] })))
        let reviewed = LinkReview.review(linkage, traces: traces, decisions: decisions, evidence: recorded)
        try keepModel(of: linkage, kept: kept, store: store)
        try store.recordLinkageMemo(fingerprint: fingerprint,
                                    body: LinkageMemo(linkage: linkage, recorded: recorded).encoded(traces: byID))
        // The model, its table and its answers, and what was kept of them, are let go here: nothing after
        // linking asks the model, and the rest of the run needs the room (its peak is in writing the outputs).
        var linked = reviewed.0
        linked.scoring = nil
        linked.toKeep = nil
        return (linked, reviewed.1, fingerprint)
    }

    /// Keeps the model linking trained, or took back, for the next run (`ModelMemo`), with what it
    /// answered in this run (the review asked it of every link): where that is not what the case keeps.
    func keepModel(of linkage: LinkageResult, kept: KeptModel?, store: CaseStore) throws {
        let trainedOn = linkage.scoring?.trainedOn
        guard var toKeep = linkage.toKeep ?? kept.flatMap({ $0.trainedOn == trainedOn ? $0 : nil }) else { return }
        if let scoring = linkage.scoring { toKeep.answers = scoring.answersGiven }
        if linkage.toKeep != nil || toKeep.answers != kept?.answers {
            try store.recordModelMemo(fingerprint: toKeep.trainedOn, body: ModelMemo.encoded(toKeep))
        }
    }

    /// A register whose rows name nobody (no NHI, and no name with a date of birth: its columns were not
    /// recognised) would leave every trace to be tied by the other sources alone: a failure, not a warning.
    static func registerNamingNobody(_ traces: [Trace], summaries: [SourceSummary]) -> [String] {
        let registers = summaries.filter { $0.kind == .register && $0.read > 0 && $0.imported + $0.duplicates > 0 }
        guard !registers.isEmpty else { return [] }
        let rows = traces.filter { $0.kind == .register }
        guard !rows.contains(where: \.identity.identifiesAPatient) else { return [] }
        return ["`register` \(registers.map(\.path).joined(separator: ", ")): none of its \(rows.count) row(s) names a patient (no column was read as the NHI, nor as a name with a date of birth), so nobody could be tied to the register; run `lacuna inspect` on the file and name its columns with `columns:`"]
    }

    /// Whose worksheets and which evening each candidate is on, as the run printed them.
    static func evenings(_ view: CaseView, perEvening: Int) -> [CallEvening] {
        var places: [CallEvening] = []
        for list in CallLists.build(view, perEvening: perEvening) {
            var position = 0
            for (evening, cards) in list.evenings.enumerated() {
                for card in cards {
                    position += 1
                    places += card.encounters.map {
                        CallEvening(candidateID: $0.candidateID, provider: list.provider, evening: evening + 1, position: position)
                    }
                }
            }
        }
        return places
    }
}

extension SourceSummary {
    /// Counts one file's records, warnings, readings and errors in.
    fileprivate mutating func add(_ counts: FileCounts) {
        read += counts.read
        imported += counts.imported
        duplicates += counts.duplicates
        rejected += counts.rejected
        warnings.append(contentsOf: counts.warnings)
        readings.append(contentsOf: counts.reading)
        errors.append(contentsOf: counts.errors)
    }
}
