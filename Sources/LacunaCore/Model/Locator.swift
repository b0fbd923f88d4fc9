/// Where in its file a record was found: enough for a person to open the file and point at it.
public struct Locator: Hashable, Sendable, Codable, CustomStringConvertible {
    /// First line of the record (1-based), where the format has lines.
    public var line: Int? {
        get { Self.read(storedLine) }
        set { storedLine = Self.stored(newValue) }
    }
    /// Last line, where a record spans several (a quoted field with line breaks).
    public var endLine: Int? {
        get { Self.read(storedEndLine) }
        set { storedEndLine = Self.stored(newValue) }
    }
    /// Message number within the file (1-based), for HL7 and other message formats.
    public var message: Int? {
        get { Self.read(storedMessage) }
        set { storedMessage = Self.stored(newValue) }
    }
    /// Byte offset of the record's start in the file.
    public var byteOffset: Int? {
        get { Self.read(storedByteOffset) }
        set { storedByteOffset = Self.stored(newValue) }
    }

    /// Each number as a word, `none` where there is none: four optional numbers took a word and a byte
    /// each, 64 bytes where these take 32, in every trace a run holds (which made its fields a size class
    /// larger in memory). No line, message or offset is the least number a word holds.
    private var storedLine: Int
    private var storedEndLine: Int
    private var storedMessage: Int
    private var storedByteOffset: Int
    private static let none = Int.min

    @inline(__always) private static func read(_ stored: Int) -> Int? { stored == none ? nil : stored }
    @inline(__always) private static func stored(_ value: Int?) -> Int { value ?? none }

    public init(line: Int? = nil, endLine: Int? = nil, message: Int? = nil, byteOffset: Int? = nil) {
        storedLine = Self.stored(line)
        storedEndLine = Self.stored(endLine)
        storedMessage = Self.stored(message)
        storedByteOffset = Self.stored(byteOffset)
    }

    private enum CodingKeys: String, CodingKey {
        case line, endLine, message, byteOffset
    }

    /// As the four optional numbers were coded: each there only where it is.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try container.decodeIfPresent(Int.self, forKey: .line),
                  endLine: try container.decodeIfPresent(Int.self, forKey: .endLine),
                  message: try container.decodeIfPresent(Int.self, forKey: .message),
                  byteOffset: try container.decodeIfPresent(Int.self, forKey: .byteOffset))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(line, forKey: .line)
        try container.encodeIfPresent(endLine, forKey: .endLine)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(byteOffset, forKey: .byteOffset)
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
