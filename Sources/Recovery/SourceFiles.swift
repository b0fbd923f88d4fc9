import Foundation
import Glibc

/// The files a source's `path` names: a file, a folder (read recursively, hidden files skipped) or a
/// glob; relative to the playbook's folder; sorted so runs are repeatable.
enum SourceFiles {
    struct Missing: Error {
        let path: String
    }

    /// Absolute paths, sorted. Throws `Missing` when a plain path does not exist (a glob or a folder
    /// that matches nothing yet is fine: the resend may not have arrived).
    static func resolve(_ path: String, relativeTo folder: URL) throws -> [String] {
        let absolute = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
        if absolute.contains(where: { "*?[".contains($0) }) {
            var result = glob_t()
            defer { globfree(&result) }
            guard glob(absolute, 0, nil, &result) == 0 else { return [] }
            var files: [String] = []
            for i in 0..<Int(result.gl_pathc) {
                if let p = result.gl_pathv[i] { files.append(contentsOf: try resolve(String(cString: p), relativeTo: folder)) }
            }
            return files.sorted()
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else { throw Missing(path: path) }
        guard isFolder.boolValue else { return [absolute] }
        guard let walker = FileManager.default.enumerator(atPath: absolute) else { return [] }
        var files: [String] = []
        for case let relative as String in walker {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let full = absolute + "/" + relative
            var sub: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { files.append(full) }
        }
        return files.sorted()
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
}
