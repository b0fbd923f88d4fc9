public import Foundation

/// Writes CSV as the contract asks: UTF-8 with a BOM (so spreadsheet programs show macrons), a header
/// row, RFC 4180 quoting and CRLF line ends.
public struct CSVWriter {
    private var text: String

    public init(header: [String]) {
        text = "\u{FEFF}"
        append(header)
    }

    public mutating func append(_ row: [String]) {
        text += row.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    /// The file's contents.
    public var data: Data { Data(text.utf8) }

    /// A field quoted as RFC 4180 asks, where it must be.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ")
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Writes files so that a reader (or a run killed half-way) never sees half of one: write beside, then
/// rename over. Files are readable by their owner only.
public enum OutputFile {
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        let previous = umask(0o077)
        defer { umask(previous) }
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
