import Foundation
import LacunaCore

/// Healthlink's resend: referrals the practice sent (REF^I12, v2.4, CRLF), letters received as MDM^T02,
/// and letters received as HealthDocs XML envelopes with a base64 document.
enum HealthlinkWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        let clock = world.clock
        var referralsByDay: [LocalDate: [String]] = [:]
        for referral in world.referrals {
            let person = world.people[referral.person]
            let when = HL7Text.timestamp(referral.date, referral.time, clock: clock, withOffset: true)
            let gp = world.providers[referral.provider]
            let message = [
                HL7Text.segment("MSH", ["^~\\&", "MEDTECH^HMC", "HARBOURSIDE MC", "HEALTHLINK", r.pick(NamePools.hospitals), when, "",
                                        "REF^I12^REF_I12", referral.messageID, "P", "2.4", "", "", "AL", "NE", "NZL", "UNICODE UTF-8"]),
                HL7Text.segment("RF1", ["P^Pending", referral.urgent ? "U^Urgent" : "R^Routine",
                                        "\(referral.specialty.code)^\(referral.specialty.name)", "", "O", "HMC-R\(referral.id)",
                                        HL7Text.date(referral.date), "", HL7Text.date(referral.date)]),
                HL7Text.segment("PRD", ["RP", "\(HL7Text.escape(gp.family))^\(HL7Text.escape(gp.given))^^^Dr", "1 Harbour Road^^Auckland^^1010", "", "", "",
                                        "\(gp.cpn)^^NZMC"]),
                HL7Text.segment("PRD", ["RT", "\(referral.specialty.name) Service"]),
                HL7Text.pid(person, nhi: person.nhi, authority: "^^^NZLMOH^NI", ascii: false),
                HL7Text.segment("DG1", ["1", "", "^\(HL7Text.escape(world.encounters.first { $0.referral == referral.id }?.reason ?? "review"))"]),
            ].joined(separator: "\r\n")
            referralsByDay[referral.date, default: []].append(message)
        }
        for day in referralsByDay.keys.sorted() {
            output.add("sources/healthlink/referrals-sent-\(HL7Text.date(day)).hl7", utf8: referralsByDay[day]!.joined(separator: "\r\n") + "\r\n")
        }

        var mdmByDay: [LocalDate: [String]] = [:]
        for letter in world.letters {
            let person = world.people[letter.person]
            let recipient = world.providers[letter.recipient]
            let text = "Dear \(recipient.name),\nRe: \(person.given) \(person.family)\nThank you for your referral. \(letter.title) follows.\nKind regards,\n\(letter.specialty) team, \(letter.hospital)"
            if letter.via == "mdm" {
                let when = HL7Text.timestamp(letter.receivedDate, letter.receivedTime, clock: clock, withOffset: true)
                let written = HL7Text.timestamp(letter.receivedDate.adding(days: -1), LocalTime(hour: 16, minute: 0)!, clock: clock, withOffset: true)
                let type = letter.title == "Discharge summary" ? "DS^Discharge summary" : "CL^Clinic letter"
                var segments = [
                    HL7Text.segment("MSH", ["^~\\&", "HEALTHLINK", letter.hospital.uppercased(), "MEDTECH", "HMC", when, "", "MDM^T02^MDM_T02",
                                            letter.messageID, "P", "2.4", "", "", "AL", "NE", "NZL", "UNICODE UTF-8"]),
                    HL7Text.segment("EVN", ["T02", when]),
                    HL7Text.pid(person, nhi: person.nhi, authority: "^^^NZLMOH^NI", ascii: false),
                    HL7Text.segment("PV1", ["1", "O"]),
                    HL7Text.segment("TXA", ["1", type, "TX", when, "^\(letter.specialty) team", written, "", "", "", "", "",
                                            letter.documentID, "", "", "", "", "AU"]),
                ]
                for (i, line) in text.split(separator: "\n").enumerated() {
                    segments.append(HL7Text.segment("OBX", [String(i + 1), "TX", type, "", HL7Text.escape(String(line)), "", "", "", "", "", "F"]))
                }
                mdmByDay[letter.receivedDate, default: []].append(segments.joined(separator: "\r"))
            } else {
                let sent = Formats.iso(letter.receivedDate, letter.receivedTime, clock: clock)
                let content = Data(text.utf8).base64EncodedString()
                let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <HealthDoc version="1.2">
                  <Envelope sent="\(sent)" id="\(letter.messageID)">
                    <From id="HL-\(abs(letter.hospital.hashValueStable) % 9000 + 1000)" name="\(xmlEscape(letter.hospital)) \(xmlEscape(letter.specialty))"/>
                    <To id="HMC01" name="\(world.practiceName)"/>
                  </Envelope>
                  <Patient NHI="\(person.nhi)">
                    <Name family="\(xmlEscape(person.family))" given="\(xmlEscape(person.given))"/>
                    <DOB value="\(person.dob)"/>
                    <Sex value="\(person.sex)"/>
                  </Patient>
                  <Document type="letter" date="\(letter.receivedDate.adding(days: -1))" id="\(letter.documentID)">
                    <Title>\(xmlEscape(letter.title))</Title>
                    <Author>\(xmlEscape(letter.specialty)) team</Author>
                    <Recipient code="\(recipient.code)">\(xmlEscape(recipient.name))</Recipient>
                    <Content encoding="base64" mediaType="text/plain">\(content)</Content>
                  </Document>
                </HealthDoc>

                """
                output.add("sources/healthlink/healthdocs/\(letter.documentID).xml", utf8: xml)
            }
        }
        for day in mdmByDay.keys.sorted() {
            output.add("sources/healthlink/letters-\(HL7Text.date(day)).hl7", utf8: mdmByDay[day]!.joined(separator: "\r") + "\r")
        }
    }

    static func xmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}

extension String {
    /// A hash that is the same in every process (Swift's own is seeded per process).
    var hashValueStable: Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}
