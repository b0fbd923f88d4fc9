import LacunaCore

/// The sex a given name almost always goes with, learnt from the case's own records (the register
/// where it has sex, the labs' PID-8, the portal): where the register lacks a sex column, "Mr R Morrison"
/// on a GP's list still cannot be Rebecca. A name seen too seldom, or given to both, says nothing.
struct GivenNameSex {
    private var counts: [String: (female: Int, male: Int)] = [:]
    /// Observations a name needs before it says anything.
    static let enough = 2
    /// The share one sex must have.
    static let decisive = 0.9

    init(traces: [Trace]) {
        for trace in traces {
            guard let sex = trace.identity.sex, sex == "F" || sex == "M",
                  let first = NameFolding.words(trace.identity.givenName ?? "").first else { continue }
            var count = counts[first] ?? (0, 0)
            if sex == "F" { count.female += 1 } else { count.male += 1 }
            counts[first] = count
        }
    }

    /// `F`, `M` or nil for a given name.
    func sex(of givenName: String?) -> String? {
        guard let first = NameFolding.words(givenName ?? "").first, let count = counts[first] else { return nil }
        let total = count.female + count.male
        guard total >= Self.enough else { return nil }
        if Double(count.female) / Double(total) >= Self.decisive { return "F" }
        if Double(count.male) / Double(total) >= Self.decisive { return "M" }
        return nil
    }
}
