import HL7
import LacunaCore

/// What the practice's HL7 messages say about people, times and providers.
enum HL7Reading {
    /// The patient of a PID: the NHI found by shape and check character in any repetition of PID-2,
    /// PID-3 or PID-4 (never by position or assigning authority), name, DOB, sex, phone, address.
    static func identity(_ pid: HL7Segment?, warnings: inout [String]) -> Identity {
        var identity = Identity()
        guard let pid else { return identity }
        var unchecked: String?
        for f in [3, 2, 4] {
            for rep in pid.field(f).repetitions {
                let id = rep.component(1).text
                if identity.nhi == nil, let nhi = NHI.find(in: id) {
                    identity.nhi = nhi.value
                    if nhi.validity == .validOnlyUnderMod24 {
                        warnings.append("an NHI is valid only under the withdrawn mod-24 rule; accepted, please check it")
                    }
                } else if unchecked == nil, NHI.looksLikeNHI(id) {
                    unchecked = id.uppercased()
                }
            }
        }
        if identity.nhi == nil { identity.nhiUnchecked = unchecked }
        let name = pid.field(5).repetitions.first
        identity.familyName = present(name?.component(1).text)
        identity.givenName = present(name?.component(2).text)
        if let dob = pid.field(7).component(1).text.nonEmpty, let t = HL7Timestamp(String(dob.prefix(8))),
           let month = t.month, let day = t.day {
            identity.dob = LocalDate(year: t.year, month: month, day: day)
        }
        identity.sex = IdentityReading.sex(pid.field(8).text)
        for f in [13, 14] {
            for rep in pid.field(f).repetitions {
                for component in rep.components where component.text.filter(\.isNumber).count >= 7 {
                    IdentityReading.applyPhone(component.text, to: &identity, preferMobileSlot: false)
                    break
                }
            }
        }
        let address = pid.field(11).repetitions.first
        identity.address = present(address?.component(1).text)
        identity.postcode = present(address?.component(5).text)
        return identity
    }

    /// A timestamp as a trace time: with an offset it is an instant placed on the practice's calendar;
    /// without one it is the practice's own wall time.
    static func time(_ text: String, clock: PracticeClock) -> TraceTime? {
        guard let t = HL7Timestamp(text), let month = t.month, let day = t.day,
              let date = LocalDate(year: t.year, month: month, day: day) else { return nil }
        guard let hour = t.hour else { return TraceTime(date: date) }
        guard let local = LocalTime(hour: hour, minute: t.minute ?? 0, second: t.second ?? 0) else { return TraceTime(date: date) }
        let precision: TraceTime.Precision = t.second != nil ? .second : .minute
        if let offset = t.offsetMinutes {
            let asIfUTC = PracticeClock.utc.instant(date: date, time: local)
            return TraceTime(instant: asIfUTC.addingTimeInterval(Double(-offset * 60)), clock: clock, precision: precision)
        }
        return TraceTime(date: date, time: local, clock: clock, precision: precision)
    }

    /// A provider as the practice knows them: the code its id stands for (a lab's code learnt, an
    /// alias, an HPI CPN), else the code its name names (multi-word family names too); else the name as
    /// sent (`Dr Given Family`), or the id where there is no name.
    static func provider(family: String, given: String, id: String, clinicians: Clinicians) -> String? {
        if let code = clinicians.code(forID: id) { return code }
        guard !NameFolding.key(family).isEmpty else { return present(id) }
        if let code = clinicians.code(family: family, given: given) { return code }
        return "Dr " + [given, family].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// An XCN (`id^family^given^…`) as a provider.
    static func provider(_ value: HL7Value, clinicians: Clinicians) -> String? {
        let rep = value.repetitions.first ?? value
        return provider(family: rep.component(2).text, given: rep.component(3).text, id: rep.component(1).text, clinicians: clinicians)
    }

    /// A PRD's provider: its name (PRD-2, an XPN: `family^given`) and its id (PRD-7, `id^type`).
    static func provider(prd: HL7Segment, clinicians: Clinicians) -> String? {
        let name = prd.field(2).repetitions.first ?? prd.field(2)
        return provider(family: name.component(1).text, given: name.component(2).text, id: prd.field(7).component(1).text,
                        clinicians: clinicians)
    }

    /// An XCN's id, family and given name, for the payload (so a code can be learnt across files).
    static func xcn(_ value: HL7Value) -> (id: String, family: String, given: String) {
        let rep = value.repetitions.first ?? value
        return (rep.component(1).text, rep.component(2).text, rep.component(3).text)
    }

    /// The worst abnormal flag among OBX-8 values: HH/LL/AA (and `>`/`<` off scale, panic) critical;
    /// H/L/A, U/D (significant change) and W (worse) abnormal; no flag is nil (which for a text report
    /// is not "normal": the inbox marks those as unflagged text reports).
    static func flag(_ flags: [String]) -> InboxItem.Flag? {
        var worst: InboxItem.Flag?
        for raw in flags {
            let f = raw.uppercased().trimmingSpaces()
            if ["HH", "LL", "AA", ">", "<", "PANIC", "CRIT", "C"].contains(f) { return .critical }
            // Not S/R/I: those are microbiology susceptibilities, not abnormal flags.
            if ["H", "L", "A", "ABN", "U", "D", "W"].contains(f) { worst = .abnormal }
        }
        return worst
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
