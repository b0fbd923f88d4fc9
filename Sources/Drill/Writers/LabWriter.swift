import LacunaCore

/// The labs' resend of results reported from the day before the window to its end:
/// - Labtests: HL7 v2.4, UTF-8, one FHS/BHS batch file a day with CR segment ends; the last day as raw
///   MLLP frames; corrections (status C) in a later batch with LF ends.
/// - Pathlab: HL7 v2.1 (as Pathlab really reports to practices), ASCII, LF ends, no batch; part of it
///   resent twice.
enum LabWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        let first = world.window.from.adding(days: -1)
        let sent = world.results.filter { $0.reportedDate >= first && $0.reportedDate <= world.window.to }
            .sorted { ($0.reportedDate, $0.reportedTime, $0.id) < ($1.reportedDate, $1.reportedTime, $1.id) }
        let authorities = ["^^^NZLMOH^NI", "^^^NHI^NI", "^^^NZ^NHI"]
        var labtestsDays: [LocalDate: [String]] = [:]
        var corrections: [String] = []
        var pathlab: [String] = []
        for result in sent {
            let person = world.people[result.person]
            let nhi = r.chance(0.02 * world.noise) ? Formats.typo(nhi: person.nhi, random: &r) : person.nhi
            if result.lab == 0 {
                let authority = r.pick(authorities)
                let swapped = r.chance(0.02 * world.noise)
                labtestsDays[result.reportedDate, default: []].append(v24(world, result, nhi: nhi, authority: authority, swapped: swapped, status: "F"))
                if result.corrected {
                    corrections.append(v24(world, result, nhi: nhi, authority: authority, swapped: swapped, status: "C"))
                }
            } else {
                pathlab.append(v21(world, result, nhi: nhi))
            }
        }
        let days = labtestsDays.keys.sorted()
        for (i, day) in days.enumerated() {
            let messages = labtestsDays[day]!
            let stamp = HL7Text.date(day)
            if i == days.count - 1 && days.count > 1 {
                // The last day's messages as captured off the wire: MLLP frames left in.
                let framed = messages.map { "\u{0B}" + $0.replacingOccurrences(of: "\n", with: "\r") + "\r\u{1C}\r" }.joined()
                output.add("sources/lab/labtests-mllp-\(stamp).hl7", utf8: framed)
            } else {
                output.add("sources/lab/labtests-resend-\(stamp).hl7",
                           utf8: batch(messages, sender: "LABTESTS", stamp: stamp, world: world, day: day, terminator: "\r"))
            }
        }
        if !corrections.isEmpty {
            output.add("sources/lab/labtests-corrections.hl7",
                       utf8: batch(corrections, sender: "LABTESTS", stamp: HL7Text.date(world.window.to.adding(days: 1)), world: world,
                                   day: world.window.to.adding(days: 1), terminator: "\n"))
        }
        output.add("sources/lab/pathlab-resend.txt", utf8: pathlab.map { $0 + "\n" }.joined())
        // The lab's second resend repeats the last third: duplicates to be recognised, not added.
        let again = pathlab.suffix(pathlab.count / 3)
        if !again.isEmpty { output.add("sources/lab/pathlab-resend-again.txt", utf8: again.map { $0 + "\n" }.joined()) }
    }

    static func batch(_ messages: [String], sender: String, stamp: String, world: PracticeWorld, day: LocalDate, terminator: String) -> String {
        let time = HL7Text.timestamp(day, LocalTime(hour: 23, minute: 50)!, clock: world.clock, withOffset: true)
        var lines = ["FHS|^~\\&|\(sender)|\(sender) AKL|MEDTECH|HMC|\(time)||\(sender)-\(stamp).hl7",
                     "BHS|^~\\&|\(sender)|\(sender) AKL|MEDTECH|HMC|\(time)"]
        lines.append(contentsOf: messages.map { $0.replacingOccurrences(of: "\n", with: terminator) })
        lines.append("BTS|\(messages.count)")
        lines.append("FTS|1")
        return lines.joined(separator: terminator) + terminator
    }

    static func provider(_ world: PracticeWorld, _ index: Int) -> String {
        let p = world.providers[index]
        return "\(p.cpn)^\(HL7Text.escape(p.family))^\(HL7Text.escape(p.given))^^^Dr"
    }

    /// A Labtests result, segments joined by `\n` (the batch writer picks the real terminator).
    static func v24(_ world: PracticeWorld, _ result: DrillResult, nhi: String, authority: String, swapped: Bool, status: String) -> String {
        let clock = world.clock
        let person = world.people[result.person]
        let test = NamePools.tests[result.test]
        let reportedTime = status == "C" ? LocalTime(hour: 23, minute: 15)! : result.reportedTime
        let reportedDate = status == "C" ? world.window.to.adding(days: 1) : result.reportedDate
        let reported = HL7Text.timestamp(reportedDate, reportedTime, clock: clock, withOffset: true)
        let collected = HL7Text.timestamp(result.collectedDate, result.collectedTime, clock: clock, withOffset: true)
        let messageID = status == "C" ? result.correctionMessageID : result.messageID
        let ordering = provider(world, result.provider)
        var obr = Array(repeating: "", count: 25)
        obr[0] = "1"; obr[1] = result.placer; obr[2] = result.filler; obr[3] = "\(test.code)^\(test.name)^NZLABS"
        obr[6] = collected; obr[13] = collected; obr[14] = "BLD"; obr[15] = ordering; obr[21] = reported; obr[23] = "CH"; obr[24] = status
        let value = status == "C" ? result.value + 0.1 : result.value
        var segments = [
            HL7Text.segment("MSH", ["^~\\&", "LABTESTS", "LABTESTS^2.16.840.1.113883.2.18.66.2^ISO", "MEDTECH", "HMC", reported, "",
                                    "ORU^R01^ORU_R01", messageID, "P", "2.4", "", "", "AL", "NE", "NZL", "UNICODE UTF-8"]),
            HL7Text.pid(person, nhi: nhi, authority: authority + "~L\(result.person + 100_000)^^^LABTESTS^MR", ascii: false, swapped: swapped),
            HL7Text.segment("PV1", ["1", "O", "", "", "", "", ordering]),
            HL7Text.segment("ORC", ["RE", result.placer, result.filler, "", "CM", "", "", "", reported, "", "", ordering]),
            HL7Text.segment("OBR", obr),
            HL7Text.segment("OBX", ["1", "NM", "\(test.code)^\(test.name)^NZLABS", "", String(value), test.unit,
                                    "\(test.low)-\(test.high)", result.flag, "", "", status, "", "", reported]),
        ]
        if !result.flag.isEmpty {
            segments.append(HL7Text.segment("NTE", ["1", "L", HL7Text.escape(result.abnormal == "critical"
                ? "Critical result phoned to practice & left message.\nPlease review urgently." : "Result outside reference range.")]))
        }
        if status == "C" { segments.append(HL7Text.segment("NTE", ["2", "L", "Corrected report: replaces previous result."])) }
        segments.append("ZLT|1|\(result.filler)|RESEND")
        return segments.joined(separator: "\n")
    }

    /// A Pathlab result in v2.1: no time zones, ASCII names, NHI bare in PID-3, ST values.
    static func v21(_ world: PracticeWorld, _ result: DrillResult, nhi: String) -> String {
        let person = world.people[result.person]
        let test = NamePools.tests[result.test]
        let reported = HL7Text.timestamp(result.reportedDate, result.reportedTime, clock: world.clock, withOffset: false, seconds: false)
        let collected = HL7Text.timestamp(result.collectedDate, result.collectedTime, clock: world.clock, withOffset: false, seconds: false)
        let ordering = provider(world, result.provider)
        var obr = Array(repeating: "", count: 25)
        obr[0] = "1"; obr[1] = result.placer; obr[2] = result.filler; obr[3] = "\(test.code)^\(test.name)"
        obr[6] = collected; obr[15] = ordering; obr[21] = reported; obr[24] = "F"
        return [
            HL7Text.segment("MSH", ["^~\\&", "PATHLAB", "PATHLAB BOP", "HMC", "HARBOURSIDE", reported, "", "ORU^R01", result.messageID, "P", "2.1"]),
            HL7Text.segment("PID", ["1", "", nhi, "", NameFolding.asciiOnly("\(person.family.uppercased())^\(person.given.uppercased())"),
                                    "", HL7Text.date(person.dob), person.sex]),
            HL7Text.segment("OBR", obr),
            HL7Text.segment("OBX", ["1", "ST", "\(test.code)^\(test.name)", "", String(result.value), test.unit,
                                    "\(test.low)-\(test.high)", result.flag, "", "", "F"]),
        ].joined(separator: "\n")
    }
}
