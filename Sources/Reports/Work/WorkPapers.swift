public import Foundation
import LacunaCore

/// What the practice works from (CONTRACT outputs): `call-lists/`, `annotations/`, `recalls.csv`,
/// `sms.csv` and `requests/`. Each folder holds exactly what this run wrote: a file an earlier run
/// wrote for a candidate that is gone is removed, so the practice system never imports a stale note.
public enum WorkPapers {
    public static let annotationColumns = ["file", "message_type", "control_id", "candidate_id", "patient_id", "nhi", "local_id",
                                           "family_name", "given_name", "dob", "encounter_date", "provider", "tier", "note_date",
                                           "sources"]

    /// Writes the working papers; returns the call lists' CSVs as written (`call-lists/RS.csv`).
    public static func writeAll(_ view: CaseView, to folder: URL, options: WorkOptions) throws -> [(name: String, data: Data)] {
        try writeAll(view, to: folder, options: options, checklist: SourceChecklist(view))
    }

    static func writeAll(_ view: CaseView, to folder: URL, options: WorkOptions, checklist: SourceChecklist) throws -> [(name: String, data: Data)] {
        let sheets = try writeCallLists(view, to: folder.appendingPathComponent("call-lists"), options: options)
        try writeAnnotations(view, to: folder.appendingPathComponent("annotations"), options: options)
        try OutputFile.write(Recalls.csv(view, options: options), to: folder.appendingPathComponent("recalls.csv"))
        try OutputFile.write(SMSList.csv(view, options: options), to: folder.appendingPathComponent("sms.csv"))
        try OutputFile.write(SMSList.upload(view, options: options), to: folder.appendingPathComponent("sms-upload.csv"))
        let letters = checklist.letters(view, options: options)
        try writeFolder(folder.appendingPathComponent("requests"), files: letters.map { ($0.name, Data($0.text.utf8)) }, owned: [".txt"])
        return sheets.map { ("call-lists/\($0.0)", $0.1) }
    }

    /// `sms.csv`'s bytes.
    public static func sms(_ view: CaseView, options: WorkOptions) -> Data { SMSList.csv(view, options: options) }

    /// How many mobiles have no consent recorded in the register (said to the person running: listed
    /// or left out, as the practice's policy says).
    public static func smsWithoutRecordedConsent(_ view: CaseView) -> Int { SMSList.build(view).notRecorded }

    static func writeCallLists(_ view: CaseView, to folder: URL, options: WorkOptions) throws -> [(String, Data)] {
        var files: [(String, Data)] = []
        var index = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Call lists</title><style>\(CallWorksheet.style)</style></head><body>
        <h1>\(CallWorksheet.esc(view.practiceName)): call lists</h1><p>Made \(options.today); \(options.perEvening) patients an evening.</p><ul>

        """
        for list in CallLists.build(view, perEvening: options.perEvening) {
            index += "<li>\(CallWorksheet.esc(list.providerName)): \(list.cards.count) patient(s); "
            for evening in list.evenings.indices {
                let name = "\(list.fileLabel)-evening-\(evening + 1).html"
                files.append((name, Data(CallWorksheet.html(view, list: list, evening: evening, options: options).utf8)))
                index += "<a href=\"\(name)\">evening \(evening + 1)</a> "
            }
            files.append(("\(list.fileLabel).csv", CallWorksheet.csv(view, list: list)))
            index += "(<a href=\"\(list.fileLabel).csv\">CSV</a>)</li>\n"
        }
        files.append(("index.html", Data((index + "</ul></body></html>\n").utf8)))
        // A CSV a person made or changed (a copy, a list whose clinician has no calls left) is theirs.
        try writeFolder(folder, files: files, owned: [".html", ".csv"], keep: options.keepInCallLists)
        return files.filter { $0.0.hasSuffix(".csv") }
    }

    static func writeAnnotations(_ view: CaseView, to folder: URL, options: WorkOptions) throws {
        var files: [(String, Data)] = []
        var csv = CSVWriter(header: annotationColumns)
        let lost = view.inboxByPatient
        for encounter in view.rankedEncounters {
            let note = ChartAnnotation(view, encounter: encounter, lost: lost[encounter.patientID] ?? [], options: options)
            files.append((note.fileName, Data(note.message.utf8)))
            let identity = note.patient?.identity ?? Identity()
            csv.append([note.fileName, options.annotationType == .oru ? "ORU^R01" : "MDM^T02", note.controlID, encounter.candidateID,
                        encounter.patientID, identity.nhi ?? "", identity.localPatientID ?? "", identity.familyName ?? "",
                        identity.givenName ?? "", identity.dob?.description ?? "", encounter.date.description,
                        view.responsibleProvider(for: encounter) ?? "", encounter.tier.rawValue, options.today.description,
                        encounter.sourceKinds.map(\.rawValue).joined(separator: ";")])
        }
        files.append(("annotations.csv", csv.data))
        try writeFolder(folder, files: files, owned: [".hl7", ".csv"])
    }

    /// Writes `files` into `folder` (each atomically) and removes files with an `owned` extension
    /// that this run did not write, but for those in `keep`.
    static func writeFolder(_ folder: URL, files: [(String, Data)], owned: [String], keep: Set<String> = []) throws {
        try OutputFolder.prepare(folder)
        let names = Set(files.map(\.0))
        for (name, data) in files { try OutputFile.write(data, to: folder.appendingPathComponent(name)) }
        for existing in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !names.contains(existing) && !keep.contains(existing) && owned.contains(where: { existing.hasSuffix($0) }) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(existing))
        }
    }
}
