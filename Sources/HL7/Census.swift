/// Counts what a file holds, splitting every segment into fields, repetitions, components and
/// subcomponents: for `lacuna hl7 count` (IT checking a resend before importing it) and for the
/// throughput benchmark, which must do the full split python-hl7 does.
public struct HL7Census: Sendable, CustomStringConvertible {
    public var bytes = 0
    public var messages = 0
    public var damagedMessages = 0
    public var segments = 0
    public var fields = 0
    public var repetitions = 0
    public var components = 0
    public var subcomponents = 0
    public var fileDiagnostics = 0
    /// Messages by MSH-9.1^MSH-9.2.
    public var types: [String: Int] = [:]

    public init() {}

    public mutating func add(_ unit: HL7Unit) {
        bytes += unit.bytes.count
        guard case .message(let message) = unit else { return }
        messages += 1
        if !message.diagnostics.isEmpty { damagedMessages += 1 }
        types[message.typeKey, default: 0] += 1
        // One pass over each segment's bytes finds every field, repetition, component and
        // subcomponent boundary (separators never appear unescaped inside values), through a table of
        // what each byte ends: 4 a field, 3 a repetition, 2 a component, 1 a subcomponent.
        let d = message.delimiters
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { table in
            table.initialize(repeating: 0)
            table[Int(d.subcomponent)] = 1
            table[Int(d.component)] = 2
            table[Int(d.repetition)] = 3
            table[Int(d.field)] = 4
            var counts = (1, 0, 0, 0)   // boundaries ending ≥ a field (MSH-1 is the separator itself), ≥ a repetition …
            segments += message.segments.count
            // Segment terminators and raw line feeds are never separators, so the whole message is
            // one run of bytes.
            message.bytes.withUnsafeBufferPointer { p in
                for b in p {
                    let k = table[Int(b)]
                    if k != 0 {
                        if k >= 4 { counts.0 += 1 }
                        if k >= 3 { counts.1 += 1 }
                        if k >= 2 { counts.2 += 1 }
                        counts.3 += 1
                    }
                }
            }
            fields += counts.0
            repetitions += counts.1
            components += counts.2
            subcomponents += counts.3
        }
    }

    public var description: String {
        var lines = [
            "bytes \(bytes)", "messages \(messages)", "damaged_messages \(damagedMessages)", "segments \(segments)",
            "fields \(fields)", "repetitions \(repetitions)", "components \(components)", "subcomponents \(subcomponents)",
            "file_diagnostics \(fileDiagnostics)",
        ]
        for (type, n) in types.sorted(by: { $0.key < $1.key }) { lines.append("type \(type) \(n)") }
        return lines.joined(separator: "\n")
    }
}
