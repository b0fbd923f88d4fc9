import Foundation
import LacunaCore
import Inference

/// What the last run derived from its links (the encounters, triaged, with their evidence, and the
/// inbox items), kept in the case with the fingerprint of what it was derived from, and written in
/// the one transaction that writes the derived tables: while the memo stands, the tables hold what
/// it was derived with. A run made from the same (a call outcome typed since, the next day's run, an
/// option of the outputs changed) takes them back rather than inferring, finding the inbox and
/// comparing every derived row again. A new file, a review decision, other hours or another build
/// change the fingerprint, and everything is derived again.
struct DerivedMemo {
    var encounters: [Encounter]
    var inboxItems: [InboxItem]

    /// The first bytes of a memo; a memo written another way is not read back (the run derives again).
    static let format = "lacuna derived memo 1"

    /// Everything deriving reads besides the traces and the window (which `linkage`, the linkage memo's
    /// fingerprint, covers): the program, the people's decisions on links (the links deriving reads
    /// are the linker's with those decisions applied), and the inferrer with its settings (the
    /// practice's hours, written in order: a dictionary's own order differs from one process to the
    /// next). Nil for an inferrer whose settings it cannot write so (it derives every run).
    static func fingerprint(linkage: String, decisions: [String: String], inferrer: any EncounterInferrer) -> String? {
        guard let first = inferrer as? FirstInference else { return nil }
        var hash = SHA256()
        hash.update(format + "\n" + RunInputs.program + "\nlinkage " + linkage + "\n")
        var said = ByteRunWriter()
        said.text(String(reflecting: type(of: first)))
        said.optional(first.hours) { out, hours in
            out.count(hours.days.count)
            for (day, open) in hours.days.sorted(by: { $0.key < $1.key }) {
                out.integer(Int64(day))
                out.integer(Int64(open.lowerBound))
                out.integer(Int64(open.upperBound))
            }
            out.count(hours.closed.count)
            for date in hours.closed.sorted() { out.integer(Int64(date.dayNumber)) }
        }
        let keys = decisions.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        said.count(keys.count)
        for key in keys {
            said.text(key)
            said.text(decisions[key] ?? "")
        }
        hash.update(said.bytes)
        return hash.finalizeHex()
    }

    /// As bytes for the case, every value exactly (decimals by their bits, instants by theirs).
    var encoded: [UInt8] {
        var out = ByteRunWriter()
        out.text(Self.format)
        out.count(encounters.count)
        for encounter in encounters {
            out.text(encounter.candidateID)
            out.text(encounter.patientID)
            out.integer(Int64(encounter.date.dayNumber))
            out.optional(encounter.provider) { $0.text($1) }
            out.decimal(encounter.confidence)
            out.text(encounter.tier.rawValue)
            out.integer(Int64(encounter.priority.rawValue))
            out.count(encounter.evidence.count)
            for evidence in encounter.evidence {
                out.integer(evidence.traceID)
                out.text(evidence.kind.rawValue)
                out.text(evidence.summary)
                out.decimal(evidence.weight)
            }
            out.text(encounter.reason)
        }
        out.count(inboxItems.count)
        for item in inboxItems {
            out.text(item.itemID)
            out.optional(item.patientID) { $0.text($1) }
            Self.write(item.received, to: &out)
            out.text(item.source.rawValue)
            out.text(item.kind.rawValue)
            out.text(item.summary)
            out.optional(item.abnormal) { $0.text($1.rawValue) }
            out.optional(item.provider) { $0.text($1) }
            out.count(item.messageIDs.count)
            for id in item.messageIDs { out.text(id) }
            out.count(item.traceIDs.count)
            for id in item.traceIDs { out.integer(id) }
        }
        return out.bytes
    }

    init(encounters: [Encounter], inboxItems: [InboxItem]) {
        self.encounters = encounters
        self.inboxItems = inboxItems
    }

    /// Reads a memo back; throws where it is of another format or damaged.
    init(decoding bytes: [UInt8]) throws {
        var input = ByteRunReader(bytes)
        func bad() -> ByteRunError { ByteRunError(offset: input.offset) }
        guard try input.text() == Self.format else { throw ByteRunError(offset: 0) }
        encounters = []
        for _ in 0..<(try input.count()) {
            let candidateID = try input.text(), patientID = try input.text()
            let date = LocalDate(dayNumber: Int(try input.integer()))
            let provider = try input.optional { try $0.text() }
            let confidence = try input.decimal()
            guard let tier = Tier(rawValue: try input.text()), let priority = ClinicalPriority(rawValue: Int(try input.integer())) else { throw bad() }
            var evidence: [Evidence] = []
            for _ in 0..<(try input.count()) {
                let traceID = try input.integer()
                guard let kind = SourceKind(rawValue: try input.text()) else { throw bad() }
                evidence.append(Evidence(traceID: traceID, kind: kind, summary: try input.text(), weight: try input.decimal()))
            }
            encounters.append(Encounter(candidateID: candidateID, patientID: patientID, date: date, provider: provider,
                                        confidence: confidence, tier: tier, priority: priority, evidence: evidence,
                                        reason: try input.text()))
        }
        inboxItems = []
        for _ in 0..<(try input.count()) {
            let itemID = try input.text()
            let patientID = try input.optional { try $0.text() }
            let received = try Self.readTime(&input)
            guard let source = SourceKind(rawValue: try input.text()), let kind = InboxItem.Kind(rawValue: try input.text()) else { throw bad() }
            let summary = try input.text()
            let abnormal = try input.optional { input in
                guard let flag = InboxItem.Flag(rawValue: try input.text()) else { throw ByteRunError(offset: input.offset) }
                return flag
            }
            let provider = try input.optional { try $0.text() }
            var messageIDs: [String] = []
            for _ in 0..<(try input.count()) { messageIDs.append(try input.text()) }
            var traceIDs: [Int64] = []
            for _ in 0..<(try input.count()) { traceIDs.append(try input.integer()) }
            inboxItems.append(InboxItem(itemID: itemID, patientID: patientID, received: received, source: source, kind: kind,
                                        summary: summary, abnormal: abnormal, provider: provider, messageIDs: messageIDs,
                                        traceIDs: traceIDs))
        }
        guard input.atEnd else { throw bad() }
    }

    /// A time as it is held: its local date, wall time, instant (by its bits) and precision.
    private static func write(_ time: TraceTime, to out: inout ByteRunWriter) {
        out.integer(Int64(time.localDate.dayNumber))
        out.optional(time.localTime) { out, wall in
            out.count(wall.hour)
            out.count(wall.minute)
            out.count(wall.second)
        }
        out.optional(time.instant) { $0.decimal($1.timeIntervalSinceReferenceDate) }
        out.text(time.precision.rawValue)
    }

    private static func readTime(_ input: inout ByteRunReader) throws -> TraceTime {
        let date = LocalDate(dayNumber: Int(try input.integer()))
        var wall: LocalTime?
        if try input.flag() {
            guard let time = LocalTime(hour: try input.count(), minute: try input.count(), second: try input.count()) else {
                throw ByteRunError(offset: input.offset)
            }
            wall = time
        }
        let instant = try input.optional { Date(timeIntervalSinceReferenceDate: try $0.decimal()) }
        guard let precision = TraceTime.Precision(rawValue: try input.text()) else { throw ByteRunError(offset: input.offset) }
        return TraceTime(localDate: date, localTime: wall, instant: instant, precision: precision)
    }
}
