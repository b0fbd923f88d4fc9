/// How far a run has come, phase by phase, for a progress bar on a terminal and a plain line
/// elsewhere. Never patient data: a file's name within the case is the most it carries.
public struct RunProgress: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable {
        case importing = "import", linking = "link", inferring = "infer", writing = "write", done
    }

    public var phase: Phase
    /// Files looked at so far, of the playbook's files (import only).
    public var files: Int = 0
    public var totalFiles: Int = 0
    /// Bytes looked at so far, of the files' total (import only).
    public var bytes: Int = 0
    public var totalBytes: Int = 0
    /// The file being read, as the case names it (import only).
    public var file: String = ""

    public init(phase: Phase, files: Int = 0, totalFiles: Int = 0, bytes: Int = 0, totalBytes: Int = 0, file: String = "") {
        self.phase = phase
        self.files = files
        self.totalFiles = totalFiles
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.file = file
    }
}
