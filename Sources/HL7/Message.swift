/// Something the reader noticed about a message or a file, with where it is. Never holds field values.
public struct HL7Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var byteOffset: Int
    public var text: String

    public var description: String { "line \(line), byte \(byteOffset): \(text)" }
}

/// One message, from its MSH to the terminator of its last segment: the bytes exactly as they arrived
/// (printing it gives them back) and its segments split, fields split on demand.
public struct HL7Message: Sendable {
    /// The message's bytes, exactly as in the file. Shares the file's storage.
    public let bytes: ArraySlice<UInt8>
    public let segments: [HL7Segment]
    public let delimiters: HL7Delimiters
    /// By MSH-18, or the fallback when the bytes contradict it.
    public let encoding: HL7TextEncoding
    /// 1-based number of the message in its file.
    public let number: Int
    /// 1-based line of the MSH.
    public let line: Int
    /// Byte offset of the MSH in the file.
    public let byteOffset: Int
    /// What was wrong with it (truncation, stray lines, a wrong character set …); empty when clean.
    public let diagnostics: [HL7Diagnostic]

    /// The first segment with this id.
    public func segment(_ name: String) -> HL7Segment? { segments.first { $0.name == name } }

    /// Every segment with this id, in order.
    public func segments(_ name: String) -> [HL7Segment] { segments.filter { $0.name == name } }

    /// MSH-9.1^MSH-9.2 as written (`ORU^R01`), read straight from the bytes: cheap enough to
    /// call for every message of a large file.
    public var typeKey: String {
        guard let msh = segments.first else { return "" }
        let b = msh.bytes, d = delimiters
        var seen = 0
        var i = b.startIndex
        while i < b.endIndex, seen < 8 {
            if b[i] == d.field { seen += 1 }
            i += 1
        }
        var e = i, components = 0
        while e < b.endIndex, b[e] != d.field, b[e] != d.repetition {
            if b[e] == d.component { components += 1; if components == 2 { break } }
            e += 1
        }
        return String(decoding: b[i..<e], as: UTF8.self)
    }

    /// MSH-9 as written (`ORU^R01^ORU_R01`).
    public var messageType: String { segment("MSH")?.field(9).rawText ?? "" }
    /// MSH-9.1 and MSH-9.2 (`ORU`, `R01`).
    public var typeCode: (code: String, event: String) {
        let f = segment("MSH")?.field(9)
        return (f?.component(1).text ?? "", f?.component(2).text ?? "")
    }
    /// MSH-10, the message control id.
    public var controlID: String { segment("MSH")?.field(10).text ?? "" }
    /// MSH-12.1, the version (`2.4`).
    public var version: String { segment("MSH")?.field(12).component(1).text ?? "" }

    /// Values at a path such as `PID-5.1`, `OBX[2]-5`, `PID-3(*)`, `PID-3(2).1`. Leaves are
    /// unescaped text; a path that stops above the leaves gives the raw text.
    public func values(at path: String) throws(HL7PathError) -> [String] {
        try HL7Path(path).values(in: self)
    }

    /// The first value at a path, or nil.
    public func value(at path: String) -> String? {
        (try? values(at: path))?.first { !$0.isEmpty }
    }
}

/// Bytes of a file that belong to no message: batch envelopes, MLLP framing, a BOM, blank lines,
/// comments, or segments with no MSH before them (with a diagnostic).
public struct HL7Interstice: Sendable {
    public enum Kind: String, Sendable {
        case batchHeader = "batch header", batchTrailer = "batch trailer", framing, blank, comment, orphanSegments = "segments without MSH"
    }
    public let kind: Kind
    public let bytes: ArraySlice<UInt8>
    public let line: Int
    public let byteOffset: Int
}

/// A file's contents in order: concatenating every unit's bytes gives the file back.
public enum HL7Unit: Sendable {
    case message(HL7Message)
    case other(HL7Interstice)

    public var bytes: ArraySlice<UInt8> {
        switch self {
        case .message(let m): return m.bytes
        case .other(let o): return o.bytes
        }
    }
}
