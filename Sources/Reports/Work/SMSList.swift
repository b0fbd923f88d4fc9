import Foundation
import LacunaCore

/// `sms.csv`: the service text asking anyone seen in the lost days to ring (DOMAIN §6). One row per
/// mobile number, not per patient: a household that shares a phone gets one text, and the text names
/// no one and says nothing clinical. Patients who declined texts are left out; where the register
/// records no consent, the row says so.
enum SMSList {
    static let columns = ["mobile", "mobile_e164", "patient_ids", "consent", "message", "characters", "segments"]

    struct Row {
        var e164: String
        var patientIDs: [String]
        var consent: String
    }

    /// What became of the register's mobiles: listed, left out because consent was declined, and
    /// (numbers) with no consent recorded, listed or left out as the practice's policy says.
    struct Outcome {
        var rows: [Row]
        var declined: Int
        var notRecorded: Int
    }

    static func consent(_ view: CaseView, _ patient: Patient) -> String? {
        patient.sourceTraceID.flatMap { view.traces[$0]?.payload["_sms_consent"] }
    }

    /// One row a mobile number, in order of number, its patients' ids in order; those who declined texts
    /// are counted, not listed, and numbers with no consent recorded are listed or left out by `policy`.
    static func build(_ view: CaseView, consent policy: WorkOptions.SMSConsent = .unlessDeclined) -> Outcome {
        // Every patient with a mobile, in order of number and then of id: those who share a number lie
        // together, one row for them. (A dictionary of numbers, each holding a list of ids and one of
        // consents, made two lists a patient, and the rows were sorted after it anyway.)
        var holders: [(e164: String, id: String, consent: String?)] = []
        holders.reserveCapacity(view.patients.count)
        var declined = 0
        for patient in view.patients.values {
            guard let mobile = patient.identity.mobile, PhoneNumber(mobile)?.isMobile ?? false else { continue }
            let said = consent(view, patient)
            if said == "no" { declined += 1; continue }
            holders.append((mobile, patient.id, said))
        }
        holders.sort { $0.e164 != $1.e164 ? $0.e164 < $1.e164 : $0.id < $1.id }
        var rows: [Row] = []
        var start = 0
        while start < holders.count {
            var end = start + 1
            while end < holders.count && holders[end].e164 == holders[start].e164 { end += 1 }
            let sharing = holders[start..<end]
            rows.append(Row(e164: holders[start].e164, patientIDs: sharing.map(\.id),
                            consent: sharing.contains { $0.consent == "yes" } ? "yes" : "not recorded"))
            start = end
        }
        let notRecorded = rows.filter { $0.consent != "yes" }.count
        if policy == .recorded { rows.removeAll { $0.consent != "yes" } }
        return Outcome(rows: rows, declined: declined, notRecorded: notRecorded)
    }

    /// The number as the chosen provider wants it.
    static func render(_ e164: String, as format: WorkOptions.SMSFormat) -> String {
        switch format {
        case .e164, .modica: return e164
        case .textahq: return e164.hasPrefix("+") ? String(e164.dropFirst()) : e164
        case .tnz: return PhoneNumber.national(e164)
        }
    }

    /// The message from the `sms` template.
    static func message(_ view: CaseView, options: WorkOptions) -> String {
        options.templates.fill("sms", [
            "practice": view.practiceName, "phone": view.practicePhone ?? "the practice",
            "window": DateWords.window(view.window, short: true), "today": options.today.description,
        ]).trimmingWhitespace()
    }

    /// GSM 03.38's basic characters (one septet each); its extension table costs two.
    static let gsmBasic = Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let gsmExtension = Set("^{}\\[~]|€")

    /// How many SMS parts a text takes: 160 (153 when split) GSM characters, or 70 (67) in UCS-2
    /// once any character such as a macron falls outside GSM.
    static func segments(_ text: String) -> Int {
        var septets = 0
        var gsm = true
        for c in text {
            if gsmBasic.contains(c) { septets += 1 } else if gsmExtension.contains(c) { septets += 2 } else { gsm = false; break }
        }
        if gsm { return septets <= 160 ? 1 : Int((Double(septets) / 153).rounded(.up)) }
        let units = text.utf16.count
        return units <= 70 ? 1 : Int((Double(units) / 67).rounded(.up))
    }

    /// The header of the upload file each provider's bulk send takes: one column of numbers in its form,
    /// nothing else (the text is the same for everyone and is pasted into the send; no chart number,
    /// name or consent leaves the practice).
    static func uploadHeader(_ format: WorkOptions.SMSFormat) -> String {
        switch format {
        case .e164: return "phone_number"
        case .tnz: return "Mobile"
        case .textahq: return "Mobile"
        case .modica: return "destination"
        }
    }

    /// `sms-upload.csv`: the numbers `sms.csv` lists, as the chosen provider's upload takes them.
    /// `list` is `build(view, consent: options.smsConsent)`, made once for both files.
    static func upload(_ list: Outcome, options: WorkOptions) -> Data {
        var csv = CSVWriter(header: [uploadHeader(options.smsFormat)], forMachine: true)
        for row in list.rows { csv.append([render(row.e164, as: options.smsFormat)]) }
        return csv.data
    }

    /// `list` as for `upload`.
    static func csv(_ view: CaseView, list: Outcome, options: WorkOptions) -> Data {
        var csv = CSVWriter(header: columns)
        let text = message(view, options: options)
        let parts = String(segments(text)), characters = String(text.count)
        for row in list.rows {
            csv.append([render(row.e164, as: options.smsFormat), row.e164, row.patientIDs.joined(separator: ";"), row.consent,
                        text, characters, parts])
        }
        return csv.data
    }
}
