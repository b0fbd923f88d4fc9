public import Foundation
import LacunaCore
import Importing
public import Linkage
import Reports

/// `lacuna link dedupe|pair`: people lists (CSV with a header row) linked by the probabilistic engine,
/// for IT merging patient lists from remnants. Writes `pairs.csv` and `clusters.csv`.
public enum PersonListLink {
    public struct Options: Sendable {
        public var idColumn: String
        public var roles: [(column: String, role: PersonRole)]
        public var threshold: Double
        /// Pairs at or above this probability are listed in pairs.csv (the grey zone below a link too).
        public var listFrom: Double
        public var explain: Bool

        public init(idColumn: String, roles: [(column: String, role: PersonRole)], threshold: Double = 0.5,
                    listFrom: Double = 0.05, explain: Bool = false) {
            self.idColumn = idColumn
            self.roles = roles
            self.threshold = threshold
            self.listFrom = listFrom
            self.explain = explain
        }
    }

    public struct Outcome: Sendable {
        public var people: Int
        public var pairsCompared: Int
        public var pairsListed: Int
        public var clusters: Int
        public var notes: [String]
        public var warnings: [String]
    }

    /// A problem that stops the run: a file that cannot be read, a column that is not there.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `COL=ROLE`.
    public static func role(_ text: String) -> Result<(String, PersonRole), Problem> {
        guard let equals = text.lastIndex(of: "=") else {
            return .failure(Problem(description: "--role \(text): write COLUMN=ROLE"))
        }
        let column = String(text[..<equals]), name = String(text[text.index(after: equals)...])
        guard let role = PersonRole(rawValue: name) else {
            let known = PersonRole.allCases.map(\.rawValue)
            let hint = didYouMean(name, among: known)
            return .failure(Problem(description: "--role \(text): unknown role \(name)\(hint); roles: \(known.joined(separator: ", "))"))
        }
        return .success((column, role))
    }

    public static func run(files: [URL], options: Options, out: URL) throws -> Outcome {
        var table = PersonTable()
        var warnings: [String] = []
        for (side, file) in files.enumerated() {
            try read(file, side: UInt8(side), options: options, into: &table, warnings: &warnings)
        }
        var settings = LinkageSettings.people
        settings.linkThreshold = options.threshold
        let linkage = PersonLinkage(table: table, settings: settings, mode: files.count == 2 ? .pair : .dedupe)

        try OutputFolder.prepare(out, inside: false)
        var pairs = "id_l,id_r,match_probability,match_weight" + (options.explain ? ",explanation" : "") + "\r\n"
        var listed = 0
        for pair in linkage.pairs where pair.probability >= options.listFrom {
            let l = Int(pair.left), r = Int(pair.right)
            pairs += CSVWriter.cell(table.ids[l]) + "," + CSVWriter.cell(table.ids[r]) + ","
            pairs += Double(pair.probability).fixedDecimals(6) + "," + Double(pair.weight).fixedDecimals(3)
            if options.explain {
                let steps = linkage.explain(l, r).steps.filter { $0.level != "missing" }
                    .map { "\($0.comparison): \($0.level) \(($0.weight + $0.frequencyAdjustment).fixedDecimals(2, sign: true))" }
                pairs += "," + CSVWriter.cell(steps.joined(separator: "; "))
            }
            pairs += "\r\n"
            listed += 1
        }
        try OutputFile.write(Data(pairs.utf8), to: out.appendingPathComponent("pairs.csv"))
        var clusters = "id,cluster\r\n"
        for i in 0..<table.count {
            clusters += CSVWriter.cell(table.ids[i]) + "," + CSVWriter.cell(table.ids[Int(linkage.clusters[i])]) + "\r\n"
        }
        try OutputFile.write(Data(clusters.utf8), to: out.appendingPathComponent("clusters.csv"))
        try OutputFile.write(Data(modelDescription(linkage).utf8), to: out.appendingPathComponent("model.txt"))
        return Outcome(people: table.count, pairsCompared: linkage.pairs.count, pairsListed: listed,
                       clusters: Set(linkage.clusters).count, notes: linkage.notes, warnings: warnings)
    }

    /// The trained model in words: λ, and m, u and the weight of every level.
    static func modelDescription(_ linkage: PersonLinkage) -> String {
        let model = linkage.model
        var text = String(format: "λ (two records at random are one person) = %.3g; prior weight %.2f\n", model.parameters.lambda, model.priorWeight)
        for (k, comparison) in model.comparisons.enumerated() {
            text += "\n\(comparison.name)\n"
            for (l, level) in comparison.levels.enumerated() {
                text += String(format: "  %-40@ m=%.4f u=%.6f weight=%+.2f%@\n", level.label as NSString, model.parameters.m[k][l],
                               model.parameters.u[k][l], model.levelWeights[k][l], (level.adjustsForFrequency ? " (adjusted by frequency)" : "") as NSString)
            }
        }
        return text + "\n" + linkage.notes.joined(separator: "\n") + "\n"
    }

    private static func read(_ file: URL, side: UInt8, options: Options, into table: inout PersonTable,
                             warnings: inout [String]) throws {
        let name = file.lastPathComponent
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Problem(description: "\(file.path): cannot read the file")
        }
        let document = CSVReader.read(Array(data))
        guard let header = document.records.first else { throw Problem(description: "\(name): the file is empty") }
        func column(_ wanted: String) throws -> Int {
            let folded = header.fields.map { $0.trimmingSpaces().lowercased() }
            if let index = folded.firstIndex(of: wanted.lowercased()) { return index }
            let hint = didYouMean(wanted, among: header.fields)
            throw Problem(description: "\(name): no column \(wanted)\(hint); the header has \(header.fields.joined(separator: ", "))")
        }
        let idColumn = try column(options.idColumn)
        let roleColumns = try options.roles.map { (try column($0.column), $0.role) }
        for (locator, reason) in document.broken { warnings.append("\(name): \(locator): \(reason)") }
        var short: [Int] = []
        for record in document.records.dropFirst() {
            guard record.fields.count > idColumn, !record.fields[idColumn].isEmpty else {
                short.append(record.locator.line ?? 0)
                continue
            }
            var fields = PersonFields()
            for (index, role) in roleColumns where index < record.fields.count {
                let value = record.fields[index].trimmingSpaces
                guard !value.isEmpty, value.lowercased() != "nan" else { continue }
                if let existing = fields[role] { fields[role] = existing + " " + value } else { fields[role] = value }
            }
            table.append(id: record.fields[idColumn].trimmingSpaces, side: side, fields)
        }
        if !short.isEmpty {
            let lines = short.prefix(5).map(String.init).joined(separator: ", ")
            warnings.append("\(name): \(short.count) rows without an id left out (lines \(lines)\(short.count > 5 ? ", …" : ""))")
        }
    }
}
