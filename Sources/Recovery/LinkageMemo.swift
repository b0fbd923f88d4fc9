import Foundation
import LacunaCore
import Linkage

/// What the last linking run found, kept in the case with the fingerprint of what it was made from:
/// the linker's patients, links and unmatched traces, and every score and explanation the review took
/// from the model. A run made from the same (the same program, traces, window, GPs and country: a
/// call outcome or a review decision typed since, the next day's run, an option of the outputs
/// changed) takes them back rather than training and linking again, which is most of such a run.
/// Linking is a function of those inputs alone, so what is taken back is what linking would give. A
/// new file adds traces, so the fingerprint changes and everything is linked again: the model is
/// trained on the whole case, and every link's weight moves with it.
struct LinkageMemo {
    var patients: [Patient]
    var links: [Link]
    var unmatched: [(traceID: Int64, reason: String)]
    /// The review's questions and the model's answers, in the order the review asked them.
    var probabilities: [(pair: Pair, answer: Double?)]
    var explanations: [(pair: Pair, answer: LinkExplanation?)]

    /// A link's two ends, for the scores.
    struct Pair: Hashable {
        var trace: Int64
        var patient: String
    }

    /// The first bytes of a memo; a memo written another way is not read back (the case links again).
    /// 2: a link's patient as their place among the memo's patients, its rule (and an unmatched trace's
    /// reason) as the number of a text written once (`MemoTexts`): of a 10,000-patient case's 3.1 MB of
    /// memo, 1.3 MB were the same few dozen rules written out for every link, rewritten to the case
    /// (and read back from its log) by every run that linked again.
    static let format = "lacuna linkage memo 2"

    /// Everything linking reads: the program, the linker, the traces (each by its case id, file, kind,
    /// GP and content key: a trace's row never changes once stored), the window, the GPs, the country.
    static func fingerprint(traces: [Trace], window: Window, providers: [Provider], callingCode: String,
                            linker: any PatientLinker) -> String {
        var print = Fingerprint()
        print.text(format + "\n" + RunInputs.program + "\n")
        print.text("linker \(String(reflecting: type(of: linker)))\nwindow \(String(reflecting: window))\n")
        print.text("providers \(String(reflecting: providers))\ncountry \(callingCode)\n")
        // Each trace's fields taken as they lie (gathered into bytes for SHA-256 they cost eight times as much).
        print.count(traces.count)
        for trace in traces {
            print.integer(trace.id ?? -1)
            print.text(trace.kind.rawValue)
            print.optional(trace.provider) { $0.text($1) }
            print.text(trace.contentKey)
            print.text(trace.file)
        }
        return print.hex()
    }

    /// The linker's result and the answers `recorded` gave the review.
    init(linkage: LinkageResult, recorded: RecordedEvidence) {
        patients = linkage.patients
        links = linkage.links
        unmatched = linkage.unmatched
        probabilities = recorded.probabilities
        explanations = recorded.explanations
    }

    var linkage: LinkageResult { LinkageResult(patients: patients, links: links, unmatched: unmatched) }

    /// As bytes for the case. A patient whose identity is its source trace's (every register patient,
    /// and a patient made from one trace) is kept as that trace's id; one merged from several traces
    /// keeps its identity in full.
    func encoded(traces byID: TracesByID) -> [UInt8] {
        var out = ByteRunWriter()
        out.text(Self.format)
        out.count(patients.count)
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        for patient in patients {
            out.text(patient.id)
            out.text(patient.origin.rawValue)
            out.optional(patient.usualProvider) { $0.text($1) }
            out.optional(patient.sourceTraceID) { $0.integer($1) }
            let fromTrace = patient.sourceTraceID.flatMap { byID[$0] }?.identity == patient.identity
            out.flag(fromTrace)
            if !fromTrace { out.text(String(decoding: (try? json.encode(patient.identity)) ?? Data(), as: UTF8.self)) }
        }
        let named = PatientPlaces(patients)
        var texts = MemoTexts.Writer()
        out.count(links.count)
        for link in links {
            out.integer(link.traceID)
            named.write(link.patientID, into: &out)
            texts.write(link.rule, into: &out)
            out.decimal(link.weight)
        }
        out.count(unmatched.count)
        for item in unmatched {
            out.integer(item.traceID)
            texts.write(item.reason, into: &out)
        }
        out.count(probabilities.count)
        for (pair, answer) in probabilities {
            out.integer(pair.trace)
            named.write(pair.patient, into: &out)
            out.optional(answer) { $0.decimal($1) }
        }
        out.count(explanations.count)
        for (pair, answer) in explanations {
            out.integer(pair.trace)
            named.write(pair.patient, into: &out)
            out.optional(answer) { out, why in
                out.decimal(why.probability)
                out.text(why.text)
                out.text(why.html)
            }
        }
        return out.bytes
    }

    /// Reads a memo back; throws where it is of another format, damaged, or names a trace the case
    /// does not hold.
    init(decoding bytes: [UInt8], traces byID: TracesByID) throws {
        var input = ByteRunReader(bytes)
        guard try input.text() == Self.format else { throw ByteRunError(offset: 0) }
        let json = JSONDecoder()
        patients = []
        for _ in 0..<(try input.count()) {
            let id = try input.text()
            guard let origin = Patient.Origin(rawValue: try input.text()) else { throw ByteRunError(offset: input.offset) }
            let provider = try input.optional { try $0.text() }
            let source = try input.optional { try $0.integer() }
            let identity: Identity
            if try input.flag() {
                guard let trace = source.flatMap({ byID[$0] }) else { throw ByteRunError(offset: input.offset) }
                identity = trace.identity
            } else {
                identity = try json.decode(Identity.self, from: Data(try input.text().utf8))
            }
            patients.append(Patient(id: id, origin: origin, identity: identity, usualProvider: provider, sourceTraceID: source))
        }
        let ids = patients.map(\.id)
        func patientID() throws(ByteRunError) -> String { try PatientPlaces.read(from: &input, ids: ids) }
        var texts = MemoTexts.Reader()
        links = []
        let linkCount = try input.count()
        links.reserveCapacity(linkCount)
        for _ in 0..<linkCount {
            links.append(Link(traceID: try input.integer(), patientID: try patientID(), rule: try texts.read(from: &input),
                              weight: try input.decimal()))
        }
        unmatched = []
        for _ in 0..<(try input.count()) { unmatched.append((try input.integer(), try texts.read(from: &input))) }
        probabilities = []
        for _ in 0..<(try input.count()) {
            let pair = Pair(trace: try input.integer(), patient: try patientID())
            probabilities.append((pair, try input.optional { try $0.decimal() }))
        }
        explanations = []
        for _ in 0..<(try input.count()) {
            let pair = Pair(trace: try input.integer(), patient: try patientID())
            explanations.append((pair, try input.optional { input in
                LinkExplanation(probability: try input.decimal(), text: try input.text(), html: try input.text())
            }))
        }
        guard input.atEnd else { throw ByteRunError(offset: input.offset) }
    }
}

/// The review's answers as the memo kept them. A question the last run did not ask (a decision typed
/// since on a link it did not explain) has no kept answer: `missed` says so, and the run links again.
final class KeptEvidence: LinkEvidence {
    private let probabilities: [LinkageMemo.Pair: Double?]
    private let explanations: [LinkageMemo.Pair: LinkExplanation?]
    private(set) var missed = false

    init(_ memo: LinkageMemo) {
        probabilities = Dictionary(memo.probabilities.map { ($0.pair, $0.answer) }, uniquingKeysWith: { a, _ in a })
        explanations = Dictionary(memo.explanations.map { ($0.pair, $0.answer) }, uniquingKeysWith: { a, _ in a })
    }

    func probability(trace: Int64, patient: String) -> Double? {
        guard let kept = probabilities[LinkageMemo.Pair(trace: trace, patient: patient)] else {
            missed = true
            return nil
        }
        return kept
    }

    func explanation(trace: Int64, patient: String) -> LinkExplanation? {
        guard let kept = explanations[LinkageMemo.Pair(trace: trace, patient: patient)] else {
            missed = true
            return nil
        }
        return kept
    }
}
