public import LacunaCore

/// One patient on a GP's evening call list: every candidate encounter of theirs, and their lost results.
public struct CallCard: Sendable {
    public var patientID: String
    public var patient: Patient?
    /// The clinician who calls: the one the evidence attributes the first encounter to, else the usual GP.
    public var provider: String?
    /// The candidate encounters, earliest first.
    public var encounters: [Encounter]
    /// Lost inbox items of the patient (results, letters, messages), the worst first.
    public var inbox: [InboxItem]
    /// Triage order: the most urgent of the encounters.
    public var priority: ClinicalPriority
    public var bestTier: Tier
    public var confidence: Double
}

/// One clinician's calls, split into evenings of a chosen size.
public struct CallList: Sendable {
    public var provider: String?
    public var providerName: String
    public var cards: [CallCard]
    public var evenings: [[CallCard]]

    /// The list's file name label (`WS`, `unassigned`, `clinician-3fa2c19b0e`): a code the playbook
    /// lists, or a short code of letters and digits as practice systems use, stands as it is; anything
    /// else a source wrote in its provider column (a long value may carry a patient's name, date of
    /// birth and NHI) becomes a label made from its hash, so no file name holds patient data or runs
    /// past what a file system allows.
    public var fileLabel: String { Self.fileLabel(provider, listed: listedCodes) }

    /// The playbook's provider codes.
    public var listedCodes: Set<String> = []

    public static func fileLabel(_ provider: String?, listed: Set<String>) -> String {
        guard let provider else { return "unassigned" }
        let plain = provider.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        if plain, provider.unicodeScalars.count <= (listed.contains(provider) ? 32 : 6), provider != "unassigned", provider != "index" {
            return provider
        }
        return "clinician-" + SHA256.hex(provider).prefix(10)
    }
}

/// Builds the call lists (DOMAIN §6): one card per patient, on the list of the clinician responsible,
/// in triage order (critical results first, then abnormal, unflagged reports, urgent referrals, other
/// confirmed encounters, weak candidates last), then by confidence.
public enum CallLists {
    public static func build(_ view: CaseView, perEvening: Int) -> [CallList] {
        let inbox = view.inboxByPatient
        var cards: [CallCard] = []
        let ranked = view.rankedEncounters
        var order: [String] = []
        var byPatient: [String: [Encounter]] = [:]
        for encounter in ranked {
            if byPatient[encounter.patientID] == nil { order.append(encounter.patientID) }
            byPatient[encounter.patientID, default: []].append(encounter)
        }
        for patientID in order {
            let encounters = byPatient[patientID] ?? []
            let first = encounters[0]
            let items = (inbox[patientID] ?? []).sorted { urgency($0) < urgency($1) }
            cards.append(CallCard(patientID: patientID, patient: view.patients[patientID],
                                  provider: view.responsibleProvider(for: first),
                                  encounters: encounters.sorted { $0.date < $1.date },
                                  inbox: items, priority: encounters.map(\.priority).min() ?? .other,
                                  bestTier: encounters.map(\.tier).min() ?? .possible,
                                  confidence: encounters.map(\.confidence).max() ?? 0))
        }
        // Cards keep the ranked order; a card's place is its best encounter's.
        let groups = Dictionary(grouping: cards, by: { $0.provider ?? "" })
        let size = max(1, perEvening)
        return groups.keys.sorted().map { key in
            let list = groups[key] ?? []
            let evenings = stride(from: 0, to: list.count, by: size).map { Array(list[$0..<min($0 + size, list.count)]) }
            let provider: String? = key.isEmpty ? nil : key
            return CallList(provider: provider, providerName: provider.map { view.providerName($0) } ?? "No provider named (share out)",
                            cards: list, evenings: evenings, listedCodes: Set(view.providers.map(\.code)))
        }
    }

    static func urgency(_ item: InboxItem) -> Int { item.abnormal == .critical ? 0 : item.abnormal == .abnormal ? 1 : 2 }

    /// What the triage place means, for a person.
    public static func label(_ priority: ClinicalPriority) -> String {
        switch priority {
        case .criticalResult: return "critical result"
        case .abnormalResult: return "abnormal result"
        case .unflaggedReport: return "unflagged report"
        case .urgentReferralOrPrescription: return "urgent referral or prescription"
        case .confirmedEncounter: return "confirmed visit"
        case .other: return "candidate"
        }
    }
}
