public import Foundation
import LacunaCore

/// The texts the practice may reword: the SMS and the request letters. Each is plain text with
/// `{placeholders}`; a playbook's `templates:` folder replaces any of them by a file of the same name
/// (`sms.txt`, `request-lab.txt` …).
public struct Templates: Sendable {
    public private(set) var texts: [String: String]

    public init() { texts = Self.builtIn }

    /// The built-in texts, with the files named in `folder` put in their place.
    public init(folder: URL) throws {
        self.init()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw TemplateError(description: "\(folder.path): the templates folder does not exist; fix `templates:` in the playbook")
        }
        for name in names where name.hasSuffix(".txt") {
            let key = String(name.dropLast(4))
            guard Self.builtIn[key] != nil else {
                throw TemplateError(description: "\(folder.path)/\(name): not a template Lacuna knows; names are \(Self.builtIn.keys.sorted().map { $0 + ".txt" }.joined(separator: ", "))")
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(description: "\(folder.path)/\(name): cannot be read as UTF-8 text")
            }
            texts[key] = text
        }
    }

    /// The template `name` with every `{key}` replaced; an unknown placeholder is left as written.
    public func fill(_ name: String, _ values: [String: String]) -> String {
        var text = texts[name] ?? ""
        for (key, value) in values { text = text.replacingEvery("{\(key)}", with: value) }
        return text
    }

    /// The templates and their default wording. Placeholders every template may use: `{practice}`,
    /// `{phone}`, `{window}` (the lost days in words), `{today}`; request letters also `{what}` (what
    /// is missing and why).
    public static let builtIn: [String: String] = [
        "sms": "{practice}: our records for {window} were lost. If we saw or spoke with you then, please call {phone} or reply to this text.",
        "request-lab": letter(to: "The laboratory results helpdesk", ask: "please resend every result and report you sent to the practice from the day before {window} to the day after it, as HL7 v2 files, including corrected and cancelled ones."),
        "request-healthlink": letter(to: "Healthlink support", ask: "please resend every message delivered to or sent by the practice's mailbox during {window} (referrals, replies, discharge summaries, letters), as delivered."),
        "request-portal": letter(to: "The patient portal provider", ask: "please send an export of every patient message, repeat prescription request and appointment request the practice received during {window}, with message ids and times."),
        "request-bank": letter(to: "The practice's bank", ask: "please send the practice account's statements as CSV, covering {window} and the three business days after it (internet-banking payments arrive up to three days late), with merchant settlement lines."),
        "request-eftpos": letter(to: "The EFTPOS terminal provider", ask: "please send the transaction report of every terminal at the practice for {window}, with times, amounts, card numbers as masked on the receipt, and settlement batches."),
        "request-appointments": letter(to: "The practice system's support desk", ask: "please export the appointment book for {window}, including cancelled and did-not-attend bookings and when each booking was made, from any copy or cloud service that kept it."),
        "request-paper": letter(to: "The practice team", ask: "please gather every paper record of {window}: day sheets, printed appointment lists, handwritten notes, forms, certificates and prescriptions written by hand, for scanning; and each clinician's list of the patients they remember."),
    ]

    static func letter(to addressee: String, ask: String) -> String {
        """
        {practice}
        {phone}

        {today}

        To: \(addressee)

        Request for records after data loss

        On {window} the practice lost the records its computer system held for those days (the server and its backup failed together). We are rebuilding them from what others hold.

        So that no patient's result or care is missed, \(ask)

        What we are missing: {what}

        Please send it to the practice by a secure route (Healthlink, or an encrypted file). Questions to {phone}.

        Thank you,

        {practice}
        """
    }
}

/// A templates folder that cannot be used, with what to do.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
