/// The five characters a message declares in MSH-1 and MSH-2 (FHS/BHS likewise). Never assumed:
/// `MSH^~|\&` declares `^` as the field separator.
public struct HL7Delimiters: Sendable, Hashable {
    public var field: UInt8
    public var component: UInt8
    public var repetition: UInt8
    public var escape: UInt8
    public var subcomponent: UInt8

    public init(field: UInt8, component: UInt8, repetition: UInt8, escape: UInt8, subcomponent: UInt8) {
        self.field = field
        self.component = component
        self.repetition = repetition
        self.escape = escape
        self.subcomponent = subcomponent
    }

    /// `|^~\&`.
    public static let standard = HL7Delimiters(field: 0x7C, component: 0x5E, repetition: 0x7E, escape: 0x5C, subcomponent: 0x26)

    /// Reads the separators of a header segment (`MSH`, `FHS`, `BHS`) whose bytes start at `line`.
    /// Missing encoding characters fall back to the standard ones and are reported in `problems`.
    static func read<C: RandomAccessCollection>(header line: C, problems: inout [String]) -> HL7Delimiters
    where C.Element == UInt8, C.Index == Int {
        var d = HL7Delimiters.standard
        let start = line.startIndex
        guard line.count > 3 else {
            problems.append("header segment ends before its field separator")
            return d
        }
        let field = line[start + 3]
        guard isUsableSeparator(field) else {
            problems.append("header segment has no usable field separator (byte \(field)); read with `|`")
            return d
        }
        d.field = field
        var encoding: [UInt8] = []
        var i = start + 4
        while i < line.endIndex, line[i] != field, encoding.count < 5 {
            encoding.append(line[i])
            i += 1
        }
        let standard: [UInt8] = [0x5E, 0x7E, 0x5C, 0x26]
        if encoding.count < 4 {
            problems.append("MSH-2 has \(encoding.count) encoding character(s); the rest taken as standard")
        }
        var chosen = standard
        for (k, byte) in encoding.prefix(4).enumerated() {
            if isUsableSeparator(byte) {
                chosen[k] = byte
            } else {
                problems.append("MSH-2 encoding character \(k + 1) (byte \(byte)) is a letter, digit or control byte; the standard one used")
            }
        }
        d.component = chosen[0]
        d.repetition = chosen[1]
        d.escape = chosen[2]
        d.subcomponent = chosen[3]
        let all = [d.field, d.component, d.repetition, d.escape, d.subcomponent]
        if Set(all).count != all.count {
            problems.append("separators are not distinct; fields may be split wrongly")
        }
        return d
    }

    static func isUsableSeparator(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !(byte >= 0x30 && byte <= 0x39) && !(byte >= 0x41 && byte <= 0x5A) && !(byte >= 0x61 && byte <= 0x7A)
    }
}
