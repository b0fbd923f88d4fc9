/// One segment of a message: its bytes (raw line feeds inside text included) and its terminator.
public struct HL7Segment: Sendable {
    /// The segment's content and its terminator, as they arrived. Shares the file's storage.
    let raw: ArraySlice<UInt8>
    /// How many bytes of `raw` are content (the rest is the terminator).
    let contentCount: Int
    /// The segment's content, without its terminator. Shares the file's storage.
    public var bytes: ArraySlice<UInt8> { raw.prefix(contentCount) }
    /// The terminator as it arrived: CR, LF, CRLF, or empty (the last segment of a truncated message).
    public var terminator: ArraySlice<UInt8> { raw.dropFirst(contentCount) }
    public let delimiters: HL7Delimiters
    public let encoding: HL7TextEncoding
    /// 1-based line in the file where the segment starts.
    public let line: Int

    /// The segment id (`MSH`, `PID`, `ZLT` …).
    public var name: String { String(decoding: bytes.prefix(3), as: UTF8.self) }

    var isHeader: Bool {
        bytes.count >= 3 && bytes[bytes.startIndex] == 0x4D && bytes[bytes.startIndex + 1] == 0x53 && bytes[bytes.startIndex + 2] == 0x48
            || isBatchHeader
    }

    var isBatchHeader: Bool {
        guard bytes.count >= 3 else { return false }
        let a = bytes[bytes.startIndex], b = bytes[bytes.startIndex + 1], c = bytes[bytes.startIndex + 2]
        return (a == 0x46 || a == 0x42) && b == 0x48 && c == 0x53   // FHS, BHS
    }

    /// The raw fields after splitting on the field separator; element 0 is the segment id.
    public var rawFields: [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        parts.reserveCapacity(24)
        let sep = delimiters.field
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == sep {
                parts.append(bytes[start..<i])
                start = i + 1
            }
            i += 1
        }
        parts.append(bytes[start..<bytes.endIndex])
        return parts
    }

    /// How many fields the segment has (as numbered by HL7).
    public var fieldCount: Int {
        let sep = delimiters.field
        let n = bytes.withUnsafeBufferPointer { p in p.reduce(0) { $0 + ($1 == sep ? 1 : 0) } }
        return isHeader ? n + 1 : n
    }

    /// Field `n`, numbered as HL7 numbers them: in MSH (and FHS/BHS) field 1 is the field separator
    /// itself and field 2 the encoding characters, both literal. Empty when absent.
    public func field(_ n: Int) -> HL7Value {
        if isHeader {
            if n == 1 {
                let at = bytes.startIndex + 3
                return HL7Value(raw: bytes[at..<min(at + 1, bytes.endIndex)], delimiters: delimiters, encoding: encoding, literal: true)
            }
            let k = n - 1
            guard k >= 1, let part = rawField(k) else { return emptyValue }
            return HL7Value(raw: part, delimiters: delimiters, encoding: encoding, literal: n == 2)
        }
        guard n >= 1, let part = rawField(n) else { return emptyValue }
        return HL7Value(raw: part, delimiters: delimiters, encoding: encoding)
    }

    /// `rawFields[k]`, found by reading up to it, without the list of every field: a reader asks a
    /// segment for a few of its fields, each of which split the whole segment again. Nil past the last.
    func rawField(_ k: Int) -> ArraySlice<UInt8>? {
        let bytes = self.bytes, separator = delimiters.field
        var start = bytes.startIndex, part = 0
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == separator {
                if part == k { return bytes[start..<i] }
                part += 1
                start = i + 1
            }
            i += 1
        }
        return part == k ? bytes[start..<bytes.endIndex] : nil
    }

    var emptyValue: HL7Value {
        HL7Value(raw: bytes[bytes.endIndex..<bytes.endIndex], delimiters: delimiters, encoding: encoding)
    }
}
