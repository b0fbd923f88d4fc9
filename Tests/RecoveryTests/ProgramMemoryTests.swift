import Foundation
import Testing

/// Issue 20: the program takes its memory from jemalloc, not glibc's malloc (a tenth of a run's time
/// was glibc's malloc and free). Linking it is a line of Package.swift that nothing else would miss.
@Suite("The program's memory")
struct ProgramMemoryTests {
    @Test("the lacuna executable allocates through jemalloc (its statistics printed at exit when asked)")
    func jemalloc() throws {
        let scenario = try Scenario(seed: 2, patients: 30)
        let result = try scenario.runProcess(["--version"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("Begin jemalloc statistics"), "glibc's malloc, not jemalloc's, took the program's memory")
    }
}
