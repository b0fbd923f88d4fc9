import LacunaCore
/// A `multipart/form-data` body (a browser's file upload, RFC 7578): its text fields and its files.
enum MultipartBody {
    struct File: Sendable {
        let field: String
        let filename: String
        let bytes: [UInt8]
    }

    /// The boundary a Content-Type names, where it is multipart/form-data.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in contentType.split(separator: ";").dropFirst() {
            let pair = part.trimmingSpaces()
            if pair.lowercased().hasPrefix("boundary=") {
                let value = pair.dropFirst(9)
                return String(value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value)
            }
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) -> (fields: [String: String], files: [File]) {
        let delimiter = Array(("--" + boundary).utf8)
        var fields: [String: String] = [:], files: [File] = []
        var starts: [Int] = []
        var i = 0
        while i + delimiter.count <= body.count {
            if body[i] == delimiter[0], Array(body[i..<(i + delimiter.count)]) == delimiter { starts.append(i); i += delimiter.count } else { i += 1 }
        }
        for (n, start) in starts.enumerated() where n + 1 < starts.count {
            var from = start + delimiter.count
            if from + 1 < body.count, body[from] == 13, body[from + 1] == 10 { from += 2 }
            var to = starts[n + 1]
            if to >= 2, body[to - 2] == 13, body[to - 1] == 10 { to -= 2 }
            guard from <= to else { continue }
            let part = Array(body[from..<to])
            guard let split = headerEnd(part) else { continue }
            let headers = String(decoding: part[..<split], as: UTF8.self)
            let content = Array(part[(split + 4)...])
            var name: String?, filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: String(line))
                filename = parameter("filename", in: String(line))
            }
            guard let name else { continue }
            if let filename { files.append(File(field: name, filename: filename, bytes: content)) } else { fields[name] = String(decoding: content, as: UTF8.self) }
        }
        return (fields, files)
    }

    static func headerEnd(_ part: [UInt8]) -> Int? {
        guard part.count >= 4 else { return nil }
        for k in 0...(part.count - 4) where part[k] == 13 && part[k + 1] == 10 && part[k + 2] == 13 && part[k + 3] == 10 { return k }
        return nil
    }

    /// `name="value"` in a header line (the first such parameter).
    static func parameter(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(key)=\"") ?? line.range(of: ";\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
