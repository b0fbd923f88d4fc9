import HL7
import LacunaCore

/// Builds HL7 v2 text for the drill's lab and Healthlink messages.
enum HL7Text {
    static func escape(_ text: String) -> String { HL7Writing.escape(text) }

    static func segment(_ id: String, _ fields: [String]) -> String { HL7Writing.segment(id, fields) }

    /// `20250403101500+1300` (v2.4) or `202504031015` (v2.1).
    static func timestamp(_ date: LocalDate, _ time: LocalTime, clock: PracticeClock, withOffset: Bool, seconds: Bool = true) -> String {
        let base = String(format: "%04d%02d%02d%02d%02d", date.year, date.month, date.day, time.hour, time.minute)
            + (seconds ? String(format: "%02d", time.second) : "")
        return withOffset ? base + Formats.offset(date, time, clock: clock, colon: false) : base
    }

    static func date(_ d: LocalDate) -> String { String(format: "%04d%02d%02d", d.year, d.month, d.day) }

    /// PID for a person, as the lab or Healthlink writes it. `nhi` may carry a typo.
    static func pid(_ p: DrillPerson, nhi: String, authority: String, ascii: Bool, swapped: Bool = false) -> String {
        var family = escape(p.family.uppercased()), given = escape(p.given)
        if ascii { family = NameFolding.asciiOnly(family); given = NameFolding.asciiOnly(given) }
        let name = swapped ? "\(given.uppercased())^\(family.capitalized)" : "\(family)^\(given)"
        let address = "\(escape(p.street))^^\(escape(p.suburb))^Auckland^\(p.postcode)"
        let phone = p.mobile.map { "^PRN^CP^^^^^\($0)" } ?? ""
        return segment("PID", ["1", "", nhi + authority, "", name, "", date(p.dob), p.sex, "", "",
                               ascii ? NameFolding.asciiOnly(address) : address, "", phone])
    }
}
