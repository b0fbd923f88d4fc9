import Foundation
import Testing
@testable import Recovery
import TestFolders

@Suite("lacuna link dedupe|pair")
struct PersonListLinkTests {
    func folder() throws -> URL {
        let url = TestFolder.fresh("lacuna-link")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Sixty other people, so the model has a list to learn from, then the ones the test is about.
    static var list: String {
        let given = ["Mere", "Hemi", "Sione", "Priya", "Wei", "Emma", "Olivia", "Jack", "Ruby", "Arjun", "Losa", "Kahu"]
        let family = ["Parata", "Taufa", "Patel", "Wang", "Clarke", "Young", "Reid", "Latu", "Kim", "Santos", "Cruz"]
        var text = "id,first,last,born,mobile\n"
        for i in 0..<60 {
            text += "x\(i),\(given[i % given.count]),\(family[i % family.count]),19\(40 + i)-\(String(format: "%02d", i % 12 + 1))-\(String(format: "%02d", i % 28 + 1)),"
                + "029 \(String(format: "%03d", i)) \(String(format: "%04d", 1000 + i * 7))\n"
        }
        return text + people
    }

    static let people = """
        1,Tāmati,Ngata,1955-02-03,021 555 1234
        2,Tamati,NGATA,03/02/1955,0215551234
        3,Aroha,Ngata,1957-06-11,021 555 1234
        4,Robert,Smith,1960-03-05,027 444 9876
        5,Bob,Smith,1960-03-05,
        6,Jane,Walker,1990-12-01,022 333 1111

        """

    @Test("dedupe writes pairs.csv and clusters.csv as CONTRACT gives them; a household is not one person")
    func dedupe() throws {
        let dir = try folder()
        let file = dir.appendingPathComponent("list.csv")
        try Data(Self.list.utf8).write(to: file)
        let options = PersonListLink.Options(idColumn: "id", roles: [("first", .given), ("last", .family), ("born", .dob), ("mobile", .phone)])
        let outcome = try PersonListLink.run(files: [file], options: options, out: dir.appendingPathComponent("out"))
        #expect(outcome.people == 66)
        let pairs = String(decoding: try Data(contentsOf: dir.appendingPathComponent("out/pairs.csv")), as: UTF8.self)
        #expect(pairs.hasPrefix("id_l,id_r,match_probability,match_weight\r\n"))
        let clusters = String(decoding: try Data(contentsOf: dir.appendingPathComponent("out/clusters.csv")), as: UTF8.self)
            .split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let of = Dictionary(uniqueKeysWithValues: clusters.map { ($0[0], $0[1]) })
        #expect(of["1"] == of["2"])
        #expect(of["4"] == of["5"])
        #expect(of["3"] != of["1"])      // Aroha shares the mobile and the family name, not the person
        #expect(Set(of.values).count == 64)
    }

    @Test("a missing column or an unknown role is named")
    func mistakes() throws {
        let dir = try folder()
        let file = dir.appendingPathComponent("list.csv")
        try Data(Self.list.utf8).write(to: file)
        let options = PersonListLink.Options(idColumn: "id", roles: [("frist", .given)])
        #expect(throws: PersonListLink.Problem.self) { try PersonListLink.run(files: [file], options: options, out: dir) }
        do {
            _ = try PersonListLink.run(files: [file], options: options, out: dir)
        } catch {
            #expect("\(error)".contains("no column frist") && "\(error)".contains("first"))
        }
        if case .failure(let problem) = PersonListLink.role("born=birthday") { #expect(problem.description.contains("unknown role")) } else {
            Issue.record("an unknown role was accepted")
        }
    }
}
