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
        try writeAll(view, to: folder, options: options, checklist: SourceChecklist(view)).sheets
    }

    /// The call lists' CSVs as written, how many mobiles have no consent recorded in the register (said
    /// to the person running: listed or left out, as the practice's policy says), and what was written of
    /// each chart annotation (`writeAnnotations`).
    static func writeAll(_ view: CaseView, to folder: URL, options: WorkOptions, checklist: SourceChecklist) throws
        -> (sheets: [(name: String, data: Data)], smsNotRecorded: Int, notes: [String: NoteMade]) {
        let sheets = try writeCallLists(view, to: folder.appendingPathComponent("call-lists"), options: options)
        let notes = try writeAnnotations(view, to: folder.appendingPathComponent("annotations"), options: options)
        try OutputFile.write(Recalls.csv(view, options: options), to: folder.appendingPathComponent("recalls.csv"))
        let texts = SMSList.build(view, consent: options.smsConsent)
        try OutputFile.write(SMSList.csv(view, list: texts, options: options), to: folder.appendingPathComponent("sms.csv"))
        try OutputFile.write(SMSList.upload(texts, options: options), to: folder.appendingPathComponent("sms-upload.csv"))
        let letters = checklist.letters(view, options: options)
        try writeFolder(folder.appendingPathComponent("requests"), owned: [".txt"]) { write, _ in
            for letter in letters { try write(letter.name, Data(letter.text.utf8)) }
        }
        return (sheets.map { ("call-lists/\($0.0)", $0.1) }, texts.notRecorded, notes)
    }

    /// `sms.csv`'s bytes.
    public static func sms(_ view: CaseView, options: WorkOptions) -> Data {
        SMSList.csv(view, list: SMSList.build(view, consent: options.smsConsent), options: options)
    }

    static func writeCallLists(_ view: CaseView, to folder: URL, options: WorkOptions) throws -> [(String, Data)] {
        var sheets: [(String, Data)] = []
        // A CSV a person made or changed (a copy, a list whose clinician has no calls left) is theirs.
        try writeFolder(folder, owned: [".html", ".csv"], keep: options.keepInCallLists) { write, _ in
            var index = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Call lists</title><style>\(CallWorksheet.style)</style></head><body>
            <h1>\(CallWorksheet.esc(view.practiceName)): call lists</h1><p>Made \(options.today); \(options.perEvening) patients an evening.</p><ul>

            """
            for list in CallLists.build(view, perEvening: options.perEvening) {
                index += "<li>\(CallWorksheet.esc(list.providerName)): \(list.cards.count) patient(s); "
                for evening in list.evenings.indices {
                    let name = "\(list.fileLabel)-evening-\(evening + 1).html"
                    try write(name, Data(CallWorksheet.html(view, list: list, evening: evening, options: options).utf8))
                    index += "<a href=\"\(name)\">evening \(evening + 1)</a> "
                }
                let sheet = ("\(list.fileLabel).csv", CallWorksheet.csv(view, list: list))
                try write(sheet.0, sheet.1)
                sheets.append(sheet)
                index += "(<a href=\"\(list.fileLabel).csv\">CSV</a>)</li>\n"
            }
            try write("index.html", Data((index + "</ul></body></html>\n").utf8))
        }
        return sheets
    }

    /// Writes each encounter's note, and `annotations.csv`; returns what was written of each note, by its
    /// file name, for the next run (`WorkOptions.earlierNotes`).
    static func writeAnnotations(_ view: CaseView, to folder: URL, options: WorkOptions) throws -> [String: NoteMade] {
        var made: [String: NoteMade] = [:]
        try writeFolder(folder, owned: [".hl7", ".csv"]) { write, keep in
            var csv = CSVWriter(header: annotationColumns)
            let lost = view.inboxByPatient
            let now = ChartAnnotation.timestamp(options.now, clock: options.clock)
            let today = ChartAnnotation.date(options.today)
            let openings = ChartAnnotation.Openings(view, options: options)
            let folderPath = folder.path
            for encounter in view.rankedEncounters {
                let inputs = ChartAnnotation.Inputs(view, encounter: encounter, lost: lost[encounter.patientID] ?? [], options: options,
                                                    openings: openings)
                let key = inputs.key
                let fileName = ChartAnnotation.fileName(of: encounter)
                let path = folderPath + "/" + fileName
                let controlID: String
                if let earlier = options.earlierNotes[fileName], earlier.key == key, OutputFile.stamp(atPath: path) == earlier.stamp {
                    // Said the same by the last run, and as it wrote it: left as it is (its time included).
                    try keep(fileName)
                    controlID = earlier.controlID
                    made[fileName] = earlier
                } else {
                    // A note made earlier today that would say the same but for the time it was made is left
                    // as it is, its time included: the folder the practice system imports from changes only
                    // where a note did. (Tomorrow's run makes every note again, dated that day.)
                    let earlier = OutputFile.earlier(atPath: path, limit: 1 << 20)
                    let kept = earlier.flatMap(ChartAnnotation.madeAt).flatMap { made in
                        made != now && made.hasPrefix(today) ? ChartAnnotation(inputs, madeAt: made) : nil
                    }
                    let note = kept.flatMap { Data($0.message.utf8) == earlier ? $0 : nil } ?? ChartAnnotation(inputs, madeAt: now)
                    try write(fileName, Data(note.message.utf8))
                    controlID = note.controlID
                    made[fileName] = OutputFile.stamp(atPath: path).map { NoteMade(key: key, controlID: note.controlID, stamp: $0) }
                }
                let identity = inputs.patient?.identity ?? Identity()
                csv.append([fileName, options.annotationType == .oru ? "ORU^R01" : "MDM^T02", controlID, encounter.candidateID,
                            encounter.patientID, identity.nhi ?? "", identity.localPatientID ?? "", identity.familyName ?? "",
                            identity.givenName ?? "", identity.dob?.description ?? "", encounter.date.description,
                            view.responsibleProvider(for: encounter) ?? "", encounter.tier.rawValue, options.today.description,
                            encounter.sourceKinds.map(\.rawValue).joined(separator: ";")])
            }
            try write("annotations.csv", csv.data)
        }
        return made
    }

    /// Writes into `folder` the files `make` hands to its `write`, each atomically as it is handed over
    /// (a folder of thousands of pages is never held in memory at once), and leaves as they are those it
    /// names to its `keep` (as an earlier run wrote them); then removes files with an `owned` extension
    /// that this run neither wrote nor kept, but for those in `keep`.
    static func writeFolder(_ folder: URL, owned: [String], keep: Set<String> = [],
                            _ make: (_ write: (_ name: String, _ data: Data) throws -> Void, _ keep: (_ name: String) throws -> Void) throws -> Void) throws {
        try OutputFolder.prepare(folder)
        var names: Set<String> = []
        let folderPath = folder.path
        try make({ name, data in
            names.insert(name)
            try OutputFile.write(data, named: name, inFolder: folderPath)
        }, { name in
            names.insert(name)
        })
        for existing in (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []
        where !names.contains(existing) && !keep.contains(existing) && owned.contains(where: { existing.hasSuffix($0) }) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(existing))
        }
    }
}
