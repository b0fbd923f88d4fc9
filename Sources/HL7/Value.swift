/// A field, repetition, component or subcomponent: a slice of the message's bytes (never copied) and
/// the separators to split it further. `text` unescapes and decodes; `raw` is the bytes as sent.
public struct HL7Value: Sendable {
    /// The bytes as they arrived, escapes and all. Shares the file's storage.
    public let raw: ArraySlice<UInt8>
    public let delimiters: HL7Delimiters
    public let encoding: HL7TextEncoding
    /// MSH-1 and MSH-2 are taken literally: never split, never unescaped.
    let literal: Bool

    init(raw: ArraySlice<UInt8>, delimiters: HL7Delimiters, encoding: HL7TextEncoding, literal: Bool = false) {
        self.raw = raw
        self.delimiters = delimiters
        self.encoding = encoding
        self.literal = literal
    }

    public var isEmpty: Bool { raw.isEmpty }

    /// The value's text: escapes resolved after splitting, bytes decoded by the message's character set.
    public var text: String {
        literal ? encoding.decode(raw) : encoding.decode(HL7Escapes.unescape(raw, delimiters))
    }

    /// The bytes as text, escapes left in.
    public var rawText: String { encoding.decode(raw) }

    public var repetitions: [HL7Value] { split(delimiters.repetition) }
    public var components: [HL7Value] { split(delimiters.component) }
    public var subcomponents: [HL7Value] { split(delimiters.subcomponent) }

    /// Component `n` (1-based) of the first repetition; empty when absent.
    public func component(_ n: Int) -> HL7Value {
        let parts = (repetitions.first ?? self).components
        return n >= 1 && n <= parts.count ? parts[n - 1] : empty
    }

    var empty: HL7Value { HL7Value(raw: raw[raw.startIndex..<raw.startIndex], delimiters: delimiters, encoding: encoding) }

    /// Splits on a separator; a literal value is never split.
    public func split(_ separator: UInt8) -> [HL7Value] {
        if literal { return [self] }
        var parts: [HL7Value] = []
        var start = raw.startIndex
        var i = start
        while i < raw.endIndex {
            if raw[i] == separator {
                parts.append(HL7Value(raw: raw[start..<i], delimiters: delimiters, encoding: encoding))
                start = i + 1
            }
            i += 1
        }
        parts.append(HL7Value(raw: raw[start..<raw.endIndex], delimiters: delimiters, encoding: encoding))
        return parts
    }

    /// The data of an encapsulated-data value (`source^type^subtype^Base64^data`): a slice, not a copy.
    public var encapsulatedData: ArraySlice<UInt8>? {
        let parts = components
        guard parts.count >= 5 else { return nil }
        return parts[4].raw
    }
}
