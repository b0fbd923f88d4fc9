/// Why a path could not be read.
public struct HL7PathError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// A path into a message: `SEG[occurrence]-field(repetition).component.subcomponent`, e.g. `PID-5.1`,
/// `OBX[2]-5`, `PID-3(*)`, `PID-3(2).1`, `MSH-9.2`. Without `[n]` every occurrence of the segment is
/// read; without `(n)` the first repetition; `(*)` every repetition. Dots may stand for the dash
/// (`PID.5.1`), as python-hl7 writes them.
public struct HL7Path: Sendable, CustomStringConvertible {
    public let segment: String
    /// 1-based; nil for every occurrence.
    public let occurrence: Int?
    public let field: Int?
    /// 1-based; nil for the first; 0 for every repetition.
    public let repetition: Int?
    public let component: Int?
    public let subcomponent: Int?
    public let description: String

    public init(_ text: String) throws(HL7PathError) {
        description = text
        var rest = Substring(text.trimmingSpaces())
        func fail() -> HL7PathError {
            HL7PathError(description: "`\(text)` is not a path; write it like PID-5.1, OBX[2]-5 or PID-3(*)")
        }
        guard rest.count >= 3 else { throw fail() }
        segment = String(rest.prefix(3)).uppercased()
        rest = rest.dropFirst(3)
        func number(_ s: inout Substring) -> Int? {
            let digits = s.prefix { $0.isNumber }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        if rest.first == "[" {
            rest = rest.dropFirst()
            guard let n = number(&rest), rest.first == "]" else { throw fail() }
            occurrence = n
            rest = rest.dropFirst()
        } else {
            occurrence = nil
        }
        guard !rest.isEmpty else {
            field = nil; repetition = nil; component = nil; subcomponent = nil
            return
        }
        guard rest.first == "-" || rest.first == "." else { throw fail() }
        rest = rest.dropFirst()
        guard let f = number(&rest) else { throw fail() }
        field = f
        if rest.first == "(" {
            rest = rest.dropFirst()
            if rest.first == "*" {
                repetition = 0
                rest = rest.dropFirst()
            } else {
                guard let r = number(&rest), r >= 1 else { throw fail() }
                repetition = r
            }
            guard rest.first == ")" else { throw fail() }
            rest = rest.dropFirst()
        } else {
            repetition = nil
        }
        var parts: [Int] = []
        while rest.first == "." {
            rest = rest.dropFirst()
            guard let n = number(&rest), n >= 1 else { throw fail() }
            parts.append(n)
        }
        guard rest.isEmpty, parts.count <= 2 else { throw fail() }
        component = parts.first
        subcomponent = parts.count > 1 ? parts[1] : nil
    }

    /// The values the path names in a message.
    public func values(in message: HL7Message) -> [String] {
        var segments = message.segments(segment)
        if let occurrence {
            segments = occurrence <= segments.count ? [segments[occurrence - 1]] : []
        }
        var out: [String] = []
        for s in segments {
            guard let field else {
                out.append(s.encoding.decode(s.bytes))
                continue
            }
            let value = s.field(field)
            var reps = value.repetitions
            if let repetition, repetition > 0 { reps = repetition <= reps.count ? [reps[repetition - 1]] : [] }
            else if repetition == nil { reps = Array(reps.prefix(1)) }
            for rep in reps {
                guard let component else {
                    out.append(rep.repetitions.count == 1 && rep.components.count == 1 && rep.subcomponents.count == 1 ? rep.text : rep.rawText)
                    continue
                }
                let comps = rep.components
                guard component <= comps.count else { out.append(""); continue }
                let comp = comps[component - 1]
                guard let subcomponent else {
                    out.append(comp.subcomponents.count == 1 ? comp.text : comp.rawText)
                    continue
                }
                let subs = comp.subcomponents
                out.append(subcomponent <= subs.count ? subs[subcomponent - 1].text : "")
            }
        }
        return out
    }
}
