/// A message as a readable tree, for `lacuna hl7 show`: every non-empty field with its HL7 number, its
/// components where it has several, long values shortened.
public enum HL7Tree {
    public static func render(_ message: HL7Message, maxValue: Int = 120) -> String {
        var out = "message \(message.number) (line \(message.line), byte \(message.byteOffset)): \(message.messageType) \(message.controlID) v\(message.version) [\(message.encoding.rawValue)]\n"
        for d in message.diagnostics { out += "  ! \(d)\n" }
        var seen: [String: Int] = [:]
        for segment in message.segments {
            let name = segment.name
            let n = seen[name, default: 0] + 1
            seen[name] = n
            let label = message.segments(name).count > 1 ? "\(name)[\(n)]" : name
            out += "  \(label)\n"
            guard segment.fieldCount >= 1 else { continue }
            for f in 1...segment.fieldCount {
                let value = segment.field(f)
                guard !value.isEmpty else { continue }
                let reps = value.repetitions
                for (r, rep) in reps.enumerated() {
                    let repLabel = reps.count > 1 ? "(\(r + 1))" : ""
                    let comps = rep.components
                    if comps.count <= 1 {
                        out += "    \(name)-\(f)\(repLabel)  \(shorten(rep.text, maxValue))\n"
                    } else {
                        out += "    \(name)-\(f)\(repLabel)\n"
                        for (c, comp) in comps.enumerated() where !comp.isEmpty {
                            out += "      \(name)-\(f)\(repLabel).\(c + 1)  \(shorten(comp.subcomponents.count > 1 ? comp.rawText : comp.text, maxValue))\n"
                        }
                    }
                }
            }
        }
        return out
    }

    static func shorten(_ text: String, _ max: Int) -> String {
        let flat = text.map { $0 == "\n" || $0 == "\r" ? "⏎" : String($0) }.joined()
        return flat.count <= max ? flat : String(flat.prefix(max)) + "… (\(text.utf8.count) bytes)"
    }
}

/// Convenience entry points.
public enum HL7 {
    /// Every unit of a file held in memory, and the file's own diagnostics.
    public static func parse(_ bytes: [UInt8]) -> (units: [HL7Unit], diagnostics: [HL7Diagnostic]) {
        var scanner = HL7Scanner()
        let units = scanner.scan(bytes[...], isLast: true)
        return (units, scanner.diagnostics)
    }

    /// Only the messages of a file held in memory.
    public static func messages(_ bytes: [UInt8]) -> [HL7Message] {
        parse(bytes).units.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
    }
}
