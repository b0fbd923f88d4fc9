public import Foundation
public import LacunaCore
public import Importing
public import Reports
import Yams

/// One source of a playbook: a kind and where its files are.
public struct SourceSpec: Sendable {
    public var kind: SourceKind
    /// As the playbook wrote it: a file, a folder (read recursively) or a glob, relative to the playbook.
    public var path: String
    public var layout: String?
    public var columns: [String: String]
    public var dateOrder: DateOrder?
    /// Rules files for a bank or terminal source (a file, folder or glob, relative to the playbook).
    public var rules: String?
    /// The playbook line that names it, for messages.
    public var line: Int
}

/// A recovery playbook (CONTRACT: Playbook).
public struct Playbook: Sendable {
    /// The playbook file.
    public var url: URL
    public var caseName: String
    public var practiceName: String
    public var timeZone: String
    public var country: String
    /// The country's calling code: phone numbers written without one are read as the practice's country's.
    public var callingCode: String { PhoneNumber.callingCode(country: country) ?? "64" }
    public var clock: PracticeClock
    public var window: Window
    public var providers: [Provider]
    /// The practice's phone number, for the SMS text and the request letters (`practice.phone`).
    public var practicePhone: String?
    /// The practice's facility id for HL7 (`practice.facility`, the HPI facility id such as `F2K045-C`).
    public var facility: String?
    /// A folder of templates that replace the built-in texts (`templates:`; `sms.txt`, `request-lab.txt` …).
    public var templates: String?
    /// `practice: { sms-consent: recorded | unless-declined }`: whom the SMS list may text.
    public var smsConsent: WorkOptions.SMSConsent = .recorded
    /// The practice's working days and hours (`hours:`); nil where the playbook leaves them to the appointment book.
    public var hours: PracticeHours?
    public var sources: [SourceSpec]
    /// The output folder, relative to the playbook unless absolute.
    public var output: String

    /// The folder paths are relative to.
    public var folder: URL { url.deletingLastPathComponent() }

    /// The longest lost window read without `--long-window`: a loss is days, rarely a month; a longer
    /// window is far more often a typo in a year (`to: 2052-04-04`) that would run for hours.
    public static let longestWindow = 31

    /// Reads and validates a playbook. Every problem names the file, the line, the key and what to do.
    /// A window longer than `longestWindow` days is refused unless `longWindow`.
    public static func load(_ url: URL, longWindow: Bool = false) throws(PlaybookError) -> Playbook {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PlaybookError(file: url.path, line: nil, message: "cannot read the playbook", hint: "check the path")
        }
        return try read(data, from: url, longWindow: longWindow)
    }

    /// Reads and validates a playbook's bytes, as `load` does, naming `url` in every message.
    public static func read(_ data: Data, from url: URL, longWindow: Bool = false) throws(PlaybookError) -> Playbook {
        let file = url.path
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlaybookError(file: file, line: nil, message: "the playbook is not UTF-8 text", hint: "save it as UTF-8")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PlaybookError(file: file, line: nil, message: "the playbook is empty", hint: "start from playbooks/demo-clinic.yml")
            }
            root = node
        } catch let error as PlaybookError {
            throw error
        } catch let error as YamlError {
            throw PlaybookError(file: file, line: Self.line(of: error), message: "not valid YAML", hint: "check indentation and quotes near that line")
        } catch {
            throw PlaybookError(file: file, line: nil, message: "not valid YAML", hint: "check indentation and quotes")
        }
        return try PlaybookReader(file: file, url: url, longWindow: longWindow).read(root)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}

/// A playbook problem: where, what, and what to do.
public struct PlaybookError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let message: String
    public let hint: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message); \(hint)"
    }
}

extension Playbook {
    /// What a source's importer is told: the practice's clock, window and clinicians, and the source's
    /// own `columns:`, `date-order:`, `layout:` and rules.
    public func importSettings(for source: SourceSpec, rules: [PaymentLayout] = []) -> ImportSettings {
        ImportSettings(clock: clock, window: window, dateOrder: source.dateOrder, countryDateOrder: country == "US" ? .mdy : .dmy,
                       columns: source.columns, providers: providers, layout: source.layout, rules: rules)
    }
}

extension Playbook {
    /// Every key a playbook may hold, by where it goes (`top`, `practice`, `window`, `providers`,
    /// `sources`): what docs/playbook.md documents.
    public static let keys: [String: [String]] = [
        "top": PlaybookReader.topKeys, "practice": PlaybookReader.practiceKeys, "window": PlaybookReader.windowKeys,
        "providers": PlaybookReader.providerKeys, "sources": PlaybookReader.sourceKeys,
    ]
}

/// Walks the YAML tree, checking every key against what the contract allows.
private struct PlaybookReader {
    let file: String
    let url: URL
    let longWindow: Bool

    static let topKeys = ["lacuna", "case", "practice", "window", "hours", "providers", "sources", "output", "templates"]
    static let practiceKeys = ["name", "timezone", "country", "phone", "facility", "sms-consent"]
    static let windowKeys = ["from", "to"]
    static let providerKeys = ["code", "name", "aliases", "ids"]
    static let sourceKeys = ["kind", "path", "layout", "columns", "date-order", "rules"]

    func fail(_ node: Node?, _ message: String, _ hint: String) -> PlaybookError {
        PlaybookError(file: file, line: node?.mark?.line, message: message, hint: hint)
    }

    func mapping(_ node: Node, named name: String, allowed: [String]) throws(PlaybookError) -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, "`\(name)` must be a mapping of keys to values", "see playbooks/demo-clinic.yml") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard allowed.contains(key) else {
                throw fail(keyNode, "unknown key `\(key)` in `\(name)`\(didYouMean(key, among: allowed))",
                           "use one of: \(allowed.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }

    func string(_ node: Node?, _ key: String, required: Bool = true) throws(PlaybookError) -> String? {
        guard let node else {
            if required { throw fail(nil, "missing key `\(key)`", "add `\(key):` to the playbook") }
            return nil
        }
        guard let value = node.string, !value.isEmpty else { throw fail(node, "`\(key)` must be a text value", "write it as `\(key): value`") }
        return value
    }

    /// A list of text values (`[Dr P de Vries, 12345]`), or one value, or nothing.
    func strings(_ node: Node?, _ key: String) throws(PlaybookError) -> [String] {
        guard let node else { return [] }
        if let single = node.string { return [single] }
        guard let sequence = node.sequence else { throw fail(node, "`\(key)` must be a list", "write `\(key): [value, value]`") }
        var values: [String] = []
        for item in sequence {
            guard let value = item.string, !value.isEmpty else { throw fail(item, "`\(key)` holds something that is not text", "write each as text") }
            values.append(value)
        }
        return values
    }

    func read(_ root: Node) throws(PlaybookError) -> Playbook {
        let top = try mapping(root, named: "playbook", allowed: Self.topKeys)
        guard let version = top["lacuna"]?.string, version == "1" else {
            throw fail(top["lacuna"] ?? root, "`lacuna:` must be 1", "this version reads playbooks of version 1; add `lacuna: 1`")
        }
        let caseName = try string(top["case"], "case")!
        guard let practiceNode = top["practice"] else { throw fail(root, "missing key `practice`", "add `practice: { name: …, timezone: Pacific/Auckland, country: NZ }`") }
        let practice = try mapping(practiceNode, named: "practice", allowed: Self.practiceKeys)
        let practiceName = try string(practice["name"], "practice.name")!
        let zone = try string(practice["timezone"], "practice.timezone", required: false) ?? "Pacific/Auckland"
        guard let clock = PracticeClock(timeZoneIdentifier: zone) else {
            throw fail(practice["timezone"], "unknown time zone `\(zone)`", "use an IANA name such as Pacific/Auckland")
        }
        let country = try string(practice["country"], "practice.country", required: false) ?? "NZ"
        guard PhoneNumber.callingCode(country: country) != nil else {
            throw fail(practice["country"], "unknown country `\(country)`", "use a two-letter code such as NZ, AU or GB (phone numbers are read by it)")
        }
        let phone = try string(practice["phone"], "practice.phone", required: false)
        let facility = try string(practice["facility"], "practice.facility", required: false)

        guard let windowNode = top["window"] else { throw fail(root, "missing key `window`", "add `window: { from: YYYY-MM-DD, to: YYYY-MM-DD }`") }
        let windowMap = try mapping(windowNode, named: "window", allowed: Self.windowKeys)
        let window = try readWindow(windowMap, node: windowNode, clock: clock)
        let days = window.dates.count
        guard longWindow || days <= Playbook.longestWindow else {
            throw fail(windowMap["to"] ?? windowNode, "the window is \(days) days (\(window.from) to \(window.to)); a lost window is rarely more than a month",
                       "check the years of `from` and `to`, or run with --long-window if the loss really was that long")
        }

        let hours = try top["hours"].map { node throws(PlaybookError) in try readHours(node) }

        var providers: [Provider] = []
        if let list = top["providers"] {
            guard let sequence = list.sequence else { throw fail(list, "`providers` must be a list", "write `- { code: RS, name: Dr Roger Smith }` items") }
            for item in sequence {
                let map = try mapping(item, named: "providers[]", allowed: Self.providerKeys)
                providers.append(Provider(code: try string(map["code"], "providers[].code")!, name: try string(map["name"], "providers[].name")!,
                                          aliases: try strings(map["aliases"], "providers[].aliases"), ids: try strings(map["ids"], "providers[].ids")))
            }
        }

        guard let sourcesNode = top["sources"], let sequence = sourcesNode.sequence else {
            throw fail(top["sources"] ?? root, "`sources` must be a list", "list each source as `- { kind: register, path: sources/register.csv }`")
        }
        var sources: [SourceSpec] = []
        for item in sequence {
            let map = try mapping(item, named: "sources[]", allowed: Self.sourceKeys)
            let kindText = try string(map["kind"], "sources[].kind")!
            guard let kind = SourceKind(rawValue: kindText) else {
                throw fail(map["kind"], "unknown source kind `\(kindText)`",
                           "use one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let path = try string(map["path"], "sources[].path")!
            var columns: [String: String] = [:]
            if let columnsNode = map["columns"] {
                guard let columnMap = columnsNode.mapping else { throw fail(columnsNode, "`columns` must map header to meaning", "write `columns: { \"Pt Surname\": family }`") }
                for (k, v) in columnMap {
                    guard let header = k.string, let meaning = v.string else { continue }
                    try Self.checkMeaning(meaning, of: kind) { message, hint in fail(v, message, hint) }
                    columns[header] = meaning
                }
            }
            var order: DateOrder?
            if let orderNode = map["date-order"] {
                guard let value = orderNode.string, let parsed = DateOrder(rawValue: value) else {
                    throw fail(orderNode, "`date-order` must be dmy, mdy or ymd", "write `date-order: dmy`")
                }
                order = parsed
            }
            let rules = try string(map["rules"], "rules", required: false)
            if rules != nil && kind != .bank && kind != .eftpos {
                throw fail(map["rules"], "`rules` is for bank and eftpos sources", "remove `rules:` from this `\(kind.rawValue)` source")
            }
            sources.append(SourceSpec(kind: kind, path: path, layout: try string(map["layout"], "layout", required: false),
                                      columns: columns, dateOrder: order, rules: rules, line: item.mark?.line ?? 0))
        }
        let output = try string(top["output"], "output", required: false) ?? "out"
        let templates = try string(top["templates"], "templates", required: false)
        var book = Playbook(url: url, caseName: caseName, practiceName: practiceName, timeZone: zone, country: country,
                            clock: clock, window: window, providers: providers, practicePhone: phone, facility: facility, templates: templates,
                            hours: hours, sources: sources, output: output)
        if let policy = try string(practice["sms-consent"], "practice.sms-consent", required: false) {
            guard let parsed = WorkOptions.SMSConsent(rawValue: policy) else {
                throw fail(practice["sms-consent"], "`sms-consent` must be recorded or unless-declined",
                           "`recorded` texts only numbers whose consent the register records; `unless-declined` every number not declined, where the practice's policy allows it")
            }
            book.smsConsent = parsed
        }
        return book
    }

    /// `hours:`: weekdays or runs of them (`mon-fri`) to their hours (`8:00-17:30`) or `closed`, and
    /// `closed:` dates the practice did not open on a working weekday (public holidays).
    func readHours(_ node: Node) throws(PlaybookError) -> PracticeHours {
        guard let map = node.mapping else {
            throw fail(node, "`hours` must map weekdays to hours", "write `hours: { mon-fri: \"8:00-17:30\", sat: \"9:00-12:00\", closed: [2026-12-25] }`")
        }
        var days: [Int: ClosedRange<Int>] = [:]
        var closed: Set<LocalDate> = []
        for (keyNode, value) in map {
            guard let key = keyNode.string else { continue }
            if key.lowercased() == "closed" {
                let items = value.sequence.map { Array($0) } ?? [value]
                for item in items {
                    guard let text = item.string, let date = LocalDate(iso: text) else {
                        throw fail(item, "`hours.closed` holds a date that is not YYYY-MM-DD", "write `closed: [2026-12-25, 2026-12-26]`")
                    }
                    closed.insert(date)
                }
                continue
            }
            guard let weekdays = PracticeHours.weekdays(key) else {
                throw fail(keyNode, "`hours` has `\(key)`, which is not a weekday", "use mon, tue, wed, thu, fri, sat, sun, a run such as mon-fri, or closed")
            }
            let text = value.string ?? ""
            if ["closed", "no", "false", "off", ""].contains(text.lowercased()) {
                for day in weekdays { days[day] = nil }
                continue
            }
            guard let range = PracticeHours.hours(text) else {
                throw fail(value, "`hours.\(key)` is `\(text)`, not opening hours", "write e.g. `\(key): \"8:00-17:30\"` or `\(key): closed`")
            }
            for day in weekdays { days[day] = range }
        }
        guard !days.isEmpty else {
            throw fail(node, "`hours` names no day the practice opens", "write e.g. `hours: { mon-fri: \"8:00-17:30\" }`, or leave `hours` out to learn the days from the appointment book")
        }
        return PracticeHours(days: days, closed: closed)
    }

    /// Local dates (inclusive) or local datetimes ([from, to)).
    func readWindow(_ map: [String: Node], node: Node, clock: PracticeClock) throws(PlaybookError) -> Window {
        let fromText = try string(map["from"], "window.from")!
        let toText = try string(map["to"], "window.to")!
        if let from = LocalDate(iso: fromText), let to = LocalDate(iso: toText) {
            guard from <= to else {
                throw fail(map["from"], "the window runs backwards: `from` (\(from)) is after `to` (\(to))", "swap them")
            }
            return Window(from: from, to: to)
        }
        func instant(_ text: String, key: String) throws(PlaybookError) -> Date {
            if let absolute = Date(iso8601: text) { return absolute }
            guard let parsed = DateReading.dateTime(text, order: .ymd), let time = parsed.time else {
                throw fail(map[key], "`window.\(key)` is neither a date (YYYY-MM-DD) nor a datetime (YYYY-MM-DDTHH:MM)", "write e.g. `\(key): 2022-07-07`")
            }
            return clock.instant(date: parsed.date, time: time)
        }
        let start = try instant(fromText, key: "from")
        let end = try instant(toText, key: "to")
        guard start < end else { throw fail(map["from"], "the window runs backwards: `from` is not before `to`", "swap them") }
        return Window(from: clock.local(start).date, to: clock.local(end.addingTimeInterval(-1)).date, start: start, end: end)
    }
}

extension PlaybookReader {
    /// A `columns:` meaning the source's kind reads; otherwise a failure naming the meanings it takes, with
    /// the likely one: a meaning close in spelling (`famly`), or the one whose header words hold the word
    /// written (`clinician` → `provider`, `surname` → `family`).
    static func checkMeaning(_ meaning: String, of kind: SourceKind,
                             fail: (String, String) -> PlaybookError) throws(PlaybookError) {
        guard let meanings = Importers.columnMeanings(kind) else {
            let instead = kind == .bank || kind == .eftpos ? "describe the file's columns in a rules file (`rules:`) or name its `layout:`"
                : "remove `columns:`: a \(kind.rawValue) source has no columns to name"
            throw fail("`columns:` is not read for a `\(kind.rawValue)` source", instead)
        }
        guard meanings[meaning] == nil else { return }
        let words = meaning.lowercased().filter { $0.isLetter }
        let byWords = meanings.keys.sorted().first { key in
            meanings[key]!.contains { $0.lowercased().filter(\.isLetter) == words }
        }
        let spelt = didYouMean(meaning, among: meanings.keys.sorted())
        let suggestion = byWords.map { " (did you mean `\($0)`?)" } ?? spelt
        throw fail("`\(meaning)` is not a column meaning of a `\(kind.rawValue)` source\(suggestion)",
                   "use one of: \(meanings.keys.sorted().joined(separator: ", "))")
    }
}

/// ` (did you mean `sign`?)` for a misspelt key close to an allowed one; empty otherwise.
func didYouMean(_ key: String, among allowed: [String]) -> String {
    let suggestion = allowed.min(by: { editDistance($0, key) < editDistance($1, key) })
    return suggestion.flatMap { editDistance($0, key) <= 3 ? " (did you mean `\($0)`?)" : nil } ?? ""
}

/// Levenshtein distance, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
