public import Foundation
import Glibc

/// Why an output could not be written. It names the output by its place in the output folder (file
/// names there are Lacuna's own, never patient data) and the system's reason.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// The output, relative to the output folder where known (`call-lists/RS.csv`).
    public let name: String
    public let reason: String

    public var description: String { "cannot write \(name): \(reason)" }

    public init(_ url: URL, errno code: Int32) {
        name = url.pathComponents.suffix(2).joined(separator: "/")
        reason = String(cString: strerror(code))
    }

    init(_ url: URL, reason: String) {
        name = url.pathComponents.suffix(2).joined(separator: "/")
        self.reason = reason
    }
}

/// Writes files so that a reader (or a run killed half-way) never sees half of one: written beside,
/// then renamed over. Owner-only always: the temporary file is created afresh (`O_EXCL`, mode 0600),
/// never through a symbolic link (`O_NOFOLLOW`), and a leftover temporary file of any mode is removed
/// first; the rename replaces a symbolic link at the final name rather than writing through it.
public enum OutputFile {
    /// Writes `data` to `url`, unless the file there already holds exactly these bytes (a real file,
    /// owner-only): then it is left as it is, its time included, so a re-run rewrites only the outputs
    /// whose content changed and the practice can see which did.
    public static func write(_ data: Data, to url: URL) throws(OutputError) {
        let path = url.path
        // Beside it, named after it: its folder's path and ".name.partial" (as the URL's own parts give it
        // where the path has no folder in it).
        let temporary = temporaryPath(path) ?? url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
        try write(data, path: path, temporary: temporary)
    }

    /// `write(_:to:)` of the file named `name` in the folder at `folder` (a folder URL's `path`): for a
    /// writer of many files, each without a URL made and taken apart (Foundation's URL took some
    /// 17,000 instructions a file to append a name and give back paths, every output of every run).
    public static func write(_ data: Data, named name: String, inFolder folder: String) throws(OutputError) {
        let path = folder + "/" + name
        try write(data, path: path, temporary: temporaryPath(path)!)
    }

    /// Where a file's temporary copy is written: beside it, `.name.partial`; nil for a path with no folder.
    static func temporaryPath(_ path: String) -> String? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(path[...slash]) + "." + String(path[path.index(after: slash)...]) + ".partial"
    }

    private static func write(_ data: Data, path: String, temporary: String) throws(OutputError) {
        if holds(data, atPath: path) { return }
        if unlink(temporary) != 0, errno != ENOENT { throw OutputError(URL(fileURLWithPath: temporary), errno: errno) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutputError(URL(fileURLWithPath: path), errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fchmod(descriptor, 0o600) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw OutputError(URL(fileURLWithPath: path), errno: failure)
        }
    }
}

extension OutputFile {
    /// The bytes of the output at `path` where it is a regular file (never a link followed), owner-only, of
    /// at most `limit` bytes; nil otherwise. For a writer that keeps what an earlier run wrote.
    static func earlier(atPath path: String, limit: Int) -> Data? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 == 0,
              Int(status.st_size) <= limit else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    /// What the file system says of the regular, owner-only file at `path` (never a link followed): its
    /// size, the time it was last changed to the nanosecond and its inode; nil for anything else. A file
    /// written again, or changed by hand, says otherwise.
    public static func stamp(atPath path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 == 0 else { return nil }
        return "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
    }

    /// Whether `path` is a regular file, owner-only, of exactly `data`'s bytes (read only when the size agrees).
    static func holds(_ data: Data, atPath path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 == 0,
              Int(status.st_size) == data.count else { return false }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return data.withUnsafeBytes { (wanted: UnsafeRawBufferPointer) -> Bool in
            var buffer = [UInt8](repeating: 0, count: min(1 << 16, wanted.count + 1))
            var offset = 0
            while offset < wanted.count {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if got < 0, errno == EINTR { continue }
                guard got > 0, offset + got <= wanted.count else { return false }
                let same = buffer.withUnsafeBytes { memcmp($0.baseAddress!, wanted.baseAddress! + offset, got) == 0 }
                guard same else { return false }
                offset += got
            }
            // Nothing beyond: the file did not grow since it was measured.
            return buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, 1) } == 0
        }
    }
}

/// The folders outputs go into: owner-only (mode 0700 set on every run, not only when created) and
/// real folders, never symbolic links that would carry patient data elsewhere.
public enum OutputFolder {
    /// Creates `url` if needed and makes it owner-only. A folder inside the output folder that is a
    /// symbolic link is refused (`inside: true`); the output folder itself may be one the person chose.
    public static func prepare(_ url: URL, inside: Bool = true) throws(OutputError) {
        var status = stat()
        if lstat(url.path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK {
                guard !inside else { throw OutputError(url, reason: "it is a symbolic link; Lacuna writes only into real folders: remove the link") }
            }
        } else if mkdir(url.path, 0o700) != 0, errno != EEXIST {
            if errno == ENOENT {
                // Parents first (an output folder deep in a new path).
                do {
                    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw OutputError(url, reason: "cannot create the folder; check that its parent is writable")
                }
            } else {
                throw OutputError(url, errno: errno)
            }
        }
        if chmod(url.path, 0o700) != 0 { throw OutputError(url, errno: errno) }
    }
}
