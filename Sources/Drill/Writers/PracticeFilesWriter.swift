import LacunaCore

/// What the restored practice system exports: the register, the appointment book, the ledger. Each
/// as this seed's practice system writes it (`TableStyle`): the classic drill layout is UTF-8 with a
/// BOM, comma-separated, day-first dates; another system words its headers, orders and drops its
/// columns, dates, times and character set its own way, or hands over a workbook.
enum PracticeFilesWriter {
    /// Patients enrolled during the window are absent.
    static func register(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom, style: TableStyle) {
        var table = DrillTable()
        table.column("id", ["Patient ID", "Chart No", "Patient No", "PatientID", "Record No", "MRN", "Internal ID"])
        table.column("nhi", ["NHI Number", "NHI", "NHI No", "National Health Index", "Health Identifier (NHI)"])
        table.column("family", ["Surname", "Family Name", "Last Name", "Pt Surname", "Patient Surname", "LastName"])
        table.column("given", ["First Name", "Given Name", "Forenames", "Pt First", "Given Names", "FirstName"])
        table.column("preferred", ["Preferred Name", "Known As", "Nickname"], optional: true)
        table.column("dob", ["Date of Birth", "DOB", "Birth Date", "Birth Dt", "DateOfBirth", "D.O.B."])
        table.column("sex", ["Gender", "Sex"], optional: true)
        table.column("mobile", ["Mobile", "Cell", "Mobile Phone", "Mobile No", "Cellphone", "Mobile Number"])
        table.column("phone", ["Home Phone", "Phone", "Phone (Home)", "Home Ph", "Telephone"], optional: true)
        table.column("email", ["Email", "E-mail", "Email Address", "EmailAddress"], optional: true)
        table.column("address", ["Address", "Street", "Street Address", "Address Line 1", "Residential Address"], optional: true)
        table.column("suburb", ["Suburb", "Locality"], optional: true)
        table.column("city", ["City", "Town"], optional: true)
        table.column("postcode", ["Postcode", "Post Code", "Postal Code", "Zip"], optional: true)
        table.column("provider", ["Usual Provider", "GP", "Usual GP", "Registered Provider", "Provider Name", "Doctor"])
        // Consent to texts as practice systems record it: mostly yes, some no, some never asked.
        table.column("sms", ["SMS Consent", "Txt Reminders", "Allow SMS", "Text Reminders", "SMS OK", "Consent to SMS"])
        let names = style.wording != 0 && r.chance(0.5)
        for p in world.people where !p.enrolledDuringWindow {
            let nhi = r.chance(0.02 * world.noise) ? "" : p.nhi
            let provider = world.providers[p.usualProvider]
            // Now and then the register is the misspelt side (other sources spell the name right).
            let family = r.chance(0.01 * world.noise) && p.family.count >= 5 ? PracticeGenerator.slip(&r, p.family) : p.family
            table.rows.append([.text(p.patientID), .text(nhi), .text(family), .text(p.given), .text(p.nickname ?? ""), .date(p.dob),
                               .text(p.sex == "F" ? "Female" : "Male"), .text(p.mobile.map { Formats.phone($0, style: r.int(0...3)) } ?? ""),
                               .text(p.homePhone ?? ""), .text(p.email ?? ""), .text(p.street), .text(p.suburb), .text("Auckland"),
                               .text(p.postcode), .text(names ? provider.name : provider.code), .text(Self.smsConsent(p.patientID))])
        }
        var written = style
        if style == .classic { written.encoding = .utf8BOM }
        output.add("sources/register.\(written.fileExtension)", (try? written.bytes(table)) ?? [], records: table.rows.count)
    }

    /// A patient's recorded consent to texts, fixed by their chart number (no draw from the seed's
    /// stream, so the rest of the drill is unchanged): 85% yes, 7% no, 8% never asked.
    static func smsConsent(_ patientID: String) -> String {
        let n = patientID.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31 &+ $1.value) % 1_000_003 } % 100
        return n < 85 ? "Y" : n < 92 ? "N" : ""
    }

    /// `Surname, First` names with the odd typo (or the name split in two columns), in the classic
    /// layout Windows-1252 with 12-hour times. Four weeks of history with their outcomes, the window's
    /// bookings as they stood before the loss, and the days after.
    static func appointments(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom, style: TableStyle) {
        struct Row { let date: LocalDate; let time: LocalTime; let provider: Int; let person: Int; let status: String; let bookedOn: LocalDate; let reason: String; let mode: String
            var placeholder = false }
        var rows: [Row] = []
        for e in world.encounters where e.inBook {
            let status = e.inWindow ? (r.chance(0.7) ? "Booked" : "Confirmed") : (r.chance(0.85) ? "Completed" : "Arrived")
            // Someone enrolling during the window is booked as a placeholder, who and a number in the notes.
            rows.append(Row(date: e.date, time: e.time, provider: e.provider, person: e.person, status: status,
                            bookedOn: e.bookedOn ?? e.date, reason: e.reason, mode: e.mode, placeholder: world.people[e.person].enrolledDuringWindow))
        }
        for n in world.noShows + world.futureBookings {
            rows.append(Row(date: n.date, time: n.time, provider: n.provider, person: n.person, status: n.status,
                            bookedOn: n.bookedOn, reason: n.reason, mode: "in person"))
        }
        rows.sort { ($0.date, $0.time, $0.provider, $0.person) < ($1.date, $1.time, $1.provider, $1.person) }
        let split = style.wording != 0 && r.chance(0.5)
        let combined = style.wording != 0 && r.chance(0.3)
        let providerNames = style.wording != 0 && r.chance(0.5)
        var table = DrillTable()
        if combined {
            table.column("datetime", ["Start Date Time", "Appointment Start", "DateTime", "Start"])
        } else {
            table.column("date", ["Appt Date", "Date", "Appointment Date", "Start Date", "Day"])
            table.column("time", ["Start Time", "Time", "Appt Time", "Start"])
        }
        table.column("provider", ["Practitioner", "Provider", "Doctor", "Clinician", "Staff", "Seen By", "Resource"])
        table.column("id", ["Patient ID", "Chart No", "Patient No", "PatientID", "Record No"])
        if split {
            table.column("family", ["Surname", "Family Name", "Last Name", "Patient Surname"])
            table.column("given", ["First Name", "Given Name", "Forename", "Patient First Name"])
        } else {
            table.column("name", ["Patient Name", "Patient", "Name", "Patient Full Name"])
        }
        table.column("dob", ["DOB", "Date of Birth", "Birth Date", "D.O.B."], optional: true)
        table.column("duration", ["Duration", "Length", "Mins", "Duration (mins)"], optional: true)
        table.column("type", ["Appointment Type", "Type", "Appt Type", "Booking Type"])
        table.column("reason", ["Reason", "Notes", "Comment", "Presenting Complaint"], optional: true)
        table.column("status", ["Status", "Appt Status", "Appointment Status", "Attendance"])
        table.column("booked", ["Booked On", "Created", "Date Booked", "Date Created", "Booked"], optional: true)
        for (line, row) in rows.enumerated() {
            let p = world.people[row.person]
            var family = p.family
            if r.chance(0.03 * world.noise) { family = Formats.misspell(family, random: &r) }
            let type = row.mode == "phone" ? "Phone consult" : row.mode == "video" ? "Video consult"
                : (world.providers[row.provider].isNurse ? "Nurse 15" : "Standard 15")
            let provider = world.providers[row.provider]
            let practitioner = HostileValues.practitioner(providerNames ? provider.name : provider.code, row: line, person: p, world: world)
            var cells: [DrillTable.Value] = combined ? [.dateTime(row.date, row.time)] : [style == .classic ? .text(Formats.dmy(row.date, pad: false)) : .date(row.date),
                                                                                           style == .classic ? .text(Formats.twelveHour(row.time)) : .time(row.time)]
            cells.append(.text(practitioner))
            if row.placeholder {
                let (name, reason) = placeholder(p, reason: row.reason, split: split, random: &r)
                cells.append(.text(r.pick(["", "", "NEW", "0"])))
                cells += name.map { .text($0) }
                cells += [.text(""), .text("15"), .text("New patient"), .text(reason), .text(row.status), .date(row.bookedOn)]
                table.rows.append(cells)
                continue
            }
            cells.append(.text(p.patientID))
            cells += split ? [.text(family), .text(p.given)] : [.text("\(family.uppercased()), \(p.given)")]
            cells += [.date(p.dob), .text("15"), .text(type), .text(row.reason), .text(row.status), .date(row.bookedOn)]
            table.rows.append(cells)
        }
        var written = style
        if style == .classic { written.encoding = .windows1252 }
        output.add("sources/appointments.\(written.fileExtension)", (try? written.bytes(table)) ?? [], records: table.rows.count)
    }

    /// A placeholder booking's name cells (one, or family and given where the book splits them) and its
    /// notes, as receptions write them: "NEW PATIENT" or "(NEW)" with who and the number in the notes,
    /// or "*NEW* Aroha Ngata" with the number alone.
    static func placeholder(_ p: DrillPerson, reason: String, split: Bool, random r: inout DrillRandom) -> (name: [String], reason: String) {
        let phone = p.mobile.map { Formats.phone($0, style: r.int(0...3)) }
        let namedInCell = r.chance(0.3)
        let name: [String]
        if namedInCell {
            name = split ? [r.pick(["*NEW*", "(NEW)"]) + " " + p.family, p.given] : [r.pick(["*NEW* ", "(NEW) ", "NEW - "]) + "\(p.given) \(p.family)"]
        } else {
            name = split ? r.pick([["NEW", "PATIENT"], ["New", "Patient"], ["(NEW)", ""], ["TBA", "New pt"]])
                : [r.pick(["NEW PATIENT", "(NEW)", "New, Patient", "NEW PT", "New Pt (enrolling)"])]
        }
        guard let phone else { return (name, namedInCell ? reason : "new pt \(p.given) \(p.family) - \(reason)") }
        if namedInCell { return (name, r.pick(["\(reason) \(phone)", "ph \(phone)", "\(reason), mob \(phone)"])) }
        let notes = r.pick(["\(p.given) \(p.family) \(phone)", "new pt - \(p.given) ph \(phone)", "\(reason) - \(p.given) \(p.family) mob \(phone)",
                            "\(phone) \(p.given.uppercased()) \(p.family.uppercased()) enrolling", "enrolment + \(reason). \(p.given) \(p.family), \(phone)"])
        return (name, notes)
    }

    /// Invoices and payments of the four weeks before the loss, with the card's last 4 digits where
    /// integrated EFTPOS stored them.
    static func ledger(_ world: PracticeWorld, _ output: inout DrillOutput, style: TableStyle) {
        var table = DrillTable()
        table.column("date", ["Date", "Payment Date", "Transaction Date", "Receipt Date"])
        table.column("time", ["Time", "Receipt Time", "Payment Time"])
        table.column("id", ["Patient ID", "Chart No", "Patient No", "Record No"])
        table.column("name", ["Patient", "Patient Name", "Name", "Client"])
        table.column("invoice", ["Invoice", "Invoice No", "Inv No", "Invoice Number", "Receipt No"])
        table.column("amount", ["Amount", "Total", "Amount Paid", "Paid"])
        table.column("method", ["Method", "Payment Method", "Tender", "Payment Type"])
        table.column("card", ["Card Last4", "Last 4", "Card", "Card No (last 4)"], optional: true)
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
            table.rows.append([.date(pay.date), .time(pay.time), .text(p.patientID), .text("\(p.given) \(p.family)"), .text(pay.invoice),
                               .money(pay.cents), .text(method), .text(pay.cardLast4 ?? "")])
        }
        var written = style
        if style == .classic { written.encoding = .utf8BOM }
        output.add("sources/ledger.\(written.fileExtension)", (try? written.bytes(table)) ?? [], records: table.rows.count)
    }
}
