import Foundation
import Glibc
import LacunaCore
@testable import Recovery
import Store
import Testing

/// A re-run knows a file it imported before by its stamp (what the file system says of it) rather than
/// by reading and hashing its bytes again; a file whose bytes may have changed is read.
@Suite("A source file known by its stamp")
struct SourceFileStampTests {
    /// The case's rows for files: path, digest of the bytes, stamp.
    func files(_ out: URL) throws -> [(path: String, contentSHA256: String, stamp: String?)] {
        try CaseStore(path: out.appendingPathComponent("case.sqlite").path).database
            .rows("SELECT path, content_sha256, stamp FROM source_file ORDER BY id")
            .map { ($0[0].string ?? "", $0[1].string ?? "", $0[2].string) }
    }

    func stamp(_ url: URL) -> String? { SourceFile(path: Array(url.path.utf8)).stamp()?.text }

    /// Sets a file's modification time (and access time) to `time`, to the nanosecond.
    func setModified(_ url: URL, to time: timespec) throws {
        let times = [time, time]
        #expect(utimensat(AT_FDCWD, url.path, times, 0) == 0)
    }

    func modified(_ url: URL) -> (size: Int, time: timespec) {
        var status = Glibc.stat()
        _ = lstat(url.path, &status)
        return (Int(status.st_size), status.st_mtim)
    }

    @Test("a file rewritten in place to the same size, its modification time set back, is read again")
    func rewrittenInPlace() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let lab = scenario.folder.appendingPathComponent("sources/lab")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted().first { $0.hasSuffix(".hl7") })
        let file = lab.appendingPathComponent(name)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try scenario.run(out: out)

        // The first message's control id (MSH-10) changed, letter for letter, where the file lies.
        var bytes = try Data(contentsOf: file)
        let text = String(decoding: bytes, as: UTF8.self)
        let msh = try #require(text.range(of: "MSH|"))
        var at = text.utf8.distance(from: text.startIndex, to: msh.lowerBound)
        for _ in 0..<9 { at = try #require(bytes[(at + 1)...].firstIndex(of: UInt8(ascii: "|"))) }
        bytes[at + 1] = bytes[at + 1] == UInt8(ascii: "Z") ? UInt8(ascii: "Y") : UInt8(ascii: "Z")
        let before = modified(file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: bytes)
        try handle.close()
        try setModified(file, to: before.time)
        let after = modified(file)
        #expect(after.size == before.size && after.time.tv_sec == before.time.tv_sec && after.time.tv_nsec == before.time.tv_nsec)

        _ = try scenario.run(out: out)
        let rows = try files(out).filter { $0.path == "sources/lab/\(name)" }
        #expect(rows.map(\.contentSHA256).contains(SHA256.hex(bytes: [UInt8](bytes))), "the rewritten file was not read again")
        #expect(rows.count == 2)
    }

    @Test("a file whose stamp the case holds is not read again (its bytes may differ); reading every file, it is")
    func trustedStamp() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try scenario.run(out: out)
        let name = try #require(try files(out).first { $0.path.hasPrefix("sources/lab/") }).path
        let file = scenario.folder.appendingPathComponent(name)
        var bytes = try Data(contentsOf: file)
        bytes.append(contentsOf: Array("\r".utf8))
        try bytes.write(to: file)
        // As a file system whose times never move would leave it: the case holds the changed file's stamp.
        let store = try CaseStore(path: out.appendingPathComponent("case.sqlite").path)
        try store.database.run("UPDATE source_file SET stamp = ? WHERE path = ?", [.text(try #require(stamp(file))), .text(name)])
        _ = try scenario.run(out: out)
        #expect(try files(out).filter { $0.path == name }.count == 1, "a file known by its stamp was read")
        var everything = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        everything.readEveryFile = true
        _ = try everything.run()
        let rows = try files(out).filter { $0.path == name }
        #expect(rows.count == 2 && rows.map(\.contentSHA256).contains(SHA256.hex(bytes: [UInt8](bytes))))
    }

    @Test("a damaged database's journal is part of it: one put beside it, or changed, is noticed and the database read again with it")
    func journal() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let name = "sources/pms-damaged.sqlite"
        let journal = scenario.folder.appendingPathComponent(name + "-wal")
        func rows() throws -> Int {
            try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path).database
                .rows("SELECT count(*) FROM source_file WHERE path = ?", [.text(name)])[0][0].int ?? -1
        }
        func run() throws -> String {
            let ran = try scenario.runProcess(["run", scenario.playbookURL.path])
            #expect(ran.status == 0, "\(ran.stderr)")
            return ran.stdout
        }
        _ = try run()
        #expect(try rows() == 1)
        // Not a journal SQLite would replay (no header): what matters here is that its bytes are the database's.
        try Data(repeating: 7, count: 64).write(to: journal)
        #expect(!(try run()).contains("nothing new"))
        #expect(try rows() == 2)
        #expect(try run().contains("nothing new"))
        let handle = try FileHandle(forWritingTo: journal)
        try handle.write(contentsOf: Data(repeating: 8, count: 64))
        try handle.close()
        #expect(!(try run()).contains("nothing new"))
        #expect(try rows() == 3)
    }

    @Test("every file imported keeps its stamp; a file touched since is known by its bytes, and by its new stamp from then")
    func touched() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try scenario.run(out: out)
        let first = try files(out)
        #expect(first.count > 5)
        for row in first {
            // A damaged database's stamp goes on with its journal's (here none).
            let own = try #require(stamp(scenario.folder.appendingPathComponent(row.path)))
            #expect(row.stamp == own || row.stamp == own + " journal none", "\(row.path)")
        }

        let file = scenario.folder.appendingPathComponent(try #require(first.first { $0.path.hasPrefix("sources/lab/") }).path)
        let old = try #require(stamp(file))
        try setModified(file, to: timespec(tv_sec: 1_700_000_000, tv_nsec: 5))
        let new = try #require(stamp(file))
        #expect(new != old)
        _ = try scenario.run(out: out)
        let second = try files(out)
        #expect(second.count == first.count, "a touched file was imported again")
        #expect(second.first { scenario.folder.appendingPathComponent($0.path) == file }?.stamp == new)
    }
}
