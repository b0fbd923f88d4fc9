public import Foundation
import Importing
import LacunaCore

/// `lacuna eval`: scores a run's outputs against a drill's truth.
public enum Evaluation {
    /// One figure: a name, a ratio and its counts.
    public struct Figure: Sendable, CustomStringConvertible {
        public let name: String
        public let hits: Int
        public let total: Int
        public var value: Double { total == 0 ? 1 : Double(hits) / Double(total) }
        public var description: String { "\(name) \(String(format: "%.3f", value)) (\(hits)/\(total))" }
    }

    public static func evaluate(output: URL, truth: URL) throws -> [Figure] {
        let candidates = try table(output.appendingPathComponent("candidates.csv"))
        let encounters = try table(truth.appendingPathComponent("encounters.csv"))
        // A candidate matches a true encounter on the same date by NHI or by the register's patient id;
        // someone the register does not hold, known only by name (truth's `family` and `given`, where
        // the truth gives them), by the names.
        func keys(_ row: [String: String]) -> [String] {
            let date = row["date"] ?? ""
            var keys: [String] = []
            if let nhi = row["nhi"], !nhi.isEmpty { keys.append("nhi:\(nhi)|\(date)") }
            if let id = row["patient_id"], !id.isEmpty { keys.append("id:\(id)|\(date)") }
            if let family = row["family"] ?? row["family_name"], !family.isEmpty, let given = row["given"] ?? row["given_name"], !given.isEmpty,
               row["patient_id"].map({ $0.isEmpty || $0.hasPrefix("NEW:") }) ?? true {
                keys.append("person:\(NameFolding.key(family))|\(NameFolding.key(given))|\(date)")
            }
            return keys
        }
        var predicted: Set<String> = []
        var predictedStrong: Set<String> = []
        for row in candidates {
            predicted.formUnion(keys(row))
            if row["tier"] != "possible" { predictedStrong.formUnion(keys(row)) }
        }
        /// How many of these true encounters some candidate finds.
        func foundCount(_ rows: [[String: String]]) -> Int { rows.filter { !Set(keys($0)).isDisjoint(with: predicted) }.count }
        let found = foundCount(encounters)
        let foundStrong = encounters.filter { !Set(keys($0)).isDisjoint(with: predictedStrong) }.count
        let abnormal = encounters.filter { !($0["abnormal"] ?? "").isEmpty }
        let abnormalFound = foundCount(abnormal)
        var truthKeys: Set<String> = []
        for row in encounters { truthKeys.formUnion(keys(row)) }
        let correct = candidates.filter { !Set(keys($0)).isDisjoint(with: truthKeys) }.count

        // The aim's recall: of the encounters that left a trace in some source (truth's `traces`
        // column; a truth without it counts every encounter).
        let traced = encounters.filter { ($0["traces"] ?? "x") != "" }
        let tracedFound = foundCount(traced)

        // Visits whose traces name the patient (anything but a lone card payment) and those whose only
        // trace is a card payment: the second can be found only where the card's history allows.
        func sources(_ row: [String: String]) -> Set<String> {
            Set((row["traces"] ?? "").split(separator: ";").map(String.init))
        }
        let cardOnly = traced.filter { sources($0) == ["eftpos"] }
        let named = traced.filter { !sources($0).isEmpty && sources($0) != ["eftpos"] }

        var figures = [
            Figure(name: "recall", hits: found, total: encounters.count),
            Figure(name: "recall_traced", hits: tracedFound, total: traced.count),
            Figure(name: "recall_named", hits: foundCount(named), total: named.count),
            Figure(name: "recall_card_only", hits: foundCount(cardOnly), total: cardOnly.count),
            Figure(name: "precision", hits: correct, total: candidates.count),
            Figure(name: "recall_confirmed_probable", hits: foundStrong, total: encounters.count),
            Figure(name: "recall_abnormal", hits: abnormalFound, total: abnormal.count),
        ]
        // Calibration by tier: how often each tier is right, and the list a GP would ring (confirmed
        // and probable).
        for tiers in [["confirmed"], ["probable"], ["possible"], ["confirmed", "probable"]] {
            let chosen = candidates.filter { tiers.contains($0["tier"] ?? "") }
            figures.append(Figure(name: "precision_" + (tiers.count == 1 ? tiers[0] : "called"),
                                  hits: chosen.filter { !Set(keys($0)).isDisjoint(with: truthKeys) }.count, total: chosen.count))
        }
        let critical = traced.filter { $0["abnormal"] == "critical" }
        // Visits with a critical result that left a trace (one that left none cannot be found).
        figures.append(Figure(name: "recall_critical", hits: foundCount(critical), total: critical.count))
        // Days the practice was closed: no true visit on them. A candidate there is wrong by its day.
        let openDays = Set(encounters.compactMap { $0["date"] })
        figures.append(Figure(name: "candidates_on_closed_days", hits: candidates.filter { !openDays.contains($0["date"] ?? "") }.count,
                              total: candidates.count))
        // Calibration: in each band of stated confidence, the share of candidates that were right.
        for band in stride(from: 0.0, to: 1.0, by: 0.2) {
            let inBand = candidates.filter { row in
                guard let c = Double(row["confidence"] ?? "") else { return false }
                return c >= band && (c < band + 0.2 || (band >= 0.8 && c <= 1))
            }
            guard !inBand.isEmpty else { continue }
            let stated = inBand.compactMap { Double($0["confidence"] ?? "") }.reduce(0, +) / Double(inBand.count)
            figures.append(Figure(name: String(format: "calibration_%.1f-%.1f_stated_%.2f", band, band + 0.2, stated),
                                  hits: inBand.filter { !Set(keys($0)).isDisjoint(with: truthKeys) }.count, total: inBand.count))
        }
        let inboxTruth = try table(truth.appendingPathComponent("inbox.csv"))
        let inboxFile = output.appendingPathComponent("inbox.csv")
        let inbox = FileManager.default.fileExists(atPath: inboxFile.path) ? try table(inboxFile) : []
        let matched = inboxMatches(truth: inboxTruth, found: inbox)
        figures.append(Figure(name: "inbox_recall", hits: matched.count, total: inboxTruth.count))
        let criticalItems = inboxTruth.indices.filter { inboxTruth[$0]["abnormal"] == "critical" }
        let criticalFound = criticalItems.filter { matched[$0] != nil }
        figures.append(Figure(name: "inbox_recall_critical", hits: criticalFound.count, total: criticalItems.count))
        figures.append(Figure(name: "critical_flagged", hits: criticalFound.filter { inbox[matched[$0]!]["abnormal"] == "critical" }.count,
                              total: criticalItems.count))
        return figures
    }

    /// Which found inbox row each true item is (true item index → row index): by any of the row's
    /// message ids (a resent item lists several, separated by `;`), else, for a copy from a damaged
    /// database or an index that carries no message id, the same patient's item of the same kind
    /// (result or not) received within six hours. Each row is one item.
    static func inboxMatches(truth: [[String: String]], found: [[String: String]]) -> [Int: Int] {
        var byID: [String: Int] = [:]
        for (n, row) in found.enumerated() {
            for id in (row["message_id"] ?? "").split(separator: ";") where !id.isEmpty { byID[String(id)] = byID[String(id)] ?? n }
        }
        var matched: [Int: Int] = [:], used: Set<Int> = []
        for (n, item) in truth.enumerated() {
            if let row = byID[item["message_id"] ?? ""] { matched[n] = row; used.insert(row) }
        }
        // Times with any offset (the practice's local time with its offset, or UTC).
        func instant(_ text: String?) -> Date? { text.flatMap { Date(iso8601: $0) } }
        for (n, item) in truth.enumerated() where matched[n] == nil {
            guard let at = instant(item["received"]) else { continue }
            let isResult = item["kind"] == "result"
            let row = found.indices.filter { !used.contains($0) && found[$0]["nhi"] == item["nhi"] && (found[$0]["kind"] == "result") == isResult }
                .compactMap { k in instant(found[k]["received"]).map { (k, abs($0.timeIntervalSince(at))) } }
                .filter { $0.1 <= 6 * 3600 }.min { $0.1 < $1.1 }
            if let (k, _) = row { matched[n] = k; used.insert(k) }
        }
        return matched
    }

    /// A CSV file as rows keyed by header.
    static func table(_ url: URL) throws -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RunError(description: "\(url.path): cannot read; check the folder is a run's output or a drill's truth")
        }
        let document = CSVReader.read([UInt8](data))
        guard let header = document.records.first?.fields else { return [] }
        return document.records.dropFirst().map { record in
            var row: [String: String] = [:]
            for (column, name) in header.enumerated() where column < record.fields.count { row[name] = record.fields[column] }
            return row
        }
    }
}
