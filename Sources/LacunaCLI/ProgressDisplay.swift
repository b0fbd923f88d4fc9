import Foundation
import Glibc
import Recovery

/// A run's progress on standard error: on a terminal, one line per phase redrawn in place (a bar with
/// the import's files and bytes, then link, infer, write, each with its time); elsewhere, a plain line
/// as each phase begins and one when the import ends, so a log stays short.
final class ProgressDisplay: @unchecked Sendable {
    private let terminal: Bool
    private let lock = NSLock()
    private var phase: RunProgress.Phase?
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var lastImport: RunProgress?

    init(terminal: Bool) { self.terminal = terminal }

    /// The terminal's width, else 80.
    private var width: Int {
        var size = winsize()
        return ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 80
    }

    func update(_ progress: RunProgress) {
        lock.lock()
        defer { lock.unlock() }
        if progress.phase != phase {
            finishPhase()
            phase = progress.phase
            started = Date()
            if !terminal, progress.phase != .done {
                write(progress.phase == .importing
                      ? "… import: \(progress.totalFiles) file(s), \(Self.megabytes(progress.totalBytes))\n"
                      : "… \(progress.phase.rawValue)\n")
            }
        }
        if progress.phase == .importing { lastImport = progress }
        guard terminal, progress.phase != .done else { return }
        // Redrawn at most ten times a second, and always at a phase's start and end.
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || progress.files == progress.totalFiles || progress.files == 0 else { return }
        lastDraw = now
        write("\r\u{1B}[2K" + line(progress))
    }

    /// A line said while the bar is drawn: the bar steps aside.
    func say(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        write((terminal ? "\r\u{1B}[2K" : "") + text + "\n")
        if terminal, let phase, phase != .done {
            write(line(phase == .importing ? lastImport ?? RunProgress(phase: phase) : RunProgress(phase: phase)))
        }
    }

    private func finishPhase() {
        guard let phase, phase != .done else { return }
        let seconds = String(format: "%.1f s", Date().timeIntervalSince(started))
        if terminal {
            let final = phase == .importing ? lastImport.map { line($0, file: false) } ?? phase.rawValue : phase.rawValue
            write("\r\u{1B}[2K" + final + " · done in \(seconds)\n")
        } else if phase == .importing, let last = lastImport {
            write("… import done: \(last.files) file(s), \(Self.megabytes(last.bytes)) in \(seconds)\n")
        }
    }

    private func line(_ progress: RunProgress, file: Bool = true) -> String {
        guard progress.phase == .importing else { return "\(progress.phase.rawValue) …" }
        let share = progress.totalBytes > 0 ? Double(progress.bytes) / Double(progress.totalBytes)
            : progress.totalFiles > 0 ? Double(progress.files) / Double(progress.totalFiles) : 1
        let cells = 20, filled = min(cells, Int((share * Double(cells)).rounded(.down)))
        var text = "import [" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled) + "] "
            + "\(progress.files)/\(progress.totalFiles) files · \(Self.megabytes(progress.bytes))/\(Self.megabytes(progress.totalBytes))"
        if file, !progress.file.isEmpty { text += " · " + progress.file }
        return String(text.prefix(width - 1))
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
