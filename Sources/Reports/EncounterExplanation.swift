import Foundation
public import LacunaCore

/// Why an encounter is a candidate: each trace's part as a bar, in bits of evidence that the patient
/// was seen that day (−log2 of the chance the trace alone would leave it unexplained: 0.5 is 1 bit,
/// 0.9 is 3.3 bits); the bits add up to the encounter's confidence, as the votes combine.
public struct EncounterExplanation: Sendable {
    public struct Step: Sendable {
        public var summary: String
        public var kind: SourceKind
        /// Where the trace came from (`lab sources/lab/x.hl7 message 3, line 20, byte 1200`).
        public var reference: String
        /// The probability this trace alone gives.
        public var weight: Double
        public var bits: Double { -log2(max(1e-9, 1 - min(weight, 0.999999))) }
    }

    public var steps: [Step]
    public var confidence: Double
    public var tier: Tier

    public init(_ encounter: Encounter, reference: (Int64) -> String) {
        steps = encounter.evidence.map {
            Step(summary: $0.summary, kind: $0.kind, reference: reference($0.traceID), weight: $0.weight)
        }
        confidence = encounter.confidence
        tier = encounter.tier
    }

    public var totalBits: Double { steps.reduce(0) { $0 + $1.bits } }

    /// One line per trace, with a bar of `+` per bit.
    public var text: String {
        var lines = steps.map { step in
            String(format: "%-10@ %5.2f  %5.2f bits  ", step.kind.rawValue as NSString, step.weight, step.bits)
                + String(repeating: "+", count: Int(min(20, step.bits).rounded())) + "  \(step.summary)"
        }
        lines.append(String(format: "seen that day: %.2f (%@)", confidence, tier.rawValue))
        return lines.joined(separator: "\n")
    }

    /// A self-contained HTML table (inline styles, no script): a waterfall of the traces' bits. Appended
    /// piece by piece into one text (every report and worksheet shows each encounter's).
    public var html: String {
        let span = max(totalBits, 1)
        var running = 0.0
        var html = "<table style=\"border-collapse:collapse;font-size:12px;margin:4px 0\">"
        for step in steps {
            let left = running / span * 100, width = max(0.5, step.bits / span * 100)
            running += step.bits
            html += "<tr><td style=\"padding:1px 6px;text-align:left\">"
            html += CoverageReport.escape(step.summary)
            html += "<br><span style=\"color:#666;font-size:11px\">"
            html += CoverageReport.escape(step.reference)
            html += "</span></td><td style=\"padding:1px 6px;text-align:right\">"
            html += step.weight.fixedDecimals(2)
            html += "</td><td style=\"width:200px;border:none\"><div style=\"position:relative;height:12px;background:#f4f4f4\">"
            html += "<div style=\"position:absolute;left:"
            html += left.fixedDecimals(1)
            html += "%;width:"
            html += width.fixedDecimals(1)
            html += "%;height:12px;background:#2e7d32\"></div></div></td></tr>"
        }
        html += "<tr><td style=\"padding:1px 6px;text-align:left\"><b>seen that day ("
        html += tier.rawValue
        html += ")</b></td><td style=\"padding:1px 6px;text-align:right\"><b>"
        html += confidence.fixedDecimals(2)
        html += "</b></td><td style=\"border:none\"></td></tr></table>"
        return html
    }
}
