import Foundation
import Glibc

/// One file a source names. Its path is kept as the bytes the file system gave, so a name that is not
/// valid UTF-8 (a file copied from an old Windows share, a Latin-1 `Médecins.csv`) is still read; it
/// is shown with each bad byte written `\xE9`.
struct SourceFile: Hashable {
    /// The absolute path, as bytes (no terminating NUL).
    let path: [UInt8]

    /// The path for people and for the case: UTF-8, each byte that is not written `\xNN`.
    var display: String { SourceFiles.display(path) }

    /// What the file system says of the file: its size, its modification and change times to the
    /// nanosecond, its inode and device (following a link, as `contents()` does); nil where it cannot say.
    /// Every write to a file moves its change time, which no program can set back (`touch -d` and a copy
    /// that keeps times set the modification time alone), so a file with the stamp it had when it was read
    /// holds the bytes it held then (to the file system clock's tick: a rewrite to the same size within
    /// one tick of being read is not seen, as the run's own `RunInputs` would not see it).
    func stamp() -> (text: String, size: Int)? {
        var status = Glibc.stat()
        let found = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { fstatat(AT_FDCWD, $0, &status, 0) }
        }
        guard found == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let text = "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec) \(status.st_ino) \(status.st_dev)"
        return (text, Int(status.st_size))
    }

    /// The journal SQLite keeps beside a database (`NAME-wal`), which a damaged database's reader replays
    /// (`SQLiteImage`): part of what that database holds.
    var journal: SourceFile { SourceFile(path: path + Array("-wal".utf8)) }

    /// The file's bytes, or nil when it cannot be read.
    func contents() -> [UInt8]? {
        let descriptor = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_RDONLY | O_CLOEXEC) }
        }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        // Room for the whole file at once, by its size now (it is still read to its end, whatever that
        // is): grown as it was read, a large register's file was copied into a new list some ten times
        // over, each larger one memory the kernel zeroed, twice the file's size in all.
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_size > 0 { bytes.reserveCapacity(Int(status.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// The files a source's `path` names: a file, a folder (read recursively, hidden files skipped) or a
/// glob; relative to the playbook's folder; sorted so runs are repeatable.
enum SourceFiles {
    struct Missing: Error {
        let path: String
    }

    /// The files, sorted by path. Throws `Missing` when a plain path does not exist (a glob or a folder
    /// that matches nothing yet is fine: the resend may not have arrived).
    static func resolve(_ path: String, relativeTo folder: URL) throws -> [SourceFile] {
        let absolute = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
        if absolute.contains(where: { "*?[".contains($0) }) {
            var result = glob_t()
            defer { globfree(&result) }
            guard glob(absolute, 0, nil, &result) == 0 else { return [] }
            var files: [SourceFile] = []
            for i in 0..<Int(result.gl_pathc) {
                guard let p = result.gl_pathv[i] else { continue }
                var visited: Set<[UInt64]> = []
                files += walk(Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))),
                              visited: &visited)
            }
            return Array(Set(files)).sorted { $0.path.lexicographicallyPrecedes($1.path) }
        }
        let bytes = Array(absolute.utf8)
        guard kind(of: bytes) != nil else { throw Missing(path: path) }
        var visited: Set<[UInt64]> = []
        return walk(bytes, visited: &visited).sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    enum Kind { case file, folder }

    /// What is at `path` (symbolic links followed), or nil where nothing is.
    static func kind(of path: [UInt8], identity: inout [UInt64]) -> Kind? {
        var status = stat()
        let found = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { stat($0, &status) }
        }
        guard found == 0 else { return nil }
        identity = [UInt64(status.st_dev), UInt64(status.st_ino)]
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        default: return nil   // devices, sockets and pipes are not exports
        }
    }

    static func kind(of path: [UInt8]) -> Kind? {
        var identity: [UInt64] = []
        return kind(of: path, identity: &identity)
    }

    /// Every regular file at or under `path`; hidden entries skipped; a folder met twice (a symbolic
    /// link loop) walked once.
    private static func walk(_ path: [UInt8], visited: inout Set<[UInt64]>) -> [SourceFile] {
        var identity: [UInt64] = []
        switch kind(of: path, identity: &identity) {
        case .file: return [SourceFile(path: path)]
        case nil: return []
        case .folder:
            guard visited.insert(identity).inserted else { return [] }
            var files: [SourceFile] = []
            for name in entries(of: path) where name.first != UInt8(ascii: ".") {
                files += walk(path + [UInt8(ascii: "/")] + name, visited: &visited)
            }
            return files
        }
    }

    /// The names in a folder, as bytes.
    private static func entries(of folder: [UInt8]) -> [[UInt8]] {
        let handle = (folder + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { opendir($0) }
        }
        guard let handle else { return [] }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names
    }

    /// A path as text: valid UTF-8 as it is, each other byte as `\xNN`.
    static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var text = ""
        var index = 0
        while index < bytes.count {
            // The longest valid UTF-8 sequence starting here (1 to 4 bytes), else one escaped byte.
            var taken = false
            for length in stride(from: min(4, bytes.count - index), through: 1, by: -1) {
                if let piece = String(validating: bytes[index..<index + length], as: UTF8.self), piece.unicodeScalars.count == 1 {
                    text += piece
                    index += length
                    taken = true
                    break
                }
            }
            if !taken {
                text += String(format: "\\x%02X", bytes[index])
                index += 1
            }
        }
        return text
    }

    /// The path as the case names it: relative to the playbook's folder (with `..` where it lies
    /// outside it), so a case reads the same wherever the folders are checked out.
    static func caseName(of absolute: String, folder: URL) -> String {
        let base = folder.standardizedFileURL.pathComponents
        let target = URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents
        var shared = 0
        while shared < base.count, shared < target.count, base[shared] == target[shared] { shared += 1 }
        let ups = Array(repeating: "..", count: base.count - shared)
        return (ups + target[shared...]).joined(separator: "/")
    }

    /// Whether `inner` is `outer` or lies inside it (both absolute, standardised).
    static func contains(_ outer: URL, _ inner: URL) -> Bool {
        let o = outer.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let i = inner.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        return i.count >= o.count && Array(i.prefix(o.count)) == o
    }
}
