public import LacunaCore

/// The seam between linked traces and the encounters the practice works from. Issue 5 replaces the
/// first inference behind this protocol.
public protocol EncounterInferrer: Sendable {
    func infer(traces: [Trace], links: [Link], patients: [Patient], window: Window) -> [Encounter]
}

/// Tiers from confidence. `confirmed` also needs more than one kind of evidence, or one that shows
/// attendance (an arrived or completed booking, an invoice on the day).
public enum Tiering {
    public static let confirmed = 0.9
    public static let probable = 0.6

    public static func tier(confidence: Double, showsAttendance: Bool, kinds: Int) -> Tier {
        if confidence >= confirmed && (showsAttendance || kinds >= 2) { return .confirmed }
        if confidence >= probable { return .probable }
        return .possible
    }
}
