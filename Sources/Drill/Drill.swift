public import Foundation
public import LacunaCore

/// How much of DOMAIN §1's noise the drill puts in.
public enum DrillNoise: String, Sendable, CaseIterable {
    case low, medium, high

    var factor: Double {
        switch self {
        case .low: return 0.5
        case .medium: return 1
        case .high: return 2
        }
    }
}

/// What to make.
public struct DrillOptions: Sendable {
    public var seed: UInt64 = 7
    public var patients: Int = 3000
    public var windowDays: Int = 2
    public var noise: DrillNoise = .medium
    /// Hostile values (very long names, control characters, formulas, markup) in one person in twenty
    /// and in the appointment book's practitioner column: for leak and robustness tests.
    public var hostile = false
    /// Each seed draws how its practice, banks and vendors write their files (`ExportVariety`);
    /// `classic` writes the drill's first layouts, for tests that edit a known file.
    public var classic = false
    /// The first lost day: a Thursday. Early April 2025 puts the end of New Zealand daylight saving
    /// (Sunday 6 April, 03:00 → 02:00) inside longer windows, and Stripe's UTC times of a morning fall on
    /// the previous UTC date.
    public var windowStart = LocalDate(year: 2025, month: 4, day: 3)!

    public init(seed: UInt64 = 7, patients: Int = 3000, windowDays: Int = 2, noise: DrillNoise = .medium) {
        self.seed = seed
        self.patients = patients
        self.windowDays = windowDays
        self.noise = noise
    }
}

/// What the drill wrote, for the person who asked.
public struct DrillReport: Sendable {
    public var files: [String]
    public var patients: Int
    public var encountersInWindow: Int
    public var inboxItems: Int
    /// Records (rows, transactions) each tabular or statement file holds, by path: a reader that
    /// reads the file whole gives exactly these.
    public var records: [String: Int]
    /// What each bank and terminal file holds, by path: the sum of its amounts (money in positive)
    /// and the first and last day its rows speak of, in the practice's time.
    public var money: [String: MoneyFacts]
    /// How this seed's files are written, in words.
    public var variety: [String]
}

/// `lacuna drill`: writes a realistic synthetic outage (every source kind in its real format, a
/// playbook, and the truth). Same seed, same bytes.
public enum Drill {
    public static func write(to folder: URL, options: DrillOptions) throws -> DrillReport {
        guard options.patients >= 20 else { throw DrillError(description: "--patients must be at least 20") }
        guard (1...31).contains(options.windowDays) else { throw DrillError(description: "--window-days must be 1 to 31") }
        var varietyRandom = DrillRandom(seed: options.seed ^ 0x5A_12E7)
        let variety = options.classic ? ExportVariety.classic : ExportVariety.drawn(&varietyRandom)
        var generator = PracticeGenerator(options: options, multiWordClinicians: variety.multiWordClinicians)
        var world = generator.generate()
        if options.hostile { HostileValues.apply(to: &world) }
        var output = DrillOutput(root: folder)
        var random = DrillRandom(seed: options.seed ^ 0xD1_11)
        SourceWriters.writeAll(world, variety: variety, to: &output, random: &random)
        output.add("truth/files.csv", utf8: output.filesTruth(variety: variety))
        try output.flush()
        return DrillReport(files: output.paths, patients: world.people.count,
                           encountersInWindow: world.encounters.filter(\.inWindow).count,
                           inboxItems: TruthWriter.inboxCount(world), records: output.records, money: output.money,
                           variety: variety.lines)
    }
}

/// What a bank or terminal file holds, for checking a reader against: the sum of its amounts, money
/// in positive, and the first and last day of its rows in the practice's time.
public struct MoneyFacts: Sendable, Equatable {
    public var cents: Int
    public var first: LocalDate?
    public var last: LocalDate?

    init(_ rows: [(date: LocalDate, cents: Int)]) {
        cents = rows.reduce(0) { $0 + $1.cents }
        first = rows.map(\.date).min()
        last = rows.map(\.date).max()
    }
}

/// A drill problem, said to the person who asked.
public struct DrillError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The files the drill writes, kept in memory until the end so that a failed drill leaves nothing half done.
struct DrillOutput {
    let root: URL
    private(set) var files: [(path: String, bytes: [UInt8])] = []
    /// Records each tabular or statement file holds, by path.
    private(set) var records: [String: Int] = [:]
    private(set) var money: [String: MoneyFacts] = [:]
    var paths: [String] { files.map(\.path) }

    init(root: URL) { self.root = root }

    mutating func add(_ path: String, _ bytes: [UInt8]) { files.append((path, bytes)) }
    mutating func add(_ path: String, _ bytes: [UInt8], records count: Int, money facts: MoneyFacts? = nil) {
        files.append((path, bytes))
        records[path] = count
        if let facts { money[path] = facts }
    }
    mutating func add(_ path: String, utf8 text: String, bom: Bool = false) {
        add(path, (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }

    /// `truth/files.csv`: what each tabular and statement file holds (records; for bank and terminal
    /// files the sum of amounts and the first and last day), and how this seed wrote its files, for
    /// scoring a reader on files it has not seen.
    func filesTruth(variety: ExportVariety) -> String {
        var text = "path,records,cents,first,last\n"
        for (path, count) in records.sorted(by: { $0.key < $1.key }) {
            let facts = money[path]
            text += "\(path),\(count),\(facts.map { String($0.cents) } ?? ""),\(facts?.first?.description ?? ""),\(facts?.last?.description ?? "")\n"
        }
        return text + variety.lines.map { "# " + $0 }.joined(separator: "\n") + "\n"
    }

    func flush() throws {
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
    }
}
