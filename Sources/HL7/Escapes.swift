/// HL7 escape sequences, resolved after splitting: `\F\ \S\ \T\ \R\ \E\`, `\Xhh…\`, `\H\ \N\`,
/// formatting (`\.br\` and `\.sp\` become line breaks, the rest is dropped), `\Cxxyy\` and `\Mxxyyzz\`
/// (character-set switches, dropped). An unknown (`\Zxx\`) or unterminated escape stays literal text.
public enum HL7Escapes {
    public static func unescape(_ raw: ArraySlice<UInt8>, _ d: HL7Delimiters) -> ArraySlice<UInt8> {
        guard raw.contains(d.escape) else { return raw }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            guard b == d.escape else { out.append(b); i += 1; continue }
            // Find the closing escape character.
            var j = i + 1
            while j < raw.endIndex, raw[j] != d.escape { j += 1 }
            guard j < raw.endIndex, j > i + 1 else {
                // Unterminated, or `\\`: literal.
                out.append(b)
                i += 1
                continue
            }
            let body = raw[(i + 1)..<j]
            if let replacement = resolve(body, d) {
                out.append(contentsOf: replacement)
            } else {
                out.append(contentsOf: raw[i...j])
            }
            i = j + 1
        }
        return out[...]
    }

    /// What an escape body stands for; nil when it is not one this reader knows (kept literally).
    static func resolve(_ body: ArraySlice<UInt8>, _ d: HL7Delimiters) -> [UInt8]? {
        let first = body.first!
        if body.count == 1 {
            switch first {
            case UInt8(ascii: "F"): return [d.field]
            case UInt8(ascii: "S"): return [d.component]
            case UInt8(ascii: "T"): return [d.subcomponent]
            case UInt8(ascii: "R"): return [d.repetition]
            case UInt8(ascii: "E"): return [d.escape]
            case UInt8(ascii: "H"), UInt8(ascii: "N"): return []
            default: return nil
            }
        }
        switch first {
        case UInt8(ascii: "X"):
            let hex = body.dropFirst()
            guard hex.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var k = hex.startIndex
            while k < hex.endIndex {
                guard let hi = hexDigit(hex[k]), let lo = hexDigit(hex[k + 1]) else { return nil }
                bytes.append(hi << 4 | lo)
                k += 2
            }
            return bytes
        case UInt8(ascii: "C"), UInt8(ascii: "M"):
            return body.dropFirst().allSatisfy { hexDigit($0) != nil } ? [] : nil
        case UInt8(ascii: "."):
            let word = body.dropFirst()
            if word.starts(with: Array("br".utf8)) { return [0x0A] }
            if word.starts(with: Array("sp".utf8)) {
                let n = Int(String(decoding: word.dropFirst(2), as: UTF8.self).trimmingSpaces().replacingOccurrences("+", "")) ?? 1
                return Array(repeating: 0x0A, count: max(1, min(n, 20)))
            }
            for known in ["in", "ti", "sk", "ce", "fi", "nf"] where word.starts(with: Array(known.utf8)) { return [] }
            return nil
        default:
            return nil
        }
    }

    static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}

extension String {
    func replacingOccurrences(_ a: Character, _ b: String) -> String {
        var out = ""
        for c in self { if c == a { out += b } else { out.append(c) } }
        return out
    }
}
