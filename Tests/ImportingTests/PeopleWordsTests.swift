import Foundation
import Testing
import LacunaCore
@testable import Importing
@testable import Inference

/// People as they are: who a caller or writer means when it is not themselves, and callers who say
/// they were not seen. Phrasings here include ones the drill never writes.
@Suite("Proxy and subject, and what callers deny")
struct PeopleWordsTests {
    @Test("words split and trimmed by bytes where they can be, as by Foundation and the list of breaks: every text of up to four of a mixed alphabet")
    func tokensAsBefore() {
        /// The first way, as it was written.
        func before(_ text: String) -> [String] {
            text.replacingOccurrences(of: "’", with: "'").split { $0.isWhitespace || ",.;:!?()[]/-".contains($0) }.map { raw in
                var word = String(raw)
                let possessive = word.hasSuffix("'s") || word.hasSuffix("'S")
                if possessive { word.removeLast(2) }
                return "\(word.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))) \(possessive)"
            }
        }
        let texts = runs(of: ["Sam", "'s", "’", "\"", ",", "-", "\r\n", " ", "(8)", "é", "\u{301}"], upTo: 4)
        let differing = texts.filter { text in ProxyReading.tokenize(text).map { "\($0.text) \($0.possessive)" } != before(text) }
        #expect(differing.isEmpty, "\(differing.prefix(5).map(\.debugDescription))")
        #expect(ProxyReading.tokenize("Sam’s mum, \"Aroha\"").map(\.text) == ["Sam", "mum", "Aroha"])
    }

    @Test("someone else's visit, said many ways: the subject's name, relation and age")
    func proxies() {
        func read(_ text: String, name: Bool = false) -> ProxyMention? { ProxyReading.read(text, nameColumn: name) }
        #expect(read("re Sam (8)") == ProxyMention(name: "Sam", relation: "child", age: 8))
        #expect(read("son Nick was seen")?.name == "Nick")
        #expect(read("son Nick was seen")?.sex == "M")
        #expect(read("calling for her daughter Aroha")?.name == "Aroha")
        #expect(read("calling for her daughter Aroha")?.sex == "F")
        #expect(read("Sarah Smith (mum of Sam)", name: true) == ProxyMention(name: "Sam", speakerName: "Sarah Smith"))
        #expect(read("Sarah Smith for Sam", name: true) == ProxyMention(name: "Sam", speakerName: "Sarah Smith"))
        #expect(read("Hi, can my son Jonathan be seen today? He has a rash")?.name == "Jonathan")
        #expect(read("it was my boy who was seen, 6yo") == ProxyMention(relation: "child", age: 6, sex: "M"))
        #expect(read("Zoë's girl - ear infection") == ProxyMention(relation: "child", sex: "F", speakerName: "Zoë"))
        #expect(read("Jake's dad rang")?.name == "Jake")
        #expect(read("on behalf of Mere Tipene")?.name == "Mere Tipene")
        #expect(read("calling for my husband")?.relation == "partner")
        #expect(read("Nick Walker (child)")?.name == "Nick Walker")
        #expect(read("baby Kahu 6 months")?.age == 0)
        #expect(read("moko Tama aged 4")?.age == 4)
        // The speaker's own business.
        for own in ["wants a call back", "got a script", "calling for results", "re BP check", "Thanks for seeing me.",
                    "saw the nurse", "Could I please see the doctor about UTI?", "Please renew my usual medicines.",
                    "rang 4/4 about bloods", "Mum rang"] {
            #expect(read(own) == nil, "\(own)")
        }
        #expect(read("Sarah Smith", name: true) == nil)
    }

    @Test("a caller who says they were not seen, in words no list holds")
    func denials() {
        for said in ["wasn't seen", "didn't make it in", "I wasn't in that day", "never came in - car broke down", "not seen, cancelled",
                     "no show", "couldnt come, sick kid", "Did not attend", "we didn’t go in the end", "wasn't me, haven't been in for months",
                     "forgot to come", "missed the appointment"] {
            #expect(CallerWords.deniesVisit(said), "\(said)")
        }
        for said in ["not sure", "wants a call back", "saw the nurse", "had bloods taken", "Friday", "wasn't seen by the GP but saw the nurse",
                     "got a script", "no idea which day", ""] {
            #expect(!CallerWords.deniesVisit(said), "\(said)")
        }
    }

    @Test("a parent's callback is read as the child's, the parent kept as the speaker")
    func parentsCallback() throws {
        let csv = """
        Received,Name,Phone,Day Seen,Notes
        7/04/2025 9:10,Sarah Walker,021 555 0101,Thursday,re Sam (8)
        7/04/2025 9:12,Tom Brown for Lily,021 555 0102,Fri,
        7/04/2025 9:20,Ana Lee,021 555 0103,Thursday,wants a call back
        """
        let settings = ImportSettings(clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
                                      window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!))
        let result = CallbacksImporter().read(file: "callbacks.csv", bytes: Array(csv.utf8), settings: settings)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.count == 3)
        let sam = result.traces[0]
        #expect(sam.identity.givenName == "Sam")
        #expect(sam.identity.familyName == nil)
        #expect(sam.identity.mobile != nil)
        #expect(sam.proxy?.speakerName == "Sarah Walker")
        #expect(sam.proxy?.age == 8)
        #expect(result.traces[1].identity.givenName == "Lily")
        #expect(result.traces[1].proxy?.speakerName == "Tom Brown")
        #expect(result.traces[2].proxy == nil)
        #expect(result.traces[2].identity.familyName == "Lee")
    }

    @Test("a portal message from a parent's account about a son is the son's, the account holder kept as the speaker")
    func parentsPortalMessage() {
        let json = """
        [{"message_id":"PM-9","sent_at":"2025-04-03T08:15:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1","email":"jane@example.co.nz"},
          "recipient":"Dr Roger Smith","subject":"Appointment","body":"Hi, can my son Jonathan be seen today? He has a rash","type":"Appointment Request"},
         {"message_id":"PM-10","sent_at":"2025-04-03T09:15:00+13:00","sender":{"name":"Jane Tipene","portal_id":"MH1","email":"jane@example.co.nz"},
          "recipient":"Dr Roger Smith","subject":"Question","body":"Could I please see the doctor about UTI?","type":"message"}]
        """
        let settings = ImportSettings(clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
                                      window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!))
        let result = PortalImporter().read(file: "p.json", bytes: Array(json.utf8), settings: settings)
        #expect(result.traces.count == 2)
        #expect(result.traces[0].identity.givenName == "Jonathan")
        #expect(result.traces[0].proxy?.speakerEmail == "jane@example.co.nz")
        #expect(result.traces[0].proxy?.speakerPortalID == "MH1")
        #expect(result.traces[0].proxy?.sex == "M")
        #expect(result.traces[1].proxy == nil)
        #expect(result.traces[1].identity.portalID == "MH1")
    }

    // MARK: What the evidence says did not happen

    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
    /// Thursday 3 to Sunday 6 April 2025.
    let long = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 6)!)

    func trace(_ id: Int64, _ kind: SourceKind, _ type: String, day: Int, _ payload: [String: String]) -> Trace {
        aprilTrace(id, kind, type, day: day, payload)
    }

    /// Traces of patient P1 (and a booking book for the practice's other patients, linked to P9).
    func infer(_ mine: [Trace], book: [Trace] = []) -> [Encounter] {
        let links = mine.map { Link(traceID: $0.id!, patientID: "P1", rule: "test", weight: 0.95) }
            + book.map { Link(traceID: $0.id!, patientID: "P9", rule: "test", weight: 0.95) }
        return FirstInference().infer(traces: mine + book, links: links, patients: [], window: long).filter { $0.patientID == "P1" }
    }

    /// The practice's bookings on Thursday to Saturday, seven a day: closed on Sunday.
    var book: [Trace] {
        (3...5).flatMap { day in (0..<7).map { trace(Int64(900 + day * 10 + $0), .appointments, "booking", day: day, ["_status": "completed"]) } }
    }

    @Test("a cancelled booking is not evidence of a visit")
    func cancelled() {
        #expect(infer([trace(1, .appointments, "booking", day: 3, ["_status": "cancelled"])], book: book).isEmpty)
        // With other evidence of that day, the visit stands on that evidence.
        let paid = infer([trace(1, .appointments, "booking", day: 3, ["_status": "cancelled"]),
                          trace(2, .ledger, "invoice", day: 3, [:])], book: book)
        #expect(paid.map(\.date) == [LocalDate(year: 2025, month: 4, day: 3)!])
        #expect(paid.first?.evidence.count == 1)
    }

    @Test("a caller who says they were not seen lowers that day and never confirms it")
    func negativeCallback() {
        let booked = trace(1, .appointments, "booking", day: 4, ["_status": "booked"])
        let notSeen = trace(2, .callbacks, "callback", day: 8, ["_day_seen": "Friday", "_notes": "didn't make it in, car broke down"])
        #expect(infer([booked], book: book).first?.tier != .possible)
        #expect(infer([booked, notSeen], book: book).isEmpty)
        // A completed booking and an invoice outweigh the caller's word, but the day is said to be in doubt.
        let attended = infer([trace(1, .appointments, "booking", day: 4, ["_status": "completed"]), trace(3, .ledger, "invoice", day: 4, [:]), notSeen],
                             book: book)
        #expect(attended.count == 1)
        #expect(attended.first?.reason.contains("not seen") == true)
        // "Not sure" is no denial.
        let unsure = trace(4, .callbacks, "callback", day: 8, ["_day_seen": "not sure"])
        #expect(infer([booked, unsure], book: book).first?.confidence ?? 0 > infer([booked], book: book).first?.confidence ?? 1)
    }

    @Test("no candidate on a day the practice was closed unless a record places someone there")
    func closedDay() {
        let sunday = LocalDate(year: 2025, month: 4, day: 6)!
        #expect(PracticeDays.open(traces: book, window: long) == Set((3...5).map { LocalDate(year: 2025, month: 4, day: $0)! }))
        // A caller who says Sunday, and a list line with no day: spread over the open days only.
        let said = infer([trace(1, .callbacks, "callback", day: 8, ["_day_seen": "Sunday"])], book: book)
        #expect(!said.isEmpty)
        #expect(!said.map(\.date).contains(sunday))
        let listed = infer([trace(2, .remembered, "remembered", day: 8, [:])], book: book)
        #expect(listed.count == 3)
        // A card payment at the desk on Sunday is a record: it stands.
        let paid = infer([trace(3, .ledger, "invoice", day: 6, [:])], book: book)
        #expect(paid.map(\.date) == [sunday])
        // With no appointment book, or too small a one to learn from, every day may have been open.
        #expect(PracticeDays.open(traces: [], window: long).count == 4)
        #expect(PracticeDays.open(traces: Array(book.prefix(3)), window: long).count == 4)
        // A book that stops before the window: the weekdays it shows worked. Sundays in March were closed.
        let march = (1...27).map { LocalDate(year: 2025, month: 3, day: $0)! }.filter { $0.isoWeekday != 7 }
        let history = march.enumerated().map { n, day in
            var t = trace(Int64(5000 + n), .appointments, "booking", day: 3, ["_status": "completed"])
            t.time = TraceTime(date: day, time: LocalTime(hour: 9, minute: 0)!, clock: clock)
            return t
        }
        #expect(PracticeDays.open(traces: history, window: long) == Set((3...5).map { LocalDate(year: 2025, month: 4, day: $0)! }))
        // The playbook's hours decide: weekdays only, so Saturday is closed although the book is too small
        // to tell; a desk payment on Sunday still shows someone there.
        let weekdays = PracticeHours(days: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, 480...1050) }))
        #expect(PracticeDays.open(traces: Array(book.prefix(3)), window: long, hours: weekdays) == Set((3...4).map { LocalDate(year: 2025, month: 4, day: $0)! }))
        #expect(PracticeDays.open(traces: [trace(3, .ledger, "invoice", day: 6, [:])], window: long, hours: weekdays).contains(sunday))
        let listedWeekdays = FirstInference(hours: weekdays).infer(traces: [trace(2, .remembered, "remembered", day: 8, [:])],
                                                                   links: [Link(traceID: 2, patientID: "P1", rule: "test", weight: 0.95)],
                                                                   patients: [], window: long)
        #expect(Set(listedWeekdays.map(\.date)) == Set((3...4).map { LocalDate(year: 2025, month: 4, day: $0)! }))
    }

    // MARK: Payment references as payers write them

    @Test("references: initials kept, the doctor's name not read as the patient, an invoice cut at 12 characters kept as its start")
    func references() {
        let initials = PaymentReferences.read(["J SMITH"])
        #expect(initials.nameWords == ["SMITH"])
        #expect(initials.initials == ["J"])
        let doctor = PaymentReferences.read(["DR TE HIRA", "TIPENE"])
        #expect(doctor.nameWords == ["TIPENE"])
        let cut = PaymentReferences.read(["INVOICE 1023"])   // INVOICE 10234, cut by the bank
        #expect(cut.invoices.isEmpty)
        #expect(cut.invoicePrefixes == ["1023"])
        let zeros = PaymentReferences.read(["INV-0045"])
        #expect(zeros.invoices == ["45"])
        #expect(PaymentReferences.read(["INV-00451234"]).invoicePrefixes == ["00451234"])   // 12 characters, digits at the end
    }

    @Test("a truncated invoice reference still dates the payment, and a bare number in the invoice range does too")
    func truncatedInvoice() {
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        // The ledger: ten invoices each weekday from 17 March to 2 April, 10001 to 10130.
        var traces: [Trace] = []
        var number = 10000
        for day in (0...16).map({ LocalDate(year: 2025, month: 3, day: 17)!.adding(days: $0) }) where day.isoWeekday <= 5 {
            for _ in 1...10 {
                number += 1
                traces.append(Trace(kind: .ledger, recordType: "invoice", file: "l", locator: Locator(line: number),
                                    time: TraceTime(date: day), identity: Identity(), provider: nil,
                                    payload: ["_invoice": "INV-\(number)"], contentKey: "l\(number)"))
            }
        }
        let numbering = InvoiceNumbering(traces: traces)
        #expect(numbering.last?.number == 10130)
        #expect(numbering.width == 5)
        #expect(numbering.numbers(startingWith: "1014") == 10140...10149)
        func paid(_ payload: [String: String], on day: Int = 8) -> TraceMeaning? {
            let t = Trace(kind: .bank, recordType: "internet-banking", file: "b", locator: Locator(line: 1),
                          time: TraceTime(date: LocalDate(year: 2025, month: 4, day: day)!), identity: Identity(), provider: nil,
                          payload: payload.merging(["_amount": "45.00"]) { a, _ in a }, contentKey: "b")
            return TraceMeaning.of(t, window: window, invoices: numbering)
        }
        // 10140–10149: the second window day's numbers (ten a day after 10130).
        let cut = paid(["_invoice_prefix": "1014"])
        #expect(cut?.dates.contains(window.to) == true)
        #expect(cut?.showsAttendance == true)
        // Cut across the ledger's end (1013x may be before or after): not discarded, read as a payment without one.
        #expect(paid(["_invoice_prefix": "1013"], on: 4) != nil)
        // An invoice from before the loss pays for an old visit.
        #expect(paid(["_invoice": "10045"]) == nil)
        // A bare number in the range dates it too; a phone-like number does not.
        #expect(paid(["_numbers": "10145"])?.dates.contains(window.to) == true)
        #expect(paid(["_numbers": "5550101"], on: 4)?.showsAttendance == false)
        // Paid online by card on 8 April for invoice 10145: the visit was on the window's second day.
        var online = Trace(kind: .eftpos, recordType: "card-payment", file: "stripe.csv", locator: Locator(line: 2),
                           time: TraceTime(date: LocalDate(year: 2025, month: 4, day: 8)!, time: LocalTime(hour: 19, minute: 5)!, clock: clock),
                           identity: Identity(), provider: nil, payload: ["_amount": "45.00", "_invoice": "INV-10145"], contentKey: "s")
        online.identity.cardLast4 = "4242"
        #expect(TraceMeaning.of(online, window: window, invoices: numbering)?.dates.contains(window.to) == true)
        online.payload["_invoice"] = "INV-10045"   // an old invoice, paid late: no visit in the window
        #expect(TraceMeaning.of(online, window: window, invoices: numbering) == nil)
    }

    @Test("a test collected after a visit just before the window is explained by it, not a visit invented in the window")
    func visitJustBefore() {
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        var before = trace(1, .appointments, "booking", day: 3, ["_status": "completed"])
        before.time = TraceTime(date: LocalDate(year: 2025, month: 4, day: 2)!, time: LocalTime(hour: 11, minute: 0)!, clock: clock)
        let test = trace(2, .lab, "result", day: 3, ["_ordered_by_practice": "yes", "_test_name": "HbA1c"])
        let links = [Link(traceID: 1, patientID: "P1", rule: "t", weight: 0.95), Link(traceID: 2, patientID: "P1", rule: "t", weight: 0.95)]
        #expect(FirstInference().infer(traces: [before, test], links: links, patients: [], window: window).isEmpty)
        // Without that visit, the test stands on its own day.
        #expect(FirstInference().infer(traces: [test], links: [links[1]], patients: [], window: window).map(\.date) == [window.from])
        // A caller not sure of the day, and the GP who saw them then listing them with no day: that
        // visit, not one in the window. A window day named, or a record in the window, stands.
        let link = { (id: Int64) in Link(traceID: id, patientID: "P1", rule: "t", weight: 0.95) }
        let unsure = trace(3, .callbacks, "callback", day: 8, ["_day_seen": "not sure"])
        #expect(FirstInference().infer(traces: [before, unsure], links: [links[0], link(3)], patients: [], window: window).isEmpty)
        #expect(!FirstInference().infer(traces: [unsure], links: [link(3)], patients: [], window: window).isEmpty)
        for said in ["Thursday", "Thurs 3/4"] {
            let dated = trace(3, .callbacks, "callback", day: 8, ["_day_seen": said])
            #expect(FirstInference().infer(traces: [before, dated], links: [links[0], link(3)], patients: [], window: window).map(\.date) == [window.from])
        }
        let listed = trace(4, .remembered, "remembered", day: 8, ["_day_words": "repeat script"])
        #expect(FirstInference().infer(traces: [before, listed], links: [links[0], link(4)], patients: [], window: window).isEmpty)
        var invoice = trace(5, .ledger, "invoice", day: 4, [:])
        invoice.provider = "RS"
        #expect(FirstInference().infer(traces: [before, listed, invoice], links: [links[0], link(4), link(5)], patients: [], window: window)
            .map(\.date) == [window.to])
        // A caller naming only a day outside the window was seen then: no candidate of its own.
        let outside = trace(6, .callbacks, "callback", day: 8, ["_day_seen": "Mon 31/3"])
        #expect(FirstInference().infer(traces: [outside], links: [link(6)], patients: [], window: window).isEmpty)
    }

    @Test("a referral sent the next morning joins the visit the day before; a request names the day it asks for")
    func lateAndAhead() {
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        var referral = trace(2, .healthlink, "referral", day: 4, ["_specialty": "Orthopaedics"])
        referral.time = TraceTime(date: LocalDate(year: 2025, month: 4, day: 4)!, time: LocalTime(hour: 8, minute: 40)!, clock: clock)
        let said = trace(1, .callbacks, "callback", day: 8, ["_day_seen": "Thursday"])
        let links = [Link(traceID: 1, patientID: "P1", rule: "t", weight: 0.95), Link(traceID: 2, patientID: "P1", rule: "t", weight: 0.95)]
        let joined = FirstInference().infer(traces: [said, referral], links: links, patients: [], window: window)
        #expect(joined.map(\.date) == [window.from])
        #expect(joined.first?.reason.contains("sent after the visit") == true)
        // Sent in the afternoon, it stands on its own day.
        referral.time = TraceTime(date: LocalDate(year: 2025, month: 4, day: 4)!, time: LocalTime(hour: 15, minute: 0)!, clock: clock)
        #expect(FirstInference().infer(traces: [referral], links: [links[1]], patients: [], window: window).map(\.date) == [window.to])
        // "Could I come in on Friday?" sent on Tuesday 1 April points to Friday, not to the window's first day.
        var request = trace(3, .portal, "appointment-request", day: 3, ["_body": "Could I please come in on Friday about my knee?"])
        request.time = TraceTime(date: LocalDate(year: 2025, month: 4, day: 2)!, time: LocalTime(hour: 20, minute: 0)!, clock: clock)
        #expect(TraceMeaning.of(request, window: window)?.dates == [window.to])
        request.payload["_body"] = "Could I please be seen tomorrow?"
        #expect(TraceMeaning.of(request, window: window)?.dates == [window.from])
    }

    @Test("an abnormal result alone lists the open days before its collection too; two sources naming another day are a second visit")
    func abnormalAloneAndSecondVisit() {
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 5)!)
        let abnormal = trace(1, .lab, "result", day: 5, ["_ordered_by_practice": "yes", "_abnormal": "critical"])
        let link = Link(traceID: 1, patientID: "P1", rule: "t", weight: 0.95)
        let days = FirstInference().infer(traces: [abnormal], links: [link], patients: [], window: window)
        #expect(days.map(\.date) == window.dates)
        #expect(days.last!.confidence > days.first!.confidence)   // collected on the day is likeliest
        var normal = abnormal
        normal.payload["_abnormal"] = ""
        #expect(FirstInference().infer(traces: [normal], links: [link], patients: [], window: window).map(\.date) == [window.to])
        // A booking on Thursday, and a caller and the GP's list both saying Saturday: two visits.
        let traces = [trace(2, .appointments, "booking", day: 3, ["_status": "completed"]),
                      trace(3, .callbacks, "callback", day: 8, ["_day_seen": "Saturday"]),
                      trace(4, .remembered, "remembered", day: 8, ["_day_words": "Sat"])]
        let links = traces.map { Link(traceID: $0.id!, patientID: "P1", rule: "t", weight: 0.95) }
        #expect(FirstInference().infer(traces: traces, links: links, patients: [], window: window).map(\.date) == [window.from, window.to])
        // One caller saying Saturday alone follows the booking.
        #expect(FirstInference().infer(traces: Array(traces.prefix(2)), links: Array(links.prefix(2)), patients: [], window: window)
            .map(\.date) == [window.from])
    }

    @Test("a word's title form (and a name cell's word, trimmed of symbols too) without Foundation where it starts and ends with a letter or digit: as lowercasing then trimming gives it, for every word of up to three of a mixed alphabet")
    func titleFormAsFoundation() {
        let alphabet = ["M", "r", "s", "1", ".", ",", "'", "(", ")", "-", "$", "+", "ā", "Ō", "\u{0304}", "_", "!", "¿"]
        var words: [String] = [], layer: [String] = [""]
        for _ in 1...3 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            words += layer
        }
        var wrong: [String] = []
        for word in words + ["Mr.", "MRS", "Dr", "(Miss)", "Prof,"] {
            let sub = Substring(word)
            if IdentityReading.titleForm(sub) != sub.lowercased().trimmingCharacters(in: .punctuationCharacters) { wrong.append(word) }
            let withSymbols = CharacterSet.punctuationCharacters.union(.symbols)
            if word.loweredTrimming(withSymbols) != word.lowercased().trimmingCharacters(in: withSymbols) { wrong.append("symbols \(word)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(IdentityReading.dropTitles("Mrs. Mere Te Whata") == "Mere Te Whata")
        #expect(IdentityReading.dropTitles("Jane (MISS) Tipene") == "Jane Tipene")
        #expect(IdentityReading.dropTitles("\tJane Tipene") == "Jane Tipene")
        // The punctuation a title is trimmed of, read from its bytes, is Foundation's.
        let punctuation = (0..<128).filter { IdentityReading.asciiPunctuation[$0] != CharacterSet.punctuationCharacters.contains(Unicode.Scalar(UInt8($0))) }
        #expect(punctuation.isEmpty, "\(punctuation)")
    }

    @Test("titles dropped from a name from its bytes as word by word: every text of up to three of titles, names with macrons and accents inside or at an end, punctuation beyond ASCII, marks and spaces")
    func titlesDroppedByBytes() {
        /// The titles dropped word by word (the reference the bytes are read against).
        func wordByWord(_ text: String) -> String {
            text.split(separator: " ").filter { !IdentityReading.titles.contains(IdentityReading.titleForm($0)) }.joined(separator: " ").trimmingSpaces()
        }
        let pieces = ["Mere", "Whāta", "Zoë", "Ōtaki", "Mr", "MRS.", "“Dr”", "Mr’", "(Miss)", "Dr\u{0301}", "M\u{0301}r", "\u{212A}ate",
                      "Sir\u{00A0}", " ", "  ", "\t", "Āta", "Te", "Émile", "Ms×", "Ǆr"]
        var texts: [String] = [], layer = [""]
        for _ in 0..<3 {
            layer = layer.flatMap { prefix in pieces.map { prefix + $0 } }
            texts += layer
        }
        let wrong = texts.filter { IdentityReading.dropTitles($0) != wordByWord($0) }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { Array($0.unicodeScalars) })")
        #expect(IdentityReading.dropTitles("Mrs Whāta Tamati") == "Whāta Tamati")
        #expect(IdentityReading.dropTitles("“Dr” Zoë Campbell") == "Zoë Campbell")
        // Read from its bytes, not taken apart word by word: names with macrons and accents, a given name
        // after a comma; taken apart where a word begins or ends with what is not a letter.
        #expect(IdentityReading.withoutTitleWords("Rāwiri Ngata") == "Rāwiri Ngata")
        #expect(IdentityReading.withoutTitleWords(" Zoë") == "Zoë")
        #expect(IdentityReading.withoutTitleWords("Émile Zoë Renée") == "Émile Zoë Renée")
        #expect(IdentityReading.withoutTitleWords("“Dr” Zoë Campbell") == nil)
    }

    @Test("a name split at its comma and spaces from its bytes as by its characters: every name of up to four of words, commas, titles, particles, line ends and marks")
    func nameSplitByBytes() {
        /// The split as it was made before, by characters (kept here as the reference).
        func byCharacters(_ text: String?) -> (given: String?, family: String?) {
            guard let text = present(text) else { return (nil, nil) }
            func dropTitles(_ text: String) -> String {
                text.split(separator: " ").filter { !IdentityReading.titles.contains(IdentityReading.titleForm($0)) }.joined(separator: " ").trimmingSpaces()
            }
            if let comma = text.firstIndex(of: ",") {
                let family = text[..<comma].trimmingSpaces()
                let given = dropTitles(String(text[text.index(after: comma)...]))
                return (present(given), present(family))
            }
            let words = dropTitles(text).split(separator: " ").map(String.init)
            guard words.count > 1 else { return (nil, words.first) }
            var familyStart = words.count - 1
            while familyStart > 1, IdentityReading.particles.contains(words[familyStart - 1].lowercased()) { familyStart -= 1 }
            return (words[..<familyStart].joined(separator: " "), words[familyStart...].joined(separator: " "))
        }
        var texts: [String] = [], layer = [""]
        for _ in 0..<4 {
            layer = layer.flatMap { prefix in ["Mere", " ", ",", "Mr.", "te", "\r\n", "Whāta", ",\u{0301}", "  ", "\t", "(DR)", "Masters"].map { prefix + $0 } }
            texts += layer
        }
        var wrong: [String] = []
        for text in texts {
            let fast = IdentityReading.splitName(text), reference = byCharacters(text)
            if fast.given != reference.given || fast.family != reference.family { wrong.append(text) }
            if IdentityReading.spaceSeparated(text) != text.split(separator: " ") { wrong.append("words: \(text)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { Array($0.unicodeScalars) })")
        #expect(IdentityReading.splitName("TIPENE, Mrs Aroha") == ("Aroha", "TIPENE"))
    }
}
