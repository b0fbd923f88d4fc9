import Foundation
import Testing

/// The program's own settings that live outside Swift: jemalloc's, from `CJemallocSettings`.
@Suite("The program's memory settings")
struct ProgramSettingsTests {
    /// jemalloc's option settings as it prints them at exit (`stats_print`), for `lacuna --version`.
    func jemallocOptions(_ conf: String) throws -> String {
        let binary = try #require(Scenario.executable, "the lacuna executable was not built beside the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--version"]
        process.environment = ProcessInfo.processInfo.environment.merging(["MALLOC_CONF": conf]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text
    }

    @Test("the heap never in huge pages, whatever the kernel's setting (the executable's malloc_conf, which a linker could drop), and MALLOC_CONF still overriding it")
    func smallPages() throws {
        let own = try jemallocOptions("stats_print:true")
        #expect(own.contains("opt.thp: \"never\""), "jemalloc did not take the program's settings")
        #expect(own.contains("opt.metadata_thp: \"disabled\""))
        let overridden = try jemallocOptions("stats_print:true,thp:always")
        #expect(overridden.contains("opt.thp: \"always\""))
    }
}
