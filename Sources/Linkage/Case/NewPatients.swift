import LacunaCore

/// People the restored register does not hold (enrolled during the window): the traces that identify
/// someone but fit no register patient, clustered by the engine without chaining. Each cluster is a
/// new patient with what its traces know of them.
enum NewPatients {
    /// Whether a trace says enough to found a new patient: an NHI, or a whole name with a date of birth.
    static func identifies(_ identity: Identity) -> Bool {
        identity.nhi != nil || (identity.familyName != nil && identity.givenName != nil && identity.dob != nil)
    }

    /// Whether a placeholder booking (made for someone not in the system yet) says enough to found a
    /// new patient: a whole name, or a name and a number to ring.
    static func placeholderIdentifies(_ identity: Identity) -> Bool {
        let named = identity.familyName != nil || identity.givenName != nil
        return identity.familyName != nil && identity.givenName != nil || named && (identity.mobile != nil || identity.phone != nil)
    }

    /// Clusters the traces, adds a patient per cluster to the index and returns each trace's link.
    static func cluster(_ traces: [Trace], into index: inout RegisterIndex) -> [Link] {
        let traces = traces.filter { $0.id != nil }
        guard !traces.isEmpty else { return [] }
        var table = PersonTable()
        for trace in traces { table.append(id: String(trace.id!), side: 0, PersonFields(identity: trace.identity)) }
        let clusters: [Int32]
        if traces.count > 1 {
            clusters = PersonLinkage(table: table, settings: .people, mode: .dedupe).clusters
        } else {
            clusters = [0]
        }
        var members: [Int32: [Int]] = [:]
        for (row, cluster) in clusters.enumerated() { members[cluster, default: []].append(row) }

        var links: [Link] = []
        for cluster in members.keys.sorted() {
            let rows = members[cluster]!
            let group = rows.map { traces[$0] }
            let identity = merged(group.map(\.identity))
            let id = identity.nhi.map { "NHI:\($0)" }
                ?? "NEW:" + SHA256.hex(group.map(\.contentKey).sorted().joined(separator: "|")).prefix(10)
            index.add(Patient(id: id, origin: .traces, identity: identity, usualProvider: group.compactMap(\.provider).first,
                              sourceTraceID: group[0].id))
            let rule = group.count == 1 ? "new patient (not in the register)"
                : "new patient (not in the register), \(group.count) traces clustered"
            for trace in group { links.append(Link(traceID: trace.id!, patientID: id, rule: rule, weight: 0.9)) }
        }
        return links
    }

    /// One identity from several: each field from the first trace that has it.
    static func merged(_ identities: [Identity]) -> Identity {
        var result = Identity()
        for i in identities {
            result.nhi = result.nhi ?? i.nhi
            result.familyName = result.familyName ?? i.familyName
            result.givenName = result.givenName ?? i.givenName
            result.preferredName = result.preferredName ?? i.preferredName
            result.dob = result.dob ?? i.dob
            result.sex = result.sex ?? i.sex
            result.mobile = result.mobile ?? i.mobile
            result.phone = result.phone ?? i.phone
            result.email = result.email ?? i.email
            result.address = result.address ?? i.address
            result.postcode = result.postcode ?? i.postcode
            result.portalID = result.portalID ?? i.portalID
        }
        return result
    }
}
