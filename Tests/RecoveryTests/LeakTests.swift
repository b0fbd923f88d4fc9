import Foundation
import Testing
import Drill
import Importing
import LacunaCore
import TestFolders

/// No patient data in what a run says or in the names of what it writes: the whole drill, with hostile
/// values in names and in the appointment book, run by the real executable; its standard output and
/// error, and every file name under the output folder, are scanned for every identifier the drill
/// gave its patients.
@Suite("Leaks: no patient data in messages or file names, whatever the names hold")
struct LeakTests {
    /// The identifiers of the register's patients that must never appear outside the files' contents.
    static func identifiers(register: URL, providers: [String]) throws -> Set<String> {
        let document = CSVReader.read([UInt8](try Data(contentsOf: register)))
        let header = try #require(document.records.first?.fields)
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let clinicianWords = Set(providers.flatMap { $0.split(separator: " ").map(String.init) })
        var found: Set<String> = []
        for record in document.records.dropFirst() {
            func cell(_ name: String) -> String? {
                column(name).flatMap { $0 < record.fields.count ? record.fields[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            if let nhi = cell("NHI Number") { found.insert(nhi) }
            if let dob = cell("Date of Birth") {
                found.insert(dob)
                let parts = dob.split(separator: "/")
                if parts.count == 3 { found.insert("\(parts[2])-\(parts[1])-\(parts[0])") }
            }
            for name in ["Mobile", "Home Phone"] {
                if let phone = cell(name) {
                    let digits = phone.filter(\.isNumber)
                    if digits.count >= 8 { found.insert(String(digits.suffix(7))) }
                }
            }
            if let email = cell("Email") { found.insert(email) }
            for name in ["Surname", "First Name"] {
                guard let text = cell(name) else { continue }
                // Every distinctive piece of a name: words of four letters or more that are not a
                // clinician's, and the hostile names' tokens.
                for word in text.split(whereSeparator: { !$0.isLetter }) where word.count >= 4 && !clinicianWords.contains(String(word)) {
                    found.insert(String(word))
                }
            }
        }
        return found
    }

    /// Runs the executable; its exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let binary = try #require(Scenario.executable, "the lacuna executable was not built beside the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes at once, so neither fills while the other is read.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test("the hostile drill, run twice, then a playbook that cannot run: no identifier in stdout, stderr or any file name")
    func hostileDrill() throws {
        let folder = TestFolder.fresh("lacuna-leak")
        var options = DrillOptions(seed: 14, patients: 600)
        options.hostile = true
        _ = try Drill.write(to: folder, options: options)
        let playbook = folder.appendingPathComponent("playbook.yml")
        let text = try String(contentsOf: playbook, encoding: .utf8)
        let providers = text.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "name: ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "}" }).trimmingCharacters(in: .whitespaces)
        }
        let secrets = try Self.identifiers(register: folder.appendingPathComponent("sources/register.csv"), providers: providers)
        #expect(secrets.count > 1000)
        #expect(secrets.contains { $0.hasPrefix("Whakaarahia") } && secrets.contains("HYPERLINK"))

        var said: [String] = []
        for _ in 0..<2 {
            let run = try Self.run(["run", playbook.path])
            #expect(run.status == 0, "\(run.errors)")
            said += [run.output, run.errors]
        }
        // A broken playbook and a window typo: the errors name the file and the line, never data.
        try (text + "\nsoruces: x\n").write(to: folder.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let broken = try Self.run(["run", folder.appendingPathComponent("broken.yml").path])
        #expect(broken.status == 1)
        said += [broken.output, broken.errors]

        let out = folder.appendingPathComponent("out")
        let names = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String]) ?? []
        #expect(names.count > 100)
        let words = Set((said + names).joined(separator: "\n").split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" && $0 != "@" && $0 != "." })
            .map(String.init))
        let text_ = (said + names).joined(separator: "\n")
        for secret in secrets.sorted() {
            let leaked = secret.allSatisfy(\.isLetter) ? words.contains(secret) : text_.contains(secret)
            #expect(!leaked, "an identifier reached a message or a file name: \(secret.prefix(3))…")
        }
        #expect(names.allSatisfy { $0.utf8.count < 100 })
        // And the hostile values did reach the outputs' contents (the test tests something).
        let written = try names.filter { $0.hasSuffix(".csv") }.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }
            .joined()
        let store = try StoreAccess(path: out.appendingPathComponent("case.sqlite").path).store
        #expect(try store.database.rows("SELECT count(*) FROM patient WHERE family_name LIKE 'Tipene-Whakaarahia%'")[0][0].int ?? 0 > 0)
        #expect(["'=HYPERLINK", "'+cmd", "'@SUM", "'-2+3"].contains { written.contains($0) })
    }
}
