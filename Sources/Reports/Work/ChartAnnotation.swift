import Foundation
import HL7
public import LacunaCore

/// A chart annotation for one patient-encounter (DOMAIN §6): an HL7 v2.4 message for the practice
/// system's inbox folder that carries the encounter date as data, is dated today, and says that it is
/// a retrospective entry after data loss and which sources it rests on.
public struct ChartAnnotation: Sendable {
    public var encounter: Encounter
    public var patient: Patient?
    /// The file name inside `annotations/`.
    public var fileName: String
    /// MSH-10: stable for the same note, so a system that refuses repeated control ids refuses a repeat.
    public var controlID: String
    /// The note, one line per OBX.
    public var lines: [String]
    /// The message, segments ended by carriage returns.
    public var message: String

    /// The practice-local timestamp HL7 wants: `20261121093000+1300`.
    static func timestamp(_ instant: Date, clock: PracticeClock) -> String {
        let local = clock.local(instant)
        let seconds = clock.offset(at: instant)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return date(local.date) + local.time.hour.zeroPadded(2) + local.time.minute.zeroPadded(2) + local.time.second.zeroPadded(2)
            + sign + (minutes / 60).zeroPadded(2) + (minutes % 60).zeroPadded(2)
    }

    static func date(_ d: LocalDate) -> String { d.basicForm }

    /// `code^Family^Given^^^Dr` from a provider code and the playbook's name for it.
    static func clinician(_ code: String?, name: String) -> String {
        guard let code, !code.isEmpty else { return "" }
        var words = name.split(byte: 0x20).map(String.init)
        var prefix = ""
        if let first = words.first, ["dr", "dr.", "rn", "np", "nurse", "mr", "mrs", "ms", "prof"].contains(first.lowercased()), words.count > 1 {
            prefix = first
            words.removeFirst()
        }
        guard words.count > 1 || name != code else { return HL7Writing.escape(code) }
        let family = words.last ?? "", given = words.dropLast().joined(separator: " ")
        var components = [code, family, given, "", "", prefix].map(HL7Writing.escape)
        while components.last?.isEmpty == true { components.removeLast() }   // no trailing separators
        return components.joined(separator: "^")
    }

    /// The longest OBX-5 line: hl7apy's strict v2.4 check holds OBX-5 to 199 characters, and some
    /// practice systems cut longer values, so a long line continues in the next OBX.
    static let lineWidth = 180

    /// A line broken at spaces into pieces of at most `width` characters (after escaping); a piece
    /// that continues a line starts with two spaces.
    static func wrap(_ line: String, width: Int) -> [String] {
        wrapByBytes(line, width: width) ?? wrapByWords(line, width: width)
    }

    /// `wrap` of a line whose every space is a character of its own (`spacesStandAlone`, as `words` takes
    /// it apart by its bytes): the words found as ranges of its bytes, each piece made once from the bytes it spans (its
    /// words and the single spaces between them) rather than word by word. Nil for any other line.
    static func wrapByBytes(_ line: String, width: Int) -> [String]? {
        return line.withUTF8Bytes { bytes -> [String]? in
            guard spacesStandAlone(bytes) else { return nil }
            func escapedCount(_ word: Range<Int>) -> Int {
                HL7Writing.printableEscapedCount(bytes[word])
                    ?? HL7Writing.escapedCount(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[word]), as: UTF8.self)))
            }
            var pieces: [String] = []
            // The current piece: its words' bytes (nil while it has none: leading empty words are
            // dropped, as joining them to nothing drops them), whether it continues a line.
            var span: Range<Int>?, indented = false, spanWidth = 0
            func finish() {
                let text = span.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } ?? ""
                pieces.append(indented ? "  " + text : text)
            }
            var start = 0
            while start <= bytes.count {
                var stop = start
                while stop < bytes.count && bytes[stop] != 0x20 { stop += 1 }
                let wordWidth = escapedCount(start..<stop)
                if let current = span {
                    if spanWidth + 1 + wordWidth > width {
                        finish()
                        span = start..<stop
                        indented = true
                        spanWidth = 2 + wordWidth
                    } else {
                        span = current.lowerBound..<stop
                        spanWidth += 1 + wordWidth
                    }
                } else if stop > start {
                    span = start..<stop
                    spanWidth = wordWidth
                }
                start = stop + 1
            }
            finish()
            return pieces
        }
    }

    /// `wrap` word by word, for any line.
    static func wrapByWords(_ line: String, width: Int) -> [String] {
        // Escaping maps each character on its own (a space stays a space), so a piece's escaped length
        // is the sum of its words' and the spaces between: counted once a word, not once a piece.
        var pieces: [String] = []
        var current = "", currentWidth = 0
        for word in words(line) {
            let wordWidth = HL7Writing.escapedCount(word)
            if current.isEmpty {
                current = String(word)
                currentWidth = wordWidth
            } else if currentWidth + 1 + wordWidth > width {
                pieces.append(current)
                current = "  " + word
                currentWidth = 2 + wordWidth
            } else {
                current += " " + word
                currentWidth += 1 + wordWidth
            }
        }
        pieces.append(current)
        return pieces
    }

    /// The line's words, split at every space as `split(separator: " ")` splits it (empty words kept).
    /// Taken apart by its bytes where each space is a character of its own (`spacesStandAlone`), as in
    /// nearly every line; by its characters otherwise (a space a combining mark rides on is not one).
    static func words(_ line: String) -> [Substring] {
        guard spacesStandAlone(line.utf8) else { return line.split(separator: " ", omittingEmptySubsequences: false) }
        return line.utf8.split(separator: 0x20, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// Whether every space of a line's bytes is a character of its own: none follows a character a space
    /// joins (Unicode's Prepend characters, all at U+0600 and above; a space after any scalar below that
    /// begins a character), and none is followed by what would ride on it (a combining mark, a joiner:
    /// none below U+0300). A macron vowel beside a space (`Pākehā and`) keeps the line on
    /// its bytes; anything rarer is taken apart by characters.
    static func spacesStandAlone(_ bytes: some Sequence<UInt8>) -> Bool {
        var lead: UInt8 = 0        // the first byte of the last scalar begun
        var previous: UInt8 = 0, afterSpace = false
        for byte in bytes {
            if afterSpace && byte >= 0x80 && !(0xC2...0xCB).contains(byte) { return false }     // U+0080 to U+02FF only
            if byte == 0x20 && previous >= 0x80 && !(0xC2...0xD7).contains(lead) { return false }   // U+0080 to U+05FF only
            if byte < 0x80 || byte >= 0xC0 { lead = byte }
            afterSpace = byte == 0x20
            previous = byte
        }
        return true
    }

    /// A view's first lines of its notes: `dated` with the day the entries are made, `undated` without
    /// it (what a note's control id is made from). The same for every note of a run.
    public struct Openings: Sendable {
        public let dated: String
        public let undated: String

        public init(_ view: CaseView, options: WorkOptions) {
            dated = ChartAnnotation.opening(view, madeOn: options.today)
            undated = ChartAnnotation.opening(view, madeOn: nil)
        }
    }

    /// The first line of the note (what a GP opening the chart reads; the `record` follows it): when and
    /// why the entry is made. `madeOn` is the day the entry is made (nil
    /// leaves it out: the note's identity, which must not change from one day's run to the next).
    static func opening(_ view: CaseView, madeOn: LocalDate?) -> String {
        "Retrospective entry made\(madeOn.map { " " + DateWords.day($0) } ?? "") after loss of data for \(DateWords.window(view.window)) (the practice system's records of those days were lost)."
    }

    /// The note after its first line: the consultation, its sources, what was lost, what is to come.
    static func record(_ view: CaseView, encounter: Encounter, lost: [InboxItem]) -> [String] {
        let provider = view.responsibleProvider(for: encounter)
        let sure: String
        switch encounter.tier {
        case .confirmed: sure = "confirmed by the records below"
        case .probable: sure = "probable from the records below"
        case .possible: sure = "possible only: the records below suggest it"
        }
        // Once a call reached the patient (or a proxy) and they did not say they were not seen, the
        // note carries the caller's summary in place of "not yet confirmed".
        let call = view.callOutcomes[encounter.candidateID]
        let confirmed = call.map { c in
            (c.kind == .reached || c.kind == .proxy) && !CallOutcome.words(c.seenOn).hasPrefix("not") && !CallOutcome.words(c.closed).contains("not seen")
        } ?? false
        let confirmation = confirmed
            ? "Confirmed with \(call?.kind == .proxy ? "the patient's proxy" : "the patient") by telephone."
            : "Not yet confirmed with the patient."
        var lines = [
            "Reconstructed consultation on \(DateWords.day(encounter.date)) with \(view.providerName(provider)): \(sure) (\((encounter.confidence * 100).fixedDecimals(0) + "%")). \(confirmation)",
            "Sources:",
        ]
        for evidence in encounter.evidence {
            // In words, with where it came from (the file and line; the byte offset stays in candidates.csv).
            let place = view.traces[evidence.traceID].map(EvidenceWords.place) ?? EvidenceWords.sourceName(evidence.kind)
            lines.append("- \(EvidenceWords.what(evidence.summary, view: view)) (\(place))")
        }
        if !lost.isEmpty {
            let flagged = lost.filter { $0.abnormal != nil }.count
            lines.append("\(lost.count) result(s) or letter(s) for this patient arrived during the lost days and were lost with them"
                         + (flagged > 0 ? " (\(flagged) flagged abnormal)" : "") + "; they are on the recall worklist to be filed and reviewed.")
        }
        if confirmed, let call {
            if !call.summary.isEmpty { lines.append("Call summary: \(call.summary)") }
            if !call.followUps.isEmpty { lines.append("Follow-ups: \(call.followUps)") }
            lines.append("Entry prepared by Lacuna for \(view.practiceName) from the call record.")
        } else {
            lines.append("Details of the consultation to be added when the patient has been contacted. Entry prepared by Lacuna for \(view.practiceName).")
        }
        return lines
    }

    /// The file name of an encounter's note inside `annotations/`.
    static func fileName(of encounter: Encounter) -> String { "\(encounter.date)-\(encounter.candidateID).hl7" }

    /// When a note Lacuna wrote says it was made (its MSH-7, `20261121093000+1300`), read from the start
    /// of `data`; nil for anything else.
    /// Read from the bytes where they lie, field by field (`Data`'s slices split into fields cost some
    /// 57,000 instructions a note, every note of every run).
    static func madeAt(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let end = bytes.prefix(512).firstIndex(of: 0x0D) else { return nil }
            var field = 0, start = 0
            for i in 0...end where i == end || bytes[i] == 0x7C {
                let value = UnsafeBufferPointer(rebasing: bytes[start..<i])
                switch field {
                case 0: guard value.elementsEqual("MSH".utf8) else { return nil }
                case 2: guard value.elementsEqual("LACUNA".utf8) else { return nil }
                case 6:
                    guard value.count == 19, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 || $0 == 0x2B || $0 == 0x2D }) else { return nil }
                    return String(decoding: value, as: UTF8.self)
                default: break
                }
                field += 1
                start = i + 1
            }
            return nil
        }
    }

    /// Everything a note says but when it was made, gathered from the view, the encounter and the
    /// options: the note is written from these alone (`init(_:madeAt:)`), so two runs whose inputs are
    /// the same (`key`) write the same note, made at the same time.
    public struct Inputs: Sendable {
        public let encounter: Encounter
        public let patient: Patient?
        let dated: String
        let undated: String
        let record: [String]
        let type: WorkOptions.AnnotationType
        let practiceCode: String
        let receivingApplication: String
        /// The responsible clinician as XCN (`clinician`).
        let gp: String

        /// `lost` is the patient's lost inbox items (`CaseView.inboxByPatient`), counted in the note.
        /// `openings` are the view's (`Openings(view, options:)`), made once for all its notes; nil makes them.
        public init(_ view: CaseView, encounter: Encounter, lost: [InboxItem], options: WorkOptions, openings: Openings? = nil) {
            self.encounter = encounter
            patient = view.patients[encounter.patientID]
            let openings = openings ?? Openings(view, options: options)
            dated = openings.dated
            undated = openings.undated
            record = ChartAnnotation.record(view, encounter: encounter, lost: lost)
            type = options.annotationType
            practiceCode = view.practiceCode
            receivingApplication = options.receivingApplication
            let provider = view.responsibleProvider(for: encounter)
            gp = ChartAnnotation.clinician(provider, name: view.providerName(provider))
        }

        /// A fingerprint of every input the note is written from (`init(_:madeAt:)` reads nothing else),
        /// each text after its length and each value there or not: the same for the same note.
        public var key: String {
            var print = Fingerprint()
            print.text(dated)
            print.text(undated)
            print.count(record.count)
            for line in record { print.text(line) }
            print.text(type.rawValue)
            print.text(practiceCode)
            print.text(receivingApplication)
            print.text(gp)
            print.text(encounter.candidateID)
            print.text(encounter.patientID)
            print.integer(Int64(encounter.date.dayNumber))
            let identity = patient?.identity ?? Identity()
            for text in [identity.nhi, identity.localPatientID, identity.familyName, identity.givenName, identity.sex] {
                print.optional(text) { $0.text($1) }
            }
            print.optional(identity.dob) { $0.integer(Int64($1.dayNumber)) }
            return print.hex()
        }
    }

    /// `lost` is the patient's lost inbox items (`CaseView.inboxByPatient`), counted in the note.
    /// `madeAt` is the HL7 time the note says it was made (MSH-7 and the times beside it); nil: `options.now`.
    /// `openings` are the view's (`Openings(view, options:)`), made once for all its notes; nil makes them.
    public init(_ view: CaseView, encounter: Encounter, lost: [InboxItem], options: WorkOptions, madeAt: String? = nil, openings: Openings? = nil) {
        self.init(Inputs(view, encounter: encounter, lost: lost, options: options, openings: openings),
                  madeAt: madeAt ?? Self.timestamp(options.now, clock: options.clock))
    }

    /// The note of `inputs`, made at `madeAt` (an HL7 time, MSH-7 and the times beside it).
    public init(_ inputs: Inputs, madeAt now: String) {
        let encounter = inputs.encounter
        self.encounter = encounter
        patient = inputs.patient
        lines = ([inputs.dated] + inputs.record).flatMap { Self.wrap($0, width: Self.lineWidth) }
        let type = inputs.type
        // The same encounter and note give the same id whatever day the run is made.
        let noteIdentity = ([inputs.undated] + inputs.record).joined(separator: "\n")
        controlID = "LAC" + SHA256.hex(type.rawValue + "|" + encounter.candidateID + "|" + noteIdentity).prefix(17).uppercased()
        fileName = Self.fileName(of: encounter)

        let e = HL7Writing.escape
        let identity = patient?.identity ?? Identity()
        let practice = e(inputs.practiceCode)
        let gp = inputs.gp
        let messageType = type == .oru ? "ORU^R01^ORU_R01" : "MDM^T02^MDM_T02"

        var identifiers: [String] = []
        if let nhi = identity.nhi { identifiers.append("\(e(nhi))^^^NZLMOH^NI") }
        if let local = identity.localPatientID { identifiers.append("\(e(local))^^^\(practice)^MR") }
        if identifiers.isEmpty { identifiers.append("\(e(encounter.patientID))^^^LACUNA^PI") }
        let sex: String
        switch identity.sex {
        case "F"?: sex = "F"
        case "M"?: sex = "M"
        case "X"?: sex = "O"
        default: sex = "U"
        }
        var segments = [
            HL7Writing.segment("MSH", fields: [1: "^~\\&", 2: "LACUNA", 3: practice, 4: e(inputs.receivingApplication), 5: practice,
                                              6: now, 8: messageType, 9: controlID, 10: "P", 11: "2.4", 14: "NE", 15: "NE",
                                              16: "NZL", 17: "UNICODE UTF-8"]),
        ]
        if type == .mdm { segments.append(HL7Writing.segment("EVN", fields: [1: "T02", 2: now])) }
        segments.append(HL7Writing.segment("PID", fields: [
            1: "1", 3: identifiers.joined(separator: "~"),
            5: "\(e(identity.familyName ?? ""))^\(e(identity.givenName ?? ""))^^^^^L", 7: identity.dob.map(Self.date) ?? "", 8: sex,
        ]))
        segments.append(HL7Writing.segment("PV1", fields: [1: "1", 2: "O", 7: gp]))
        let documentID = "\(encounter.candidateID)^LACUNA"
        switch type {
        case .oru:
            segments.append(HL7Writing.segment("OBR", fields: [
                1: "1", 3: documentID, 4: "DATALOSS^Reconstructed consultation^L", 7: Self.date(encounter.date),
                16: gp, 22: now, 25: "F",
            ]))
        case .mdm:
            segments.append(HL7Writing.segment("TXA", fields: [
                1: "1", 2: "CN", 3: "FT", 4: Self.date(encounter.date), 5: gp, 6: now, 12: documentID, 17: "DO", 19: "AV",
            ]))
        }
        for (offset, line) in lines.enumerated() {
            segments.append(HL7Writing.segment("OBX", fields: [
                1: String(offset + 1), 2: "FT", 3: "NOTE^Retrospective note^L", 4: "1", 5: e(line), 11: "F",
                14: Self.date(encounter.date),
            ]))
        }
        message = segments.joined(separator: "\r") + "\r"
    }
}
