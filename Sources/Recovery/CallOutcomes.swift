import Foundation
import Importing
import LacunaCore
import Reports
import Store

/// Call outcomes written into the call-list CSVs (`call-lists/<provider>.csv`), stored in the case
/// before the lists are written again, so what the GPs recorded survives every run and comes back in
/// the next lists; a candidate reached or closed leaves the recall worklist.
enum CallOutcomes {
    /// The CSV columns people fill in, in `CallOutcome`'s order.
    static let columns = ["outcome", "seen_on", "attempts", "summary", "follow_ups", "next_attempt", "closed"]

    /// Stores outcomes new since the last run. Returns how many candidates got a new record.
    static func collect(from folder: URL, store: CaseStore, person: String) throws -> Int {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        var known = try store.callOutcomes()
        var recorded = 0
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let document = CSVReader.read(Array(data))
            guard let header = document.records.first?.fields, let idsColumn = header.firstIndex(of: "candidate_ids") else { continue }
            let positions = columns.map { header.firstIndex(of: $0) }
            for record in document.records.dropFirst() {
                let fields = record.fields
                let values = positions.map { position -> String in
                    guard let position, position < fields.count else { return "" }
                    return fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
                }
                guard values.contains(where: { !$0.isEmpty }), idsColumn < fields.count else { continue }
                for id in fields[idsColumn].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !id.isEmpty {
                    let outcome = CallOutcome(candidateID: id, outcome: values[0], seenOn: values[1], attempts: values[2], summary: values[3],
                                              followUps: values[4], nextAttempt: values[5], closed: values[6])
                    if known[id] == outcome { continue }
                    try store.recordCallOutcome(outcome, by: person)
                    known[id] = outcome
                    recorded += 1
                }
            }
        }
        return recorded
    }
}
