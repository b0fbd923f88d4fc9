public import LacunaCore

/// What every importer is told about the case.
public struct ImportSettings: Sendable {
    public var clock: PracticeClock
    public var window: Window
    /// The playbook's `date-order` for this source, where detection is not enough.
    public var dateOrder: DateOrder?
    /// The country's habit when a file's dates cannot decide (NZ, AU, UK: day first).
    public var countryDateOrder: DateOrder
    /// The playbook's `columns:` for this source: header → meaning.
    public var columns: [String: String]
    public var providers: [Provider] { didSet { clinicians = Clinicians(providers) } }
    /// The practice's clinicians as sources name them (from `providers`).
    public private(set) var clinicians: Clinicians
    /// The playbook's `layout:` for a bank or terminal source (a built-in layout or a rules file's name).
    public var layout: String?
    /// Layouts from the source's rules files, tried before the built-in ones.
    public var rules: [PaymentLayout]

    public init(clock: PracticeClock, window: Window, dateOrder: DateOrder? = nil, countryDateOrder: DateOrder = .dmy,
                columns: [String: String] = [:], providers: [Provider] = [], layout: String? = nil, rules: [PaymentLayout] = []) {
        self.layout = layout
        self.rules = rules
        self.clock = clock
        self.window = window
        self.dateOrder = dateOrder
        self.countryDateOrder = countryDateOrder
        self.columns = columns
        self.providers = providers
        clinicians = Clinicians(providers)
    }
}

/// What reading one file gave: every record it held is either a trace or a reject.
public struct FileImport: Sendable {
    public var traces: [Trace] = []
    public var rejects: [Reject] = []
    /// Said to the person running the import; never patient data.
    public var warnings: [String] = []
    public var encoding: TextEncoding?
    /// How the file was read, for people (`lacuna inspect`, the run's summary, report.html): the
    /// layout or that it was inferred, the header, each column's role and why. Never patient data.
    public var reading: [String] = []
    /// What makes the file useless as it is (not read: a PDF; every record rejected): said as errors,
    /// on stderr and at the top of the report. Never patient data.
    public var errors: [String] = []

    public init() {}

    /// Records read from the file: traces plus rejects.
    public var read: Int { traces.count + rejects.count }

    /// The traces, handed over and none left here: the one copy of each, for a store that gives each its
    /// stored form in place (`CaseStore.recordImport`) rather than copying it.
    public mutating func takeTraces() -> [Trace] {
        var taken: [Trace] = []
        swap(&taken, &traces)
        return taken
    }
}

/// Reads one kind of source file into traces.
public protocol SourceImporter: Sendable {
    var kind: SourceKind { get }
    /// Reads one file. Lenient: a bad record becomes a reject with its locator and the rest goes on.
    /// `file` is the path as the case names it (relative to the playbook).
    func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport
}

/// The importers this build has, by kind.
public enum Importers {
    /// The version of each kind's reader: a file read by an earlier version is read again (its
    /// earlier traces replaced), so a case never mixes two readings of one file. Bump it when a
    /// reader reads the same bytes differently.
    public static func readerVersion(_ kind: SourceKind) -> Int {
        switch kind {
        case .bank, .eftpos: return 2   // columns found by what they hold (issue 15)
        // Issue 19: a day column is never the clinician ("Which day were you seen?"); unread columns that
        // look as if they matter are said.
        case .appointments: return 4   // 3: placeholder bookings for new patients read from their notes (issue 16)
        case .callbacks: return 4   // 3: an SMS provider's replies (From, Message) read as callbacks
        case .ledger: return 4   // 3: "Time Paid" a time and "Paid By" the method
        case .register, .portal: return 3   // 2: columns found by their words (issue 15)
        default: return 1
        }
    }

    /// Kinds whose files are tables: a workbook's sheets are read as theirs.
    static let tabular: Set<SourceKind> = [.register, .appointments, .ledger, .callbacks, .bank, .eftpos, .portal]

    /// Reads a file as `kind` whatever it turns out to be: text through the kind's importer; an
    /// `.xlsx` workbook's sheets, each as a table (its records numbered by sheet in `message`); a PDF,
    /// Word file, image or archive said as not read, with what to ask for instead, never as rows.
    /// Nil for a kind this build cannot read.
    public static func read(_ kind: SourceKind, file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport? {
        guard let importer = importer(for: kind) else { return nil }
        switch FileType.of(bytes) {
        case .text:
            return importer.read(file: file, bytes: bytes, settings: settings)
        case .other(let what, let advice):
            var result = FileImport()
            result.errors.append("\(file): not read: \(what); \(advice)")
            result.reading.append("\(file): not read: \(what)")
            return result
        case .workbook:
            guard tabular.contains(kind) else {
                var result = FileImport()
                result.errors.append("\(file): not read: a spreadsheet, and \(kind.rawValue) sources are not tables; give the file its kind")
                return result
            }
            let workbook: Workbook
            do {
                workbook = try Workbook(bytes: bytes)
            } catch {
                var result = FileImport()
                result.errors.append("\(file): not read: \((error as? Workbook.Unreadable)?.reason ?? "the workbook cannot be read")")
                return result
            }
            var merged = FileImport()
            merged.warnings += workbook.problems.map { "\(file): \($0)" }
            for (number, sheet) in workbook.sheets.enumerated() where sheet.rows.contains(where: { $0.contains { !$0.isEmpty } }) {
                var part = importer.read(file: file, bytes: Workbook.csv(sheet.rows), settings: settings)
                func numbered(_ locator: Locator) -> Locator { var l = locator; l.message = number + 1; return l }
                for i in part.traces.indices { part.traces[i].locator = numbered(part.traces[i].locator) }
                for i in part.rejects.indices { part.rejects[i].locator = numbered(part.rejects[i].locator) }
                merged.traces += part.traces
                merged.rejects += part.rejects
                merged.warnings += part.warnings.map { "sheet “\(sheet.name)”: \($0)" }
                merged.errors += part.errors
                merged.reading += part.reading.map { $0.replacingEvery("\(file): ", with: "\(file), sheet \(number + 1) “\(sheet.name)”: ") }
            }
            if merged.reading.isEmpty { merged.errors.append("\(file): a workbook whose sheets hold nothing") }
            return merged
        }
    }

    /// What a playbook's `columns:` may name for a kind (`family`, `dob`, `provider` …), each with the
    /// header words that already mean it; nil where `columns:` is not read (bank and terminal exports
    /// are described by a layout or a rules file; HL7, XML and free text have no columns).
    public static func columnMeanings(_ kind: SourceKind) -> HeaderMap.Synonyms? {
        switch kind {
        case .register: return RegisterImporter.synonyms
        case .appointments: return AppointmentsImporter.synonyms
        case .ledger: return LedgerImporter.synonyms
        case .callbacks: return CallbacksImporter.synonyms
        case .portal: return PortalImporter.synonyms
        default: return nil
        }
    }

    public static func importer(for kind: SourceKind) -> (any SourceImporter)? {
        switch kind {
        case .register: return RegisterImporter()
        case .appointments: return AppointmentsImporter()
        case .ledger: return LedgerImporter()
        case .remembered: return RememberedImporter()
        case .callbacks: return CallbacksImporter()
        case .lab: return LabImporter()
        case .healthlink: return HealthlinkImporter()
        case .portal: return PortalImporter()
        case .bank: return BankImporter()
        case .eftpos: return EftposImporter()
        default: return nil
        }
    }
}
