public import LacunaCore

/// Triage order (DOMAIN §6): a candidate whose patient has a critical result in the lost inbox comes
/// first, then abnormal results, then unflagged text reports, then urgent referrals; the inferrer's own
/// order (confirmed, then the rest) after that. Priority is only ever raised here.
public enum Triage {
    public static func prioritise(_ encounters: [Encounter], inbox: [InboxItem], traces: [Trace]) -> [Encounter] {
        var worst: [String: ClinicalPriority] = [:]
        for item in inbox {
            guard let patient = item.patientID else { continue }
            let priority: ClinicalPriority
            switch (item.kind, item.abnormal) {
            case (_, .critical?): priority = .criticalResult
            case (_, .abnormal?): priority = .abnormalResult
            case (.result, nil) where item.summary.contains("[text report"): priority = .unflaggedReport
            case (.repeatPrescription, nil): priority = .urgentReferralOrPrescription
            default: continue
            }
            worst[patient] = min(worst[patient] ?? .other, priority)
        }
        let urgentReferrals = Set(traces.lazy.filter(\.isUrgentReferral).compactMap(\.id))
        return encounters.map { encounter in
            var e = encounter
            if let p = worst[e.patientID], p < e.priority { e.priority = p }
            let urgentReferral = e.evidence.contains { urgentReferrals.contains($0.traceID) }
            if urgentReferral, ClinicalPriority.urgentReferralOrPrescription < e.priority { e.priority = .urgentReferralOrPrescription }
            return e
        }
    }
}
