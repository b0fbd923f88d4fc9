import Foundation
import Testing

/// `lacuna remnants map` and `merge` as IT staff run them: on the drill's damaged database and index,
/// and on the public samples nobody here wrote.
@Suite("lacuna remnants map and merge, on the drill's copies and the samples")
struct RemnantsCommandTests {
    @Test("map proposes, merge writes merged.sqlite, CSVs, conflicts and a report, owner-only; nothing read is lost")
    func drill() throws {
        let scenario = try Scenario()
        let database = scenario.folder.appendingPathComponent("sources/pms-damaged.sqlite").path
        let index = scenario.folder.appendingPathComponent("sources/index").path
        let map = scenario.folder.appendingPathComponent("remnants-map.yml").path
        let proposed = try scenario.runProcess(["remnants", "map", "--database", database, "--index", index, "--out", map])
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let yaml = try String(contentsOfFile: map, encoding: .utf8)
        for line in ["holds: appointments", "holds: notes", "index: pms-appointments", "index-id: \"appt-{key}\"", "index: pms-documents"] {
            #expect(yaml.contains(line), "\(line)")
        }
        let out = scenario.folder.appendingPathComponent("merged")
        let merged = try scenario.runProcess(["remnants", "merge", "--database", database, "--index", index, "--map", map, "--out", out.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        for file in ["merged.sqlite", "appointments.csv", "consultations.csv", "patients.csv", "conflicts.csv", "report.txt"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(file).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
        let report = try String(contentsOf: out.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(report.contains("appointments (appointments):") && report.contains("in the index only"))
        #expect(merged.stdout == report)
        // The bookings come out of the merge, one row per key.
        let appointments = try String(contentsOf: out.appendingPathComponent("appointments.csv"), encoding: .utf8)
        #expect(appointments.split(separator: "\r\n").count > 100)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".copies.sqlite").path), "the scratch spool is removed")
    }

    @Test("every public SQLite and index sample: map and merge end with a map, or a message, never a crash")
    func samples() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/samples").standardized
        guard FileManager.default.fileExists(atPath: samples.path) else {
            print("skipped: \(samples.path) is absent")
            return
        }
        let scenario = try Scenario(patients: 50)
        var files: [[String]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("sqlite").path).sorted() where !name.hasSuffix("-wal") {
            files.append(["--database", samples.appendingPathComponent("sqlite/\(name)").path])
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("index").path).sorted() {
            files.append(["--index", samples.appendingPathComponent("index/\(name)").path])
        }
        #expect(files.count >= 15)
        for (n, file) in files.enumerated() {
            let map = scenario.folder.appendingPathComponent("map-\(n).yml").path
            let proposed = try scenario.runProcess(["remnants", "map"] + file + ["--out", map])
            #expect(proposed.status == 0 && !proposed.signalled, "\(file[1]): \(proposed.stderr)")
            let text = (try? String(contentsOfFile: map, encoding: .utf8)) ?? ""
            guard text.contains("- name:") else {
                // Nothing to map (a file of zeros, settings only): said on the terminal.
                #expect(!proposed.stderr.isEmpty, "\(file[1])")
                continue
            }
            let merged = try scenario.runProcess(["remnants", "merge"] + file + ["--map", map, "--out", scenario.folder.appendingPathComponent("merged-\(n)").path])
            #expect(merged.status == 0 && !merged.signalled, "\(file[1]): \(merged.stderr)")
            #expect(merged.stdout.contains("records"), "\(file[1])")
        }
    }
}
