/// Where in its file a record was found: enough for a person to open the file and point at it.
public struct Locator: Hashable, Sendable, Codable, CustomStringConvertible {
    /// First line of the record (1-based), where the format has lines.
    public var line: Int?
    /// Last line, where a record spans several (a quoted field with line breaks).
    public var endLine: Int?
    /// Message number within the file (1-based), for HL7 and other message formats.
    public var message: Int?
    /// Byte offset of the record's start in the file.
    public var byteOffset: Int?

    public init(line: Int? = nil, endLine: Int? = nil, message: Int? = nil, byteOffset: Int? = nil) {
        self.line = line
        self.endLine = endLine
        self.message = message
        self.byteOffset = byteOffset
    }

    /// `line 12`, `lines 12-14`, `message 3`, `byte 5120`, joined by commas.
    public var description: String {
        var parts: [String] = []
        if let message { parts.append("message \(message)") }
        if let line {
            if let endLine, endLine != line { parts.append("lines \(line)-\(endLine)") } else { parts.append("line \(line)") }
        }
        if let byteOffset { parts.append("byte \(byteOffset)") }
        return parts.isEmpty ? "whole file" : parts.joined(separator: ", ")
    }
}
