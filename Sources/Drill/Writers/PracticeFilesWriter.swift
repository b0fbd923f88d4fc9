import LacunaCore

/// What the restored practice system exports: the register, the appointment book, the ledger.
enum PracticeFilesWriter {
    /// UTF-8 with BOM, comma-separated, day-first dates; patients enrolled during the window are absent.
    static func register(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        var text = Formats.csvLine(["Patient ID", "NHI Number", "Surname", "First Name", "Preferred Name", "Date of Birth", "Gender",
                                    "Mobile", "Home Phone", "Email", "Address", "Suburb", "City", "Postcode", "Usual Provider"])
        for p in world.people where !p.enrolledDuringWindow {
            let nhi = r.chance(0.02 * world.noise) ? "" : p.nhi
            text += Formats.csvLine([p.patientID, nhi, p.family, p.given, p.nickname ?? "", Formats.dmy(p.dob),
                                     p.sex == "F" ? "Female" : "Male", p.mobile.map { Formats.phone($0, style: r.int(0...3)) } ?? "",
                                     p.homePhone ?? "", p.email ?? "", p.street, p.suburb, "Auckland", p.postcode,
                                     world.providers[p.usualProvider].code])
        }
        output.add("sources/register.csv", utf8: text, bom: true)
    }

    /// Windows-1252 (macrons lost), 12-hour times, `Surname, First` names with the odd typo. Four weeks of
    /// history with their outcomes, the window's bookings as they stood before the loss, and the days after.
    static func appointments(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        struct Row { let date: LocalDate; let time: LocalTime; let provider: Int; let person: Int; let status: String; let bookedOn: LocalDate; let reason: String; let mode: String }
        var rows: [Row] = []
        for e in world.encounters where e.inBook && !world.people[e.person].enrolledDuringWindow {
            let status = e.inWindow ? (r.chance(0.7) ? "Booked" : "Confirmed") : (r.chance(0.85) ? "Completed" : "Arrived")
            rows.append(Row(date: e.date, time: e.time, provider: e.provider, person: e.person, status: status,
                            bookedOn: e.bookedOn ?? e.date, reason: e.reason, mode: e.mode))
        }
        for n in world.noShows + world.futureBookings {
            rows.append(Row(date: n.date, time: n.time, provider: n.provider, person: n.person, status: n.status,
                            bookedOn: n.bookedOn, reason: n.reason, mode: "in person"))
        }
        rows.sort { ($0.date, $0.time, $0.provider, $0.person) < ($1.date, $1.time, $1.provider, $1.person) }
        var text = Formats.csvLine(["Appt Date", "Start Time", "Practitioner", "Patient ID", "Patient Name", "DOB", "Duration",
                                    "Appointment Type", "Reason", "Status", "Booked On"])
        for (line, row) in rows.enumerated() {
            let p = world.people[row.person]
            var family = p.family
            if r.chance(0.03 * world.noise) { family = Formats.misspell(family, random: &r) }
            let type = row.mode == "phone" ? "Phone consult" : row.mode == "video" ? "Video consult"
                : (world.providers[row.provider].isNurse ? "Nurse 15" : "Standard 15")
            let practitioner = HostileValues.practitioner(world.providers[row.provider].code, row: line, person: p, world: world)
            text += Formats.csvLine([Formats.dmy(row.date, pad: false), Formats.twelveHour(row.time), practitioner,
                                     p.patientID, "\(family.uppercased()), \(p.given)", Formats.dmy(p.dob), "15", type, row.reason,
                                     row.status, Formats.dmy(row.bookedOn)])
        }
        output.add("sources/appointments.csv", Formats.windows1252(text))
    }

    /// Invoices and payments of the four weeks before the loss, with the card's last 4 digits where
    /// integrated EFTPOS stored them.
    static func ledger(_ world: PracticeWorld, _ output: inout DrillOutput) {
        var text = Formats.csvLine(["Date", "Time", "Patient ID", "Patient", "Invoice", "Amount", "Method", "Card Last4"])
        for e in world.encounters where !e.inWindow {
            guard let pay = e.payment else { continue }
            let p = world.people[e.person]
            let method: String
            switch pay.method {
            case .card: method = "EFTPOS"
            case .cash: method = "Cash"
            case .internetBanking: method = "Internet Banking"
            case .account: method = "Account"
            }
            text += Formats.csvLine([Formats.dmy(pay.date), Formats.hhmm(pay.time), p.patientID, "\(p.given) \(p.family)", pay.invoice,
                                     Formats.money(pay.cents), method, pay.cardLast4 ?? ""])
        }
        output.add("sources/ledger.csv", utf8: text, bom: true)
    }
}
