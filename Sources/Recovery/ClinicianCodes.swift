import Importing
import LacunaCore

/// The codes sources use for the practice's clinicians, learnt across the whole case: a lab that
/// sends `12345^DE VRIES^PIETER` in one file and a bare `12345` in another names the same GP, so the
/// second file's results were ordered here too. Names become codes the same way, whichever source
/// wrote them.
enum ClinicianCodes {
    /// Traces whose ordering or referring clinician's code the case has learnt get that clinician.
    static func resolve(_ traces: inout [Trace], providers: [Provider]) {
        var clinicians = Clinicians(providers)
        // Each trace's clinician id, looked up once for both passes.
        let ids = traces.map { $0.payload["_provider_id"] }
        for (trace, id) in zip(traces, ids) {
            guard let id else { continue }
            clinicians.learn(id: id, family: trace.payload["_provider_family"] ?? "", given: trace.payload["_provider_given"] ?? "")
        }
        // A case names few clinicians, in many records: each name read once.
        var codeOfName: [String: String?] = [:]
        for i in traces.indices {
            // A clinician written by name (the register's "Dr Xiaoming Zhou", the book's "Zhou, X"): their code,
            // so the register's usual GP, the book's and a GP's list speak of the same person.
            if let name = traces[i].provider {
                let code: String?
                if let known = codeOfName[name] {
                    code = known
                } else {
                    code = clinicians.isPractice(name) ? nil : clinicians.code(named: name)
                    codeOfName[name] = .some(code)
                }
                // Most already are their code: a trace is changed (its fields copied where shared) only where it is not.
                if let code, code != name { traces[i].provider = code }
            }
            guard let id = ids[i], !clinicians.isPractice(traces[i].provider),
                  let code = clinicians.code(forID: id) else { continue }
            if traces[i].provider != code { traces[i].provider = code }
            if traces[i].recordType == "result" { traces[i].payload["_ordered_by_practice"] = "yes" }
        }
    }

    /// Clinicians that records name (three times or more) who are not in the playbook's `providers:`,
    /// said once each with the provider they most likely are. Only what looks like a clinician's code
    /// (`WS`, `NP1`) or a titled name (`Dr Wiliam Stewart`) is quoted: a provider column can hold anything,
    /// and a message never carries a patient's details.
    static func unknown(_ traces: [Trace], providers: [Provider]) -> [String] {
        guard !providers.isEmpty else { return [] }
        let clinicians = Clinicians(providers)
        var counts: [String: (records: Int, kinds: Set<String>)] = [:]
        for trace in traces {
            guard let name = trace.provider?.trimmingSpaces(), !name.isEmpty, !clinicians.isPractice(name) else { continue }
            counts[name, default: (0, [])].records += 1
            counts[name, default: (0, [])].kinds.insert(trace.kind.rawValue)
        }
        var said: [String] = []
        for (name, seen) in counts.sorted(by: { $0.key < $1.key }) where seen.records >= 3 && quotable(name) {
            let kinds = seen.kinds.sorted().joined(separator: ", ")
            let guess = likely(name, among: providers).map { " If it is \($0.code) (\($0.name)), add \"\(name)\" to their `aliases:`; otherwise add it to `providers:`." }
                ?? " Add it to `providers:` (or to a clinician's `aliases:`) so its records go on the right worksheets."
            said.append("\(seen.records) records (\(kinds)) name the clinician \"\(name)\", who is not in the playbook's `providers:`.\(guess)")
        }
        return said
    }

    /// The titles that make a name a clinician's (not a patient's "Mr" or "Ms").
    static let clinicianTitles: Set<String> = ["dr", "dr.", "doctor", "nurse", "np", "rn"]

    /// A code (two to five capitals and digits) or a name with a clinician's title, of clinician length.
    static func quotable(_ name: String) -> Bool {
        let code = (2...5).contains(name.count) && name.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber }
        let words = name.split(separator: " ")
        let titled = clinicianTitles.contains(words.first?.lowercased() ?? "") && (2...5).contains(words.count)
            && name.count <= 40 && name.allSatisfy { $0.isLetter || $0 == " " || $0 == "." || $0 == "-" || $0 == "'" }
        return code || titled
    }

    /// The provider a name most likely is: the same family name spelt within two letters, or a code one
    /// letter from theirs or made of their initials.
    static func likely(_ name: String, among providers: [Provider]) -> Provider? {
        let words = name.lowercased().split(separator: " ").map(String.init).filter { !clinicianTitles.contains($0) }
        if words.count >= 1, name.contains(" ") || name.count > 5 {
            let family = words.last ?? ""
            return providers.min { editDistance(lastWord($0.name), family) < editDistance(lastWord($1.name), family) }
                .flatMap { editDistance(lastWord($0.name), family) <= 2 ? $0 : nil }
        }
        let code = name.uppercased()
        return providers.first { initials($0.name) == code } ?? providers.first { editDistance($0.code.uppercased(), code) <= 1 && $0.code.count > 1 }
    }

    static func lastWord(_ name: String) -> String { name.lowercased().split(separator: " ").last.map(String.init) ?? "" }

    static func initials(_ name: String) -> String {
        name.split(separator: " ").filter { !clinicianTitles.contains($0.lowercased()) }.compactMap(\.first).map { String($0).uppercased() }.joined()
    }
}
