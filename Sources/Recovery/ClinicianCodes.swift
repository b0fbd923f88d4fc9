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
        for trace in traces {
            guard let id = trace.payload["_provider_id"] else { continue }
            clinicians.learn(id: id, family: trace.payload["_provider_family"] ?? "", given: trace.payload["_provider_given"] ?? "")
        }
        for i in traces.indices {
            // A clinician written by name (the register's "Dr Xiaoming Zhou", the book's "Zhou, X"): their code,
            // so the register's usual GP, the book's and a GP's list speak of the same person.
            if let name = traces[i].provider, !clinicians.isPractice(name), let code = clinicians.code(named: name) {
                traces[i].provider = code
            }
            guard let id = traces[i].payload["_provider_id"], !clinicians.isPractice(traces[i].provider),
                  let code = clinicians.code(forID: id) else { continue }
            traces[i].provider = code
            if traces[i].recordType == "result" { traces[i].payload["_ordered_by_practice"] = "yes" }
        }
    }
}
