import Foundation
import LacunaCore

/// The patient portal's resend: most as JSON (`message_id`, `sent_at` with offset, `sender` {…}),
/// the rest as the CSV export with headers in words and types capitalised and spaced.
enum PortalWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        let first = world.window.from.adding(days: -1), last = world.window.to.adding(days: 2)
        var json: [String] = []
        var csv = Formats.csvLine(["Message ID", "Date Sent", "Patient Name", "Portal ID", "NHI", "Date of Birth", "Email", "To",
                                   "Subject", "Message", "Type"])
        for m in world.portal where m.date >= first && m.date <= last {
            let sender = world.people[m.sender], patient = world.people[m.person]
            let recipient = world.providers[m.recipient].name
            if r.chance(0.65) {
                var fields = [
                    "\"message_id\":\(quoted(m.id))",
                    "\"sent_at\":\(quoted(Formats.iso(m.date, m.time, clock: world.clock)))",
                    "\"sender\":{\"name\":\(quoted(sender.given + " " + sender.family)),\"portal_id\":\(sender.portalID.map(quoted) ?? "null"),"
                        + "\"nhi\":\(m.sender == m.person ? quoted(sender.nhi) : "null"),\"dob\":\(quoted(sender.dob.description)),"
                        + "\"email\":\(sender.email.map(quoted) ?? "null")"
                        + (m.sender != m.person && r.chance(0.4) ? ",\"dependants\":" + dependants(of: m.sender, world: world) : "") + "}",
                    "\"recipient\":\(quoted(recipient))",
                    "\"subject\":\(quoted(m.subject))",
                    "\"body\":\(quoted(m.sender == m.person ? m.body : aboutChild(m, patient: patient, world: world, &r)))",
                    "\"type\":\(quoted(m.type))",
                ]
                if m.sender != m.person && r.chance(0.3) { fields.append("\"about\":{\"name\":\(quoted(patient.given + " " + patient.family)),\"nhi\":\(quoted(patient.nhi))}") }
                json.append("{" + fields.joined(separator: ",") + "}")
            } else {
                let type = m.type.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
                csv += Formats.csvLine([m.id, "\(Formats.dmy(m.date)) \(Formats.hhmm(m.time))", sender.given + " " + sender.family,
                                        sender.portalID ?? "", m.sender == m.person ? sender.nhi : "", Formats.dmy(sender.dob),
                                        sender.email ?? "", recipient, m.subject,
                                        m.sender == m.person ? m.body : aboutChild(m, patient: patient, world: world, &r), type])
            }
        }
        output.add("sources/portal/messages-resend.json", utf8: "[\n  " + json.joined(separator: ",\n  ") + "\n]\n")
        output.add("sources/portal/messages-resend.csv", utf8: csv, bom: true)
    }

    /// The children an account holder's portal account acts for, as some portals list them.
    static func dependants(of holder: Int, world: PracticeWorld) -> String {
        let children = world.people.filter { $0.payer == holder && $0.index != holder && !$0.enrolledDuringWindow }
        return "[" + children.map { "{\"name\":\(quoted($0.given + " " + $0.family)),\"nhi\":\(quoted($0.nhi)),\"dob\":\(quoted($0.dob.description))}" }
            .joined(separator: ",") + "]"
    }

    /// A parent writing from their own account about a child, as parents write: named or not, with an
    /// age or not, the relation in a word.
    static func aboutChild(_ m: DrillPortalMessage, patient: DrillPerson, world: PracticeWorld, _ r: inout DrillRandom) -> String {
        let kid = r.chance(0.3) ? (patient.nickname ?? patient.given) : patient.given
        let relation = patient.sex == "F" ? "daughter" : "son"
        let age = patient.dob.age(on: m.date)
        switch r.int(0...4) {
        case 0: return "Writing about my child \(patient.given) \(patient.family) (DOB \(Formats.dmy(patient.dob))). " + m.body
        case 1: return "Hi, can my \(relation) \(kid) be seen today? " + m.body.replacingOccurrences(of: "Could I please see", with: "Could we see")
        case 2: return "\(kid) (\(age)) - " + m.body.replacingOccurrences(of: " my ", with: " \(patient.sex == "F" ? "her" : "his") ")
        case 3: return "For my \(relation) \(kid): " + m.body
        default: return "My \(age < 2 ? "baby" : relation) \(kid) \(patient.family) needs to see someone. " + m.body
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The search index that mirrored the practice's documents: an elasticdump NDJSON of letters and
/// results from the days around the window.
enum SearchIndexWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput) {
        var lines: [String] = []
        let q = PortalWriter.quoted
        for letter in world.letters where letter.receivedDate <= world.window.to {
            let p = world.people[letter.person]
            let at = Formats.iso(letter.receivedDate, letter.receivedTime, clock: world.clock)
            lines.append("{\"_index\":\"pms-documents\",\"_type\":\"_doc\",\"_id\":\(q(letter.documentID)),\"_source\":{"
                         + "\"patient_nhi\":\(q(p.nhi)),\"patient_name\":\(q(p.given + " " + p.family)),\"dob\":\(q(p.dob.description)),"
                         + "\"doc_type\":\"letter\",\"title\":\(q(letter.title)),\"received_at\":\(q(at)),\"updated_at\":\(q(at))}}")
        }
        for result in world.results where result.reportedDate >= world.window.from.adding(days: -1) && result.reportedDate <= world.window.to {
            let p = world.people[result.person]
            let at = Formats.iso(result.reportedDate, result.reportedTime, clock: world.clock)
            lines.append("{\"_index\":\"pms-documents\",\"_type\":\"_doc\",\"_id\":\(q(result.filler)),\"_source\":{"
                         + "\"patient_nhi\":\(q(p.nhi)),\"patient_name\":\(q(p.given + " " + p.family)),\"dob\":\(q(p.dob.description)),"
                         + "\"doc_type\":\"result\",\"title\":\(q(NamePools.tests[result.test].name)),\"received_at\":\(q(at)),\"updated_at\":\(q(at))}}")
        }
        output.add("sources/index/documents.ndjson", utf8: lines.joined(separator: "\n") + "\n")
    }
}

/// What people wrote down: the GPs' remembered lists and reception's callbacks.
enum ListsWriter {
    static func remembered(_ world: PracticeWorld, _ output: inout DrillOutput) {
        var text = ""
        var lastProvider = -1
        for line in world.remembered {
            if line.provider != lastProvider && lastProvider != -1 { text += "\n" }
            lastProvider = line.provider
            text += line.text + "\n"
        }
        output.add("sources/remembered.txt", utf8: text)
    }

    /// Reception's list of people who rang in, as whoever kept it laid it out.
    static func callbacks(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom, style: TableStyle) {
        var table = DrillTable()
        table.column("received", ["Received", "Date Received", "Called", "Call Time", "When", "Time called", "Rang at"])
        table.column("name", ["Name", "Patient", "Caller", "Patient Name", "Who"])
        table.column("phone", ["Phone", "Mobile", "Number", "Contact", "Contact number", "Phone Number"])
        table.column("dob", ["DOB", "Date of Birth", "Birth Date"])
        table.column("day", ["Day Seen", "Seen", "Date Seen", "Which day were you seen?", "Visit day"])
        table.column("notes", ["Notes", "Comments", "Reason", "Message"])
        for c in world.callbacks {
            let p = world.people[c.person], caller = world.people[c.caller]
            let name = c.writtenName
            let received: DrillTable.Value = style == .classic ? .text("\(Formats.dmy(c.receivedDate, pad: false)) \(Formats.hhmm(c.receivedTime))")
                : .dateTime(c.receivedDate, c.receivedTime)
            table.rows.append([received, .text(name), .text((caller.mobile ?? p.mobile).map { Formats.phone($0, style: r.int(0...3)) } ?? ""),
                               c.giveDOB ? .date(p.dob) : .empty, .text(c.daySeen), .text(c.notes)])
        }
        var written = style
        if style == .classic { written.lineEnd = "\r\n" }
        output.add("sources/callbacks.\(written.fileExtension)", (try? written.bytes(table)) ?? [], records: table.rows.count)
    }
}

/// `truth/encounters.csv` and `truth/inbox.csv`: what really happened, for `lacuna eval` and any
/// outside scorer.
enum TruthWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput) {
        // People the register does not hold carry their names, so that a new patient Lacuna founds from
        // a placeholder booking without an NHI can be scored.
        var encounters = Formats.csvLine(["nhi", "date", "provider", "patient_id", "abnormal", "mode", "in_book", "paid_by", "traces", "family", "given"], end: "\n")
        for e in world.encounters where e.inWindow {
            let p = world.people[e.person]
            encounters += Formats.csvLine([p.nhi, e.date.description, world.providers[e.provider].code,
                                           p.enrolledDuringWindow ? "" : p.patientID, e.abnormal, e.mode, e.inBook ? "yes" : "no",
                                           e.payment?.method.rawValue ?? "none", traces(of: e, world).joined(separator: ";"),
                                           p.enrolledDuringWindow ? p.family : "", p.enrolledDuringWindow ? p.given : ""], end: "\n")
        }
        output.add("truth/encounters.csv", utf8: encounters)
        var habits = Formats.csvLine(["nhi", "date", "habit", "visit", "patient_id"], end: "\n")
        for h in world.habits {
            let p = world.people[h.person]
            habits += Formats.csvLine([p.nhi, h.date.description, h.habit, h.visit ? "yes" : "no", p.enrolledDuringWindow ? "" : p.patientID], end: "\n")
        }
        for e in world.encounters where e.inWindow && e.inBook && world.people[e.person].enrolledDuringWindow {
            habits += Formats.csvLine([world.people[e.person].nhi, e.date.description, "new placeholder", "yes", ""], end: "\n")
        }
        output.add("truth/habits.csv", utf8: habits)
        var inbox = Formats.csvLine(["nhi", "received", "source", "message_id", "abnormal", "kind", "item"], end: "\n")
        for item in inboxItems(world) { inbox += Formats.csvLine(item, end: "\n") }
        output.add("truth/inbox.csv", utf8: inbox)
    }

    /// The sources an encounter left a trace in, as the writers wrote them: a booking in the book, a
    /// card payment at a terminal, an internet-banking payment in the statements, a test reported in the
    /// lab's resend, a referral, a portal message about it, a line on a GP's list, a callback.
    static func traces(of e: DrillEncounter, _ world: PracticeWorld) -> [String] {
        var kinds = world.mentionedIn[e.id] ?? []
        if e.inBook { kinds.insert("appointments") }
        if let pay = e.payment {
            if pay.method == .card { kinds.insert("eftpos") }
            if pay.method == .internetBanking, let date = pay.bankDate, date <= world.window.to.adding(days: 5) { kinds.insert("bank") }
        }
        if e.orders.contains(where: { world.results[$0].reportedDate <= world.window.to }) { kinds.insert("lab") }
        if e.referral != nil { kinds.insert("healthlink") }
        return kinds.sorted()
    }

    static func inboxCount(_ world: PracticeWorld) -> Int { inboxItems(world).count }

    static func inboxItems(_ world: PracticeWorld) -> [[String]] {
        var rows: [(LocalDate, LocalTime, [String])] = []
        for result in world.results where world.window.contains(result.reportedDate) {
            rows.append((result.reportedDate, result.reportedTime,
                         [world.people[result.person].nhi, Formats.iso(result.reportedDate, result.reportedTime, clock: world.clock),
                          "lab", result.messageID, result.abnormal, "result", result.filler]))
        }
        for letter in world.letters where world.window.contains(letter.receivedDate) {
            rows.append((letter.receivedDate, letter.receivedTime,
                         [world.people[letter.person].nhi, Formats.iso(letter.receivedDate, letter.receivedTime, clock: world.clock),
                          "healthlink", letter.messageID, "", "letter", letter.documentID]))
        }
        for message in world.portal where world.window.contains(message.date) {
            rows.append((message.date, message.time,
                         [world.people[message.person].nhi, Formats.iso(message.date, message.time, clock: world.clock),
                          "portal", message.id, "", message.type, message.id]))
        }
        return rows.sorted { ($0.0, $0.1, $0.2[3]) < ($1.0, $1.1, $1.2[3]) }.map(\.2)
    }
}
