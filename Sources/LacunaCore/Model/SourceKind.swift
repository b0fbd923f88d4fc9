/// The kinds of source a playbook names (CONTRACT: playbook `sources[].kind`).
public enum SourceKind: String, CaseIterable, Sendable, Codable, Comparable {
    case register, appointments, ledger, bank, eftpos, lab, healthlink, portal
    case searchIndex = "search-index"
    case dbRemnant = "db-remnant"
    case remembered, callbacks

    public static func < (l: SourceKind, r: SourceKind) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}
