import Foundation
import Testing
import LacunaCore
import Reports

@Suite("Output files as CONTRACT fixes them")
struct ReportTests {
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)

    func view(encounters: [Encounter] = [], inbox: [InboxItem] = []) -> CaseView {
        var identity = Identity()
        identity.familyName = "Tipene, \"Jane\""
        identity.givenName = "Tāmati"
        identity.nhi = "ZZZ00AC"
        let patient = Patient(id: "P1", origin: .register, identity: identity, usualProvider: "RS", sourceTraceID: nil)
        return CaseView(caseName: "c", practiceName: "p", window: window, sources: [], patients: [patient], traces: [],
                        encounters: encounters, inboxItems: inbox, unmatched: [], rejects: [])
    }

    func rows(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test("a provider's name is the first playbook clinician whose code is the one asked but for case, or whose name is it; else the code itself; set again, the new list's")
    func providerNames() {
        // Codes alike but for case, a name that is another's code, one name twice, a code that is a name.
        let providers = [Provider(code: "rs", name: "Dr Roger Smith"), Provider(code: "RS", name: "Dr Rua Sione"),
                         Provider(code: "MW", name: "WS"), Provider(code: "WS", name: "Dr Wiremu Stewart"),
                         Provider(code: "JT", name: "Dr Jane Tipene"), Provider(code: "JT2", name: "Dr Jane Tipene"),
                         Provider(code: "Dr Roger Smith", name: "Dr R. Smith"), Provider(code: "ŌK", name: "Dr Ōtautahi King")]
        var view = view()
        #expect(view.providerName("RS") == "RS")
        view.providers = providers
        let asked = ["rs", "RS", "Rs", "WS", "ws", "MW", "Dr Jane Tipene", "JT2", "jt2", "Dr Roger Smith", "dr roger smith", "ŌK", "ōk", "Dr Ōtautahi King", "XX", "", "Dr Rua Sione"]
        for code in asked {
            let searched = providers.first { $0.code.lowercased() == code.lowercased() || $0.name == code }?.name ?? (code.isEmpty ? "no provider named" : code)
            #expect(view.providerName(code) == searched, "\(code)")
        }
        #expect(view.providerName("ws") == "Dr Wiremu Stewart")
        #expect(view.providerName("WS") == "WS")
        #expect(view.providerName(nil) == "no provider named")
        view.providers = [Provider(code: "WS", name: "Dr Wiremu Stewart")]
        #expect(view.providerName("MW") == "MW")
    }

    @Test("traces by id: each id's first trace, in the order read; a trace without an id left out; all of them where every id is its own")
    func tracesByID() {
        func trace(_ id: Int64?, _ key: String) -> Trace {
            var t = Trace(kind: .lab, recordType: "result", file: "a.hl7", locator: Locator(line: 1), time: nil, identity: Identity(),
                          provider: nil, payload: [:], contentKey: key)
            t.id = id
            return t
        }
        let own = [trace(3, "a"), trace(1, "b"), trace(7, "c")]
        let byID = TracesByID(own)
        #expect(byID.values.map(\.contentKey) == ["a", "b", "c"])
        #expect(byID[1]?.contentKey == "b" && byID[7]?.contentKey == "c" && byID[2] == nil)
        for traces in [own + [trace(1, "again")], [trace(nil, "none")] + own, own + [trace(nil, "none"), trace(3, "again")]] {
            let some = TracesByID(traces)
            #expect(some.values.map(\.contentKey) == ["a", "b", "c"])
            #expect(some[1]?.contentKey == "b" && some[3]?.contentKey == "a" && some[7]?.contentKey == "c")
        }
    }

    @Test("CSV: BOM, header, RFC 4180 quoting, macrons kept")
    func csv() {
        let e = Encounter(candidateID: "C1", patientID: "P1", date: window.from, provider: "RS", confidence: 0.8, tier: .probable,
                          priority: .other, evidence: [], reason: "booked, then rang")
        let lines = rows(CaseReports.candidates(view(encounters: [e])))
        #expect(lines[0] == "\u{FEFF}" + CaseReports.candidateColumns.joined(separator: ","))
        #expect(lines[1] == "1,C1,P1,ZZZ00AC,\"Tipene, \"\"Jane\"\"\",Tāmati,,,2025-04-03,RS,0.800,probable,,,\"booked, then rang\"")
    }

    @Test("candidates: clinical priority first, then confidence")
    func ranking() {
        func e(_ id: String, _ priority: ClinicalPriority, _ confidence: Double) -> Encounter {
            Encounter(candidateID: id, patientID: "P1", date: window.from, provider: nil, confidence: confidence, tier: .possible,
                      priority: priority, evidence: [], reason: "")
        }
        let ranked = view(encounters: [e("A", .other, 0.99), e("B", .abnormalResult, 0.3), e("C", .other, 0.5), e("D", .criticalResult, 0.1)])
            .rankedEncounters.map(\.candidateID)
        #expect(ranked == ["D", "B", "A", "C"])
    }

    @Test("the ranking and the practice's HL7 code, kept in the view, follow the encounters, patients, name and facility set after it is made")
    func keptFollowsChanges() {
        func e(_ id: String, _ patient: String, _ confidence: Double) -> Encounter {
            Encounter(candidateID: id, patientID: patient, date: window.from, provider: nil, confidence: confidence, tier: .possible,
                      priority: .other, evidence: [], reason: "")
        }
        var v = view()
        #expect(v.rankedEncounters.isEmpty)
        #expect(v.practiceCode == "P")
        v.encounters = [e("A", "P1", 0.5), e("B", "P2", 0.5), e("C", "P1", 0.9)]
        // P2 is nobody the view knows yet: its name sorts first, as no name.
        #expect(v.rankedEncounters.map(\.candidateID) == ["C", "B", "A"])
        var other = Identity()
        other.familyName = "Waaka"
        v.patients["P2"] = Patient(id: "P2", origin: .register, identity: other, usualProvider: nil, sourceTraceID: nil)
        #expect(v.rankedEncounters.map(\.candidateID) == ["C", "A", "B"])
        v.encounters.append(e("D", "P2", 0.95))
        #expect(v.rankedEncounters.map(\.candidateID) == ["D", "C", "A", "B"])
        v.practiceName = "Harbourside Medical Centre"
        #expect(v.practiceCode == "HMC")
        v.facility = "F2K9C-Z"
        #expect(v.practiceCode == "F2K9C-Z")
        v.practiceName = "Tāmaki Health"
        #expect(v.practiceCode == "F2K9C-Z")
        v.facility = ""
        #expect(v.practiceCode == "TH")
    }

    @Test("inbox: critical results first, every contract column")
    func inbox() {
        let time = TraceTime(date: window.from, time: LocalTime(hour: 9, minute: 0)!, clock: clock)
        let later = TraceTime(date: window.to, time: LocalTime(hour: 16, minute: 0)!, clock: clock)
        let items = [
            InboxItem(itemID: "I1", patientID: "P1", received: time, source: .portal, kind: .message, summary: "question",
                      abnormal: nil, provider: "RS", messageIDs: ["PM-1"], traceIDs: [1]),
            InboxItem(itemID: "I2", patientID: "P1", received: later, source: .lab, kind: .result, summary: "Potassium 7.1",
                      abnormal: .critical, provider: "RS", messageIDs: ["LT1", "LT1-resend"], traceIDs: [2, 3]),
        ]
        let lines = rows(CaseReports.inbox(view(inbox: items)))
        #expect(lines[0] == "\u{FEFF}" + CaseReports.inboxColumns.joined(separator: ","))
        #expect(lines[1].hasPrefix("I2,P1,ZZZ00AC,"))
        // 03:00 UTC is 16:00 in Auckland that day: the time as the practice reads it, with its offset.
        #expect(lines[1].hasSuffix(",2025-04-04T16:00:00+13:00,lab,result,Potassium 7.1,critical,RS,LT1"))
        #expect(lines[2].hasPrefix("I1,"))
        let summary = String(decoding: CaseReports.summary(view(inbox: items)), as: UTF8.self)
        #expect(summary.contains("\"inbox_items\" : 2"))
    }
}

@Suite("Why a candidate: the encounter's waterfall")
struct EncounterExplanationTests {
    @Test("each trace's bits add up to the confidence; text and self-contained HTML name the source")
    func waterfall() {
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        let evidence = [
            Evidence(traceID: 1, kind: .appointments, summary: "booked 10:15 with RS", weight: 0.76),
            Evidence(traceID: 2, kind: .eftpos, summary: "card payment 10:42 <after the booking>", weight: 0.5),
        ]
        let confidence = 1 - (1 - 0.76) * (1 - 0.5)
        let encounter = Encounter(candidateID: "C1", patientID: "P1", date: window.from, provider: "RS", confidence: confidence,
                                  tier: .probable, priority: .other, evidence: evidence, reason: "")
        let why = EncounterExplanation(encounter) { "file-\($0).csv line \($0)" }
        #expect(abs(why.totalBits - -log2(1 - confidence)) < 1e-9)
        #expect(abs(why.steps[1].bits - 1) < 1e-9)
        #expect(why.text.contains("appointments") && why.text.contains("seen that day: 0.88 (probable)"))
        #expect(why.html.contains("file-2.csv line 2"))
        #expect(why.html.contains("&lt;after the booking&gt;"))
        #expect(!why.html.contains("<script") && !why.html.contains("http"))
        // One written out, byte for byte, as first written: a trace of no weight, one certain, and one between.
        let three = Encounter(candidateID: "C2", patientID: "P1", date: window.from, provider: nil, confidence: 0.999999, tier: .confirmed,
                              priority: .other, evidence: [Evidence(traceID: 3, kind: .lab, summary: "result & \"flag\"", weight: 0),
                                                           Evidence(traceID: 4, kind: .bank, summary: "paid", weight: 1),
                                                           Evidence(traceID: 5, kind: .remembered, summary: "on Dr's list", weight: 0.3333)], reason: "")
        let html = EncounterExplanation(three) { "line \($0)" }.html
        #expect(html == """
            <table style=\"border-collapse:collapse;font-size:12px;margin:4px 0\"><tr><td style=\"padding:1px 6px;text-align:left\">result &amp; &quot;flag&quot;<br><span style=\"color:#666;font-size:11px\">line 3</span></td><td style=\"padding:1px 6px;text-align:right\">0.00</td><td style=\"width:200px;border:none\"><div style=\"position:relative;height:12px;background:#f4f4f4\"><div style=\"position:absolute;left:0.0%;width:0.5%;height:12px;background:#2e7d32\"></div></div></td></tr><tr><td style=\"padding:1px 6px;text-align:left\">paid<br><span style=\"color:#666;font-size:11px\">line 4</span></td><td style=\"padding:1px 6px;text-align:right\">1.00</td><td style=\"width:200px;border:none\"><div style=\"position:relative;height:12px;background:#f4f4f4\"><div style=\"position:absolute;left:0.0%;width:97.1%;height:12px;background:#2e7d32\"></div></div></td></tr><tr><td style=\"padding:1px 6px;text-align:left\">on Dr's list<br><span style=\"color:#666;font-size:11px\">line 5</span></td><td style=\"padding:1px 6px;text-align:right\">0.33</td><td style=\"width:200px;border:none\"><div style=\"position:relative;height:12px;background:#f4f4f4\"><div style=\"position:absolute;left:97.1%;width:2.9%;height:12px;background:#2e7d32\"></div></div></td></tr><tr><td style=\"padding:1px 6px;text-align:left\"><b>seen that day (confirmed)</b></td><td style=\"padding:1px 6px;text-align:right\"><b>1.00</b></td><td style=\"border:none\"></td></tr></table>
            """)
    }
}
