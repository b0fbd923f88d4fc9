public import Foundation
import Importing
public import LacunaCore

/// `lacuna init FOLDER`: a first playbook for a folder of exports, for a person to check. Every file
/// is recognised by its content (`SourceGuess`); files of one kind in one folder become one source;
/// the clinicians the files name are proposed as `providers:` (codes matched to names by their
/// initials); the lost window is taken from the dates the resends cover, unless given. Every guess is
/// marked `# CHECK`, every column a reader left unread is listed under its source, and every file not
/// recognised is named, so nothing is dropped without a word.
public struct PlaybookProposal: Sendable {
    public struct Source: Sendable {
        public var kind: SourceKind
        /// Relative to the folder (`bank/`, `register.csv`).
        public var path: String
        public var files: Int
        public var checks: [String]
        public var unread: [String]
    }

    public var sources: [Source]
    public var providers: [(provider: Provider, check: String?)]
    public var window: Window?
    public var windowGuessed: Bool
    /// Files no reader recognised, with why.
    public var unrecognised: [String]
    public var practiceName: String
    public var timeZone: String
    public var country: String

    /// Looks at every file under `folder` (hidden files, and a folder holding a case's outputs, skipped).
    public static func propose(folder: URL, window given: Window?, practiceName: String? = nil, timeZone: String = "Pacific/Auckland",
                               country: String = "NZ") throws -> PlaybookProposal {
        let clock = PracticeClock(timeZoneIdentifier: timeZone) ?? .utc
        let today = clock.local(Date()).date
        let settings = ImportSettings(clock: clock, window: given ?? Window(from: today, to: today),
                                      countryDateOrder: country.uppercased() == "US" ? .mdy : .dmy)
        let files = try SourceFiles.resolve(folder.path, relativeTo: folder)
        let root = folder.standardizedFileURL.path
        var guesses: [(path: String, guess: SourceGuess)] = []
        var unrecognised: [String] = []
        PhoneNumber.$homeCountryCode.withValue(PhoneNumber.callingCode(country: country) ?? "64") {
            for file in files {
                let display = file.display
                guard display.hasPrefix(root + "/") else { continue }
                let relative = String(display.dropFirst(root.count + 1))
                let parts = relative.split(separator: "/")
                // Lacuna's own files: playbooks, and a folder a run wrote into (or whose first run was cut
                // short while it built the case: `NewCaseFile`).
                if parts.count == 1, relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") { continue }
                if parts.dropLast().indices.contains(where: { index in
                    let folder = root + "/" + parts[...index].joined(separator: "/")
                    return FileManager.default.fileExists(atPath: folder + "/case.sqlite")
                        || FileManager.default.fileExists(atPath: folder + "/case.sqlite.building")
                }) { continue }
                if relative.hasSuffix("-wal") || relative.hasSuffix("-shm") || relative.hasSuffix("-journal") {
                    unrecognised.append("\(relative): a database's journal, read with the database beside it")
                    continue
                }
                guard let bytes = file.contents() else { unrecognised.append("\(relative): cannot be read (permissions?)"); continue }
                guard let guess = SourceGuess.of(bytes, name: relative, settings: settings) else {
                    unrecognised.append("\(relative): no reader recognised it (\(bytes.count) bytes)")
                    continue
                }
                guesses.append((relative, guess))
            }
        }
        var proposal = PlaybookProposal(sources: [], providers: [], window: given, windowGuessed: given == nil, unrecognised: unrecognised,
                                        practiceName: practiceName ?? "", timeZone: timeZone, country: country.uppercased())
        proposal.sources = group(guesses)
        let traces = guesses.flatMap { $0.guess.reading?.traces ?? [] }
        proposal.providers = providers(in: traces)
        if given == nil { proposal.window = guessWindow(traces) }
        return proposal
    }

    /// Files of one kind make one source: the highest folder whose every file is that kind, else the file.
    static func group(_ guesses: [(path: String, guess: SourceGuess)]) -> [Source] {
        var kindsUnder: [String: Set<SourceKind>] = [:]
        for (path, guess) in guesses {
            let parts = path.split(separator: "/")
            for depth in 1..<max(1, parts.count) { kindsUnder[parts.prefix(depth).joined(separator: "/"), default: []].insert(guess.kind) }
        }
        var sources: [String: Source] = [:]
        var order: [String] = []
        for (path, guess) in guesses {
            let parts = path.split(separator: "/")
            var sourcePath = path
            for depth in 1..<max(1, parts.count) {
                let folder = parts.prefix(depth).joined(separator: "/")
                if kindsUnder[folder] == [guess.kind] { sourcePath = folder + "/"; break }
            }
            if sources[sourcePath] == nil {
                sources[sourcePath] = Source(kind: guess.kind, path: sourcePath, files: 0, checks: [], unread: [])
                order.append(sourcePath)
            }
            sources[sourcePath]!.files += 1
            let name = parts.last.map(String.init) ?? path
            if guess.guessed { sources[sourcePath]!.checks.append("\(name): \(guess.why)") }
            for reading in guess.reading?.reading ?? [] {
                for column in SourceGuess.unreadColumns(reading) where !sources[sourcePath]!.unread.contains(column) {
                    sources[sourcePath]!.unread.append(column)
                }
            }
            // A column whose header looks as if it mattered, left unread: said loudly.
            for warning in guess.reading?.warnings ?? [] where warning.contains("not read") || warning.contains("unread") {
                sources[sourcePath]!.checks.append("\(name): \(warning)")
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: SourceKind.allCases.enumerated().map { ($1, $0) })
        return order.compactMap { sources[$0] }.sorted { (rank[$0.kind]!, $0.path) < (rank[$1.kind]!, $1.path) }
    }

    /// The clinicians the files name: codes, and names matched to a code by their initials.
    static func providers(in traces: [Trace]) -> [(provider: Provider, check: String?)] {
        var counts: [String: Int] = [:]
        for trace in traces {
            guard let name = trace.provider?.trimmingSpaces(), !name.isEmpty else { continue }
            counts[name, default: 0] += 1
        }
        let recurring = counts.filter { $0.value >= 3 && ClinicianCodes.quotable($0.key) }
        let codes = recurring.keys.filter { !$0.contains(" ") }.sorted()
        // One person under two titles ("RN Rahul Te Awa", "Dr Rahul Te Awa"): the spelling most records use.
        var byPerson: [String: (name: String, records: Int)] = [:]
        for (name, records) in recurring where name.contains(" ") {
            let person = untitled(name).lowercased()
            if let known = byPerson[person], known.records >= records { continue }
            byPerson[person] = (name, records)
        }
        let names = byPerson.values.sorted { ($0.records, $1.name) > ($1.records, $0.name) }.map(\.name)
        var result: [(provider: Provider, check: String?)] = []
        var named: Set<String> = []
        for code in codes {
            let matches = names.filter { name in
                let initials = ClinicianCodes.initials(name)
                return !named.contains(name)
                    && (initials.hasPrefix(code) || (initials.first.map(String.init) ?? "") + (initials.last.map(String.init) ?? "") == code)
            }
            named.formUnion(matches)
            if let name = matches.first {
                // Other spellings that fit the same code are its aliases, for a person to confirm.
                let aliases = Array(matches.dropFirst())
                result.append((Provider(code: code, name: name, aliases: aliases),
                               aliases.isEmpty ? nil : aliases.map { "\"\($0)\"" }.joined(separator: ", ")
                                + " also fit\(aliases.count == 1 ? "s" : "") \(code): taken as another spelling of \(name) (the name most records use)"))
            } else {
                result.append((Provider(code: code, name: code), "no full name found for \(code): write the clinician's name"))
            }
        }
        for name in names where !named.contains(name) {
            // A spelling of a clinician already found ("Dr Will Tehira" for Dr William Te Hira): an alias.
            if let likely = ClinicianCodes.likely(name, among: result.map(\.provider)),
               let index = result.firstIndex(where: { $0.provider.code == likely.code }) {
                result[index].provider.aliases.append(name)
                result[index].check = "\"\(name)\" taken for \(likely.name) (the same family name spelt within two letters): check"
                continue
            }
            // As practice systems make codes: the given name's initial and the family name's (`Rahul Te Awa` → RT).
            let words = untitled(name).split(separator: " ")
            var code = words.prefix(2).compactMap(\.first).map { String($0).uppercased() }.joined()
            if code.isEmpty || result.contains(where: { $0.provider.code == code }) { code += String(result.count + 1) }
            result.append((Provider(code: code, name: name), "code made from the initials: use the practice system's code"))
        }
        return result
    }

    /// A clinician's name without its title.
    static func untitled(_ name: String) -> String {
        name.split(separator: " ").filter { !ClinicianCodes.clinicianTitles.contains($0.lowercased()) }.joined(separator: " ")
    }

    /// The lost days as the resends cover them: from the first to the last day with a lab result or a
    /// Healthlink message (a resend is asked for the lost days), weekdays only at the ends.
    static func guessWindow(_ traces: [Trace]) -> Window? {
        let dates = traces.filter { $0.kind == .lab || $0.kind == .healthlink }.compactMap { $0.time?.localDate }.sorted()
        guard var first = dates.first, var last = dates.last else { return nil }
        // Resends that reach back months (a lab's whole history) say only where the window ends.
        if first.adding(days: 14) < last { first = last }
        while first.isoWeekday > 5, first < last { first = first.adding(days: 1) }
        while last.isoWeekday > 5, last > first { last = last.adding(days: -1) }
        return Window(from: first, to: last)
    }

    /// The playbook as YAML, every guess marked `# CHECK`, with the paths relative to the folder.
    public var yaml: String {
        var y = """
        # A first playbook written by `lacuna init`. Every line marked CHECK is a guess: confirm or correct it,
        # then run `lacuna check playbook.yml` to see how each file will be read, and `lacuna run playbook.yml`.
        # The keys are explained in docs/playbook.md.
        lacuna: 1
        case: \(quoted((practiceName.isEmpty ? "Practice" : practiceName) + " - lost days"))  # CHECK: a name for this recovery
        practice: { name: \(quoted(practiceName.isEmpty ? "CHANGE ME" : practiceName)), timezone: \(timeZone), country: \(country) }  # CHECK: the practice's name\(practiceName.isEmpty ? " (not found in the files)" : ""); add phone: for the texts and letters

        """
        if let window {
            y += "window: { from: \(window.from), to: \(window.to) }" + (windowGuessed ? "  # CHECK: guessed from the days the lab and Healthlink resends cover" : "") + "\n"
        } else {
            y += "window: { from: YYYY-MM-DD, to: YYYY-MM-DD }  # CHECK: the lost days (nothing in the files dates them)\n"
        }
        y += "providers:\n"
        if providers.isEmpty { y += "  []  # CHECK: no clinician found in the files; list them as - { code: WS, name: Dr William Stewart }\n" }
        for (provider, check) in providers {
            let aliases = provider.aliases.isEmpty ? "" : ", aliases: [" + provider.aliases.map(quoted).joined(separator: ", ") + "]"
            y += "  - { code: \(quoted(provider.code)), name: \(quoted(provider.name))\(aliases) }" + (check.map { "  # CHECK: \($0)" } ?? "") + "\n"
        }
        y += "sources:\n"
        for source in sources {
            y += "  - { kind: \(source.kind.rawValue), path: \(quoted(source.path)) }  # \(source.files) file(s)\n"
            for check in source.checks.prefix(8) { y += "    # CHECK: \(oneLine(check))\n" }
            if source.checks.count > 8 { y += "    # CHECK: and \(source.checks.count - 8) more like these\n" }
            if !source.unread.isEmpty {
                y += "    # columns left unread: \(source.unread.map { "\"\(oneLine($0))\"" }.joined(separator: ", ")) (name one with columns: { \"Header\": meaning } if it matters)\n"
            }
        }
        if !unrecognised.isEmpty {
            y += "# Files not recognised (give each a source with its kind if it should be read):\n"
            for line in unrecognised { y += "#   \(oneLine(line))\n" }
        }
        y += "output: out\n"
        return y
    }

    func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { ($0.isLetter || $0.isNumber || " -_./".contains($0)) && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            && !text.hasPrefix("-") && !text.isEmpty
        return plain ? text : "\"" + oneLine(text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")) + "\""
    }

    /// Text from a file as one comment line: line breaks and other control characters shown as `?`
    /// (YAML takes none of them, and a comment must stay one line).
    func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
