import Foundation

/// Lets the tests kill a run (SIGKILL, as `kill -9` would) at a named point, to prove that a re-run
/// ends where a clean run does. Set `LACUNA_CRASH_AT` to `import:N` (inside the transaction of the Nth
/// file imported by this run, before it commits) or `derive` (inside the transaction that replaces
/// the derived facts). Unset, it does nothing.
enum CrashPoint {
    static let setting = ProcessInfo.processInfo.environment["LACUNA_CRASH_AT"]

    static func reached(_ point: String) {
        guard let setting, setting == point else { return }
        kill(getpid(), SIGKILL)
    }
}
