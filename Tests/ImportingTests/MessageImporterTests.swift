import Foundation
import HL7
import Testing
@testable import Importing
@testable import Inference
import LacunaCore

private func labMessage(id: String, status: String = "F", flag: String = "H", reported: String = "20250403141500+1300",
                        authority: String = "L99^^^LAB^MR~ZZZ00AC^^^NZLMOH^NI") -> String {
    [
        "MSH|^~\\&|LABTESTS|LABTESTS AKL|PMS|HMC|\(reported)||ORU^R01^ORU_R01|\(id)|P|2.4|||AL|NE|NZL|UNICODE UTF-8",
        "PID|1||\(authority)||TIPENE^Tāmati||19800512|M|||1 Rata St^^Mt Eden^Auckland^1024||^PRN^CP^^^^^0211234567",
        "ORC|RE|P1|F1",
        "OBR|1|P1|LT-100^LAB|HBA1C^HbA1c^NZLABS|||20250403091000+1300|||||||||12ABCD^Smith^Roger^^^Dr||||||\(reported)|||\(status)",
        "OBX|1|NM|HBA1C^HbA1c||64|mmol/mol|20-40|\(flag)|||\(status)",
        "NTE|1|L|Phoned \\T\\ left message",
        "OBR|2|P1|LT-101^LAB|K^Potassium^NZLABS|||20250403091000+1300|||||||||12ABCD^Smith^Roger^^^Dr||||||\(reported)|||\(status)",
        "OBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.2||||\(status)",
    ].joined(separator: "\r") + "\r"
}

@Suite("Lab, Healthlink and portal importers")
struct MessageImporterTests {
    @Test("a v2.1 lab file in Latin-1 with no MSH-18 is read, not called damaged; its names keep their accents")
    func latin1WithoutMSH18() throws {
        let text = [
            "MSH|^~\\&|LAB|LAB||HMC|19990403141500||ORU^R01|OLD1|P|2.1",
            "PID|1||ZZZ00AC||REN#^Ang#le||19800512|F",
            "OBR|1|P1|LT-1^LAB|K^Potassium|||19990403091000||||||||12ABCD^Smith^Roger||||||19990403141500|||F",
            "OBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.2||||F",
        ].joined(separator: "\r") + "\r"
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] == UInt8(ascii: "#") { bytes[i] = 0xE9 }
        let message = try #require(HL7.messages(bytes).first)
        #expect(message.diagnostics.isEmpty)
        let result = LabImporter().read(file: "lab/old.hl7", bytes: bytes, settings: testSettings)
        #expect(result.traces.first?.identity.familyName == "RENé")
        #expect(result.traces.first?.identity.givenName == "Angéle")
        #expect(!result.warnings.contains { $0.contains("damaged") })
        #expect(result.warnings.contains { $0.contains("Latin-1") })
    }

    @Test("a document is received when it was sent, not when the exam it reports was done")
    func documentReceived() throws {
        let mdm = [
            "MSH|^~\\&|HEALTHLINK|ADHB|PMS|HMC|20250404090000+1300||MDM^T02^MDM_T02|HL9|P|2.4",
            "EVN|T02|20250404090000+1300",
            "PID|1||ZZZ00AC^^^NZLMOH^NI||TIPENE^Tāmati||19800512|M",
            "TXA|1|RAD^Radiology report|TX|20250328100000+1300|||||||DOC9||||||AU",
            "OBX|1|TX|RAD||Chest X-ray: clear||||||F",
        ].joined(separator: "\r") + "\r"
        let result = HealthlinkImporter().read(file: "hl/doc.hl7", bytes: Array(mdm.utf8), settings: testSettings)
        let trace = try #require(result.traces.first)
        #expect(trace.time?.localDate == LocalDate(year: 2025, month: 3, day: 28))
        #expect(TraceTime(payloadText: trace.payload["_received"] ?? "")?.localDate == LocalDate(year: 2025, month: 4, day: 4))
    }

    @Test("a result ordered by the practice's GP with a multi-word family name is the practice's; a code sent with the name is learnt for the next")
    func multiWordOrderer() throws {
        var settings = testSettings
        settings.providers = [Provider(code: "PV", name: "Dr Pieter de Vries"), Provider(code: "TH", name: "Dr Aroha Te Hira")]
        let first = labMessage(id: "M1").replacingOccurrences(of: "12ABCD^Smith^Roger^^^Dr", with: "99871^DE VRIES^PIETER^^^DR")
        let second = labMessage(id: "M2").replacingOccurrences(of: "12ABCD^Smith^Roger^^^Dr", with: "99871")
            .replacingOccurrences(of: "LT-10", with: "LT-20")
        let third = labMessage(id: "M3").replacingOccurrences(of: "12ABCD^Smith^Roger^^^Dr", with: "^Te Hira^Aroha")
            .replacingOccurrences(of: "LT-10", with: "LT-30")
        let result = LabImporter().read(file: "lab/a.hl7", bytes: Array((first + second + third).utf8), settings: settings)
        #expect(result.traces.map(\.provider) == ["PV", "PV", "PV", "PV", "TH", "TH"])
        #expect(result.traces.allSatisfy { $0.payload["_ordered_by_practice"] == "yes" })
        // Read alone, the bare code is not yet known; the case learns it from the other file.
        let alone = LabImporter().read(file: "lab/b.hl7", bytes: Array(second.utf8), settings: settings)
        #expect(alone.traces.first?.payload["_ordered_by_practice"] == "no")
        #expect(alone.traces.first?.payload["_provider_id"] == "99871")
    }

    @Test("ORU: one trace per OBR, NHI found in any PID-3 repetition, times with offsets made local, flags, provider")
    func labResults() throws {
        let result = LabImporter().read(file: "lab/a.hl7", bytes: Array(labMessage(id: "M1", flag: "HH").utf8), settings: testSettings)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.count == 2)
        let first = result.traces[0]
        #expect(first.recordType == "result")
        #expect(first.identity.nhi == "ZZZ00AC")
        #expect(first.identity.givenName == "Tāmati")
        #expect(first.identity.dob == LocalDate(year: 1980, month: 5, day: 12))
        #expect(first.identity.mobile == "+64211234567")
        #expect(first.provider == "RS")
        #expect(first.time?.localDate == LocalDate(year: 2025, month: 4, day: 3))
        #expect(first.time?.localTime == LocalTime(hour: 9, minute: 10))
        #expect(first.payload["_abnormal"] == "critical")
        #expect(first.payload["_filler"] == "LT-100")
        #expect(first.payload["_ordered_by_practice"] == "yes")
        #expect(result.traces[1].payload["_abnormal"] == "")
        #expect(first.locator.message == 1 && first.locator.line == 1)
    }

    @Test("v2.1 without offsets is the practice's wall time; a bare NHI in PID-3 is found")
    func pathlabV21() {
        let text = "MSH|^~\\&|PATHLAB|PATHLAB BOP|HMC|HARBOURSIDE|202504031015||ORU^R01|PL1|P|2.1\n"
            + "PID|1||ZZZ00AC||TIPENE^TAMATI||19800512|M\n"
            + "OBR|1|P9|PL5|FBC^Full blood count|||202504030905|||||||||12ABCD^Smith^Roger||||||202504031015||||F\n"
            + "OBX|1|ST|HB^Haemoglobin||98|g/L|130-170|L|||F\n"
        let result = LabImporter().read(file: "lab/p.txt", bytes: Array(text.utf8), settings: testSettings)
        #expect(result.traces.count == 1)
        let t = result.traces[0]
        #expect(t.identity.nhi == "ZZZ00AC")
        #expect(t.time?.localTime == LocalTime(hour: 9, minute: 5))
        #expect(t.payload["_abnormal"] == "abnormal")
    }

    @Test("a resent message is the same record; a correction is a new one; damage is rejected with its place")
    func resendsAndDamage() {
        let a = LabImporter().read(file: "a.hl7", bytes: Array(labMessage(id: "M1").utf8), settings: testSettings)
        let b = LabImporter().read(file: "b.hl7", bytes: Array(("\u{0B}" + labMessage(id: "M1") + "\u{1C}\r").utf8), settings: testSettings)
        let c = LabImporter().read(file: "c.hl7", bytes: Array(labMessage(id: "M1C", status: "C").utf8), settings: testSettings)
        #expect(a.traces.map(\.contentKey) == b.traces.map(\.contentKey))
        #expect(Set(a.traces.map(\.contentKey)).isDisjoint(with: c.traces.map(\.contentKey)))
        let damaged = "PID|1||ZZZ00AC\r" + labMessage(id: "M2") + "MSH|^~\\&|X\r"
        let d = LabImporter().read(file: "d.hl7", bytes: Array(damaged.utf8), settings: testSettings)
        #expect(d.traces.count == 2)
        #expect(d.rejects.count == 2)
        #expect(d.rejects.allSatisfy { !$0.reason.contains("ZZZ00AC") })
        #expect(d.rejects.contains { $0.locator.line == 1 })
        let none = LabImporter().read(file: "e.txt", bytes: Array("hello\nworld\n".utf8), settings: testSettings)
        #expect(none.rejects.count == 1 && none.traces.isEmpty)
    }

    @Test("Healthlink: a referral our GP sent, a letter as MDM^T02, a HealthDocs envelope, a broken one")
    func healthlink() throws {
        let ref = [
            "MSH|^~\\&|PMS^HMC|HARBOURSIDE MC|HEALTHLINK|ADHB|20250403113000+1300||REF^I12^REF_I12|REF1|P|2.4",
            "RF1|P^Pending|U^Urgent|CARD^Cardiology||O|HMC-R1|20250403||20250403",
            "PRD|RP|Ngata^Aroha^^^Dr|1 Harbour Road||||12XYZ^^NZMC",
            "PID|1||ZZZ00AC^^^NZLMOH^NI||TIPENE^Tāmati||19800512|M",
        ].joined(separator: "\r\n") + "\r\n"
        let r = HealthlinkImporter().read(file: "ref.hl7", bytes: Array(ref.utf8), settings: testSettings)
        #expect(r.traces.count == 1)
        #expect(r.traces[0].recordType == "referral")
        #expect(r.traces[0].provider == "AN")
        #expect(r.traces[0].payload["_priority"] == "U")
        let mdm = [
            "MSH|^~\\&|HEALTHLINK|ADHB|PMS|HMC|20250404090000+1300||MDM^T02^MDM_T02|HL1|P|2.4",
            "EVN|T02|20250404090000+1300",
            "PID|1||ZZZ00AC^^^NZLMOH^NI||TIPENE^Tāmati||19800512|M",
            "TXA|1|DS^Discharge summary|TX|20250404090000+1300||||||||DOC1||||||AU",
            "OBX|1|TX|DS||Dear Dr\\.br\\Thank you",
        ].joined(separator: "\r") + "\r"
        let m = HealthlinkImporter().read(file: "mdm.hl7", bytes: Array(mdm.utf8), settings: testSettings)
        #expect(m.traces.first?.recordType == "document")
        #expect(m.traces.first?.payload["_document_id"] == "DOC1")
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <HealthDoc version="1.2">
          <Envelope sent="2025-04-03T15:20:00+13:00" id="ENV1"><From name="ADHB Cardiology"/><To id="HMC01"/></Envelope>
          <Patient NHI="zzz00ac"><Name family="Tipene" given="Tāmati"/><DOB value="1980-05-12"/><Sex value="M"/></Patient>
          <Document type="letter" date="2025-04-02" id="DOC2"><Title>Cardiology clinic letter</Title>
            <Recipient code="RS">Dr Roger Smith</Recipient><Content encoding="base64">RGVhciBEcg==</Content></Document>
        </HealthDoc>
        """
        let x = HealthlinkImporter().read(file: "doc.xml", bytes: Array(xml.utf8), settings: testSettings)
        #expect(x.rejects.isEmpty)
        let doc = try #require(x.traces.first)
        #expect(doc.identity.nhi == "ZZZ00AC")
        #expect(doc.identity.familyName == "Tipene")
        #expect(doc.identity.dob == LocalDate(year: 1980, month: 5, day: 12))
        #expect(doc.provider == "RS")
        #expect(doc.time?.localTime == LocalTime(hour: 15, minute: 20))
        #expect(doc.payload["_summary"] == "Cardiology clinic letter")
        let broken = String(xml.prefix(xml.count - 60))
        let y = HealthlinkImporter().read(file: "broken.xml", bytes: Array(broken.utf8), settings: testSettings)
        #expect(y.read == 1)
        #expect(y.warnings.contains { $0.contains("XML breaks") } || !y.rejects.isEmpty)
    }

    @Test("portal: JSON array, NDJSON and CSV; a parent writing about a child makes the child's trace")
    func portal() throws {
        let json = """
        [
          {"message_id":"PM-1","sent_at":"2025-04-03T08:15:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1","nhi":"ZZZ00AC","dob":"1980-05-12","email":null},
           "recipient":"Dr Roger Smith","subject":"Repeat","body":"Please renew","type":"Repeat Prescription"},
          {"message_id":"PM-2","sent_at":"2025-04-03T09:00:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1","nhi":null,"dob":"1980-05-12"},
           "recipient":"Dr Aroha Ngata","subject":"Question","body":"Writing about my child Mere Tipene (DOB 04/05/2015). Is she due?","type":"message"},
          {"message_id": "PM-3", "sent_at": "2025-04-0
        """
        let j = PortalImporter().read(file: "p.json", bytes: Array(json.utf8), settings: testSettings)
        #expect(j.traces.count == 2)
        #expect(j.rejects.count == 1)
        #expect(j.rejects[0].locator.line == 6)
        #expect(j.traces[0].recordType == "repeat-prescription")
        #expect(j.traces[0].identity.nhi == "ZZZ00AC")
        #expect(j.traces[0].provider == "RS")
        #expect(j.traces[1].identity.givenName == "Mere")
        #expect(j.traces[1].identity.dob == LocalDate(year: 2015, month: 5, day: 4))
        #expect(j.traces[1].payload["_sender_name"] == "Jane Tipene")
        let ndjson = "{\"message_id\":\"PM-4\",\"sent_at\":\"2025-04-03T10:00:00Z\",\"sender\":{\"name\":\"Bob Smith\"},\"type\":\"Appointment Request\"}\n"
            + "{\"message_id\":\"PM-5\",\"sent_at\":\"2025-04-04T10:00:00+13:00\",\"sender\":{\"name\":\"Ann Lee\"},\"type\":\"message\"}\n"
        let n = PortalImporter().read(file: "p.ndjson", bytes: Array(ndjson.utf8), settings: testSettings)
        #expect(n.traces.map(\.recordType) == ["appointment-request", "message"])
        #expect(n.traces[0].time?.localTime == LocalTime(hour: 23, minute: 0))
        let csv = "\u{FEFF}Message ID,Date Sent,Patient Name,Portal ID,NHI,Date of Birth,Email,To,Subject,Message,Type\n"
            + "PM-6,03/04/2025 14:05,Jane Tipene,MH1,ZZZ00AC,12/05/1980,,Dr Roger Smith,Hi,\"Thanks for seeing me, all good\",Message\n"
        let c = PortalImporter().read(file: "p.csv", bytes: Array(csv.utf8), settings: testSettings)
        #expect(c.traces.count == 1)
        #expect(c.traces[0].time?.localTime == LocalTime(hour: 14, minute: 5))
        #expect(c.traces[0].identity.portalID == "MH1")
    }

    @Test("portal: the account's dependants, where listed, say who the child in the message is")
    func portalDependants() {
        let json = """
        [{"id":"PM-7","sent_at":"2025-04-03T19:30:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1",
           "dependants":[{"name":"Mere Tipene","nhi":"ZZZ0024","dob":"2015-05-04"},{"name":"Hemi Tipene","dob":"2019-01-02"}]},
          "body":"can my girl Mere be seen tomorrow, sore ear"},
         {"id":"PM-8","sent_at":"2025-04-03T19:40:00+13:00","sender":{"name":"Sam Lee","portal_id":"MH2","proxy_for":[{"full_name":"Kai Lee","date_of_birth":"2018-03-03"}]},
          "body":"My son has a rash, can he come in?"},
         {"id":"PM-9","sent_at":"2025-04-03T19:50:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1",
           "dependants":[{"name":"Mere Tipene"},{"name":"Hemi Tipene"}]},
          "body":"my son has a cough"}]
        """
        let read = PortalImporter().read(file: "p.json", bytes: Array(json.utf8), settings: testSettings)
        #expect(read.traces.count == 3)
        let mere = read.traces[0].identity
        #expect(mere.givenName == "Mere" && mere.familyName == "Tipene" && mere.dob == LocalDate(year: 2015, month: 5, day: 4))
        #expect(mere.nhi == "ZZZ0024" || mere.nhiUnchecked == "ZZZ0024")
        #expect(read.traces[0].payload["_sender_name"] == "Jane Tipene")
        // The only dependant, where the message names nobody.
        #expect(read.traces[1].identity.givenName == "Kai" && read.traces[1].identity.dob == LocalDate(year: 2018, month: 3, day: 3))
        // Two dependants and no name: the household decides later, not the importer.
        #expect(read.traces[2].identity.givenName == nil)
    }

    @Test("inbox: a correction replaces the final result, keeps the worst flag and every id; received is the first report in the window")
    func inboxItems() {
        let window = testSettings.window
        var traces: [Trace] = []
        for (file, text) in [("f.hl7", labMessage(id: "M1", flag: "HH")),
                             ("c.hl7", labMessage(id: "M1C", status: "C", flag: "H", reported: "20250405090000+1200")),
                             ("old.hl7", labMessage(id: "M0", reported: "20250401090000+1300").replacingOccurrences(of: "LT-10", with: "LT-90"))] {
            traces += LabImporter().read(file: file, bytes: Array(text.utf8), settings: testSettings).traces
        }
        for i in traces.indices { traces[i].id = Int64(i + 1) }
        let links = traces.map { Link(traceID: $0.id!, patientID: "P1", rule: "nhi", weight: 1) }
        let items = InboxFinder().find(traces: traces, links: links, window: window)
        #expect(items.count == 2)   // HbA1c and potassium; the results reported before the window are not lost
        let hba1c = items[0]
        #expect(hba1c.abnormal == .critical)
        #expect(hba1c.messageIDs == ["M1", "M1C"])
        #expect(hba1c.summary.contains("corrected"))
        #expect(hba1c.received.localDate == LocalDate(year: 2025, month: 4, day: 3))
        #expect(hba1c.traceIDs.count == 2)
        #expect(hba1c.patientID == "P1")
    }
}

/// Joining a copy to its resend compares the words of their test names and titles: an ASCII text's words
/// are found from its bytes, and must be those splitting it by characters finds.
@Suite("The words of an inbox item's title")
struct InboxWordsTests {
    @Test("the words of four letters or more, as split(whereSeparator: !isLetter) gives them: every text of up to five of a, Z, space, 1, -, CR LF, é, a combining accent")
    func sameAsByCharacters() {
        let alphabet = ["a", "Z", " ", "1", "-", "\r\n", "é", "\u{301}"]
        var texts = [""], layer = [""]
        for _ in 0..<5 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        texts += ["full blood count haemoglobin", "hba1c 48 mmol/mol", "letter from cardiology\r\noutpatients", "x-ray chest"]
        var wrong: [String] = []
        for text in texts where InboxFinder.longWords(text) != text.split(whereSeparator: { !$0.isLetter }).filter({ $0.count >= 4 }).map(String.init) {
            wrong.append("\(text.unicodeScalars.map(\.value))")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 30_000)
    }
}

