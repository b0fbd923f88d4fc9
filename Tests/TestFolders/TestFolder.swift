public import Foundation

/// Folders for the files one test process writes (drills, cases, outputs), all under one folder of
/// the system's temporary directory that is removed when the process ends, so that running the
/// suite again and again does not leave its synthetic practices behind.
public enum TestFolder {
    /// A new path, not yet made, under this process's folder: `prefix-<UUID><suffix>`.
    public static func fresh(_ prefix: String, suffix: String = "") -> URL {
        processFolder.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }

    /// A new folder, made, under this process's folder (`fresh`).
    public static func made(_ prefix: String) throws -> URL {
        let folder = fresh(prefix)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// This process's folder, made on first use; removed at exit (a process that crashes leaves it).
private let processFolder: URL = {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("lacuna-tests-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
    try? FileManager.default.removeItem(at: folder)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                             attributes: [.posixPermissions: 0o700])
    atexit { try? FileManager.default.removeItem(at: processFolder) }
    return folder
}()
