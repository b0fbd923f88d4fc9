import Foundation
import Testing
import Importing
import Store
@testable import Recovery

@Suite("Review of uncertain links")
struct ReviewRunTests {
    /// review.csv's rows as header → value.
    func reviewRows(_ scenario: Scenario) throws -> (header: [String], rows: [[String]]) {
        let document = CSVReader.read(Array(try scenario.bytes("review.csv")))
        let header = try #require(document.records.first?.fields)
        return (header, document.records.dropFirst().map(\.fields))
    }

    func linkCount(_ scenario: Scenario, trace: String, patient: String) throws -> Int {
        let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
        return try store.database.rows("SELECT count(*) FROM link l JOIN trace t ON t.id = l.trace_id WHERE t.content_key = ? AND l.patient_id = ?",
                                       [.text(trace), .text(patient)])[0][0].int ?? -1
    }

    @Test("links in the grey zone are listed with why; decisions written in review.csv survive re-runs")
    func decisionsSurvive() throws {
        let scenario = try Scenario()
        try scenario.run()
        let (header, rows) = try reviewRows(scenario)
        #expect(header == ["trace_key", "source", "locator", "patient_id", "rule", "link_weight", "match_probability", "why", "decision"])
        #expect(rows.count >= 2)
        let why = try #require(header.firstIndex(of: "why")), decision = try #require(header.firstIndex(of: "decision"))
        #expect(rows.allSatisfy { !$0[why].isEmpty && $0[decision].isEmpty })
        let report = String(decoding: try scenario.bytes("report.html"), as: UTF8.self)
        #expect(report.contains("Links to check") && report.contains("class=\"waterfall\"") && !report.contains("<script"))
        // Every candidate says why, with where each trace came from.
        #expect(report.contains("Candidates and why") && report.contains("<details><summary>1. patient ")
                && report.contains("seen that day (") && report.contains("sources/"))

        // A person rejects the first link and confirms the second.
        let rejected = rows[0], confirmed = rows[1]
        var edited = rows
        edited[0][decision] = "reject"
        edited[1][decision] = "yes"
        let text = ([header] + edited).map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
        try Data(text.utf8).write(to: scenario.out.appendingPathComponent("review.csv"))
        #expect(try linkCount(scenario, trace: rejected[0], patient: rejected[3]) == 1)

        try scenario.run()
        #expect(try linkCount(scenario, trace: rejected[0], patient: rejected[3]) == 0)
        let again = try reviewRows(scenario).rows
        #expect(again.contains { $0[0] == rejected[0] && $0[3] == rejected[3] && $0[decision] == "reject" })
        #expect(again.contains { $0[0] == confirmed[0] && $0[3] == confirmed[3] && $0[decision] == "confirm" })

        // The decisions live in the case, not in the file: gone review.csv, same links.
        try FileManager.default.removeItem(at: scenario.out.appendingPathComponent("review.csv"))
        try scenario.run()
        try scenario.run()
        #expect(try linkCount(scenario, trace: rejected[0], patient: rejected[3]) == 0)
        let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
        #expect(try store.linkDecisions().count == 2)
        let rule = try store.database.rows("SELECT rule FROM link l JOIN trace t ON t.id = l.trace_id WHERE t.content_key = ? AND l.patient_id = ?",
                                           [.text(confirmed[0]), .text(confirmed[3])]).first?[0].string
        #expect(rule?.hasSuffix("confirmed in review") == true)
    }
}
