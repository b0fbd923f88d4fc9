public import Foundation
public import LacunaCore

/// How the practice wants its working papers: the choices `lacuna run` offers beyond the playbook.
public struct WorkOptions: Sendable {
    /// How `sms.csv` writes numbers: the provider the practice sends through.
    public enum SMSFormat: String, CaseIterable, Sendable {
        /// `+6421…`, the stored form.
        case e164
        /// `021…`: TNZ's dashboard list upload takes the national form (its REST API also takes `+64…`).
        case tnz
        /// `6421…`: TextaHQ's API `to` and its CSV import (international digits, no plus).
        case textahq
        /// `+6421…`: Modica's Mobile Gateway `destination` is E.164.
        case modica
    }

    /// The message type of the chart annotations.
    public enum AnnotationType: String, CaseIterable, Sendable {
        /// ORU^R01: a result-shaped note, the route every practice system's HL7 inbox takes.
        case oru
        /// MDM^T02: a document notification with its text, for systems that file documents.
        case mdm
    }

    /// When the outputs are made: the date on the notes and letters, the due dates of recalls.
    public var now: Date
    /// The practice's clock, for `now`'s local date and the HL7 timestamps.
    public var clock: PracticeClock
    /// Patients per evening on a call worksheet (the practice rang 30 to 40 each).
    public var perEvening: Int
    public var smsFormat: SMSFormat
    public var annotationType: AnnotationType
    /// The receiving application named in MSH-5 (the practice system's HL7 inbox).
    public var receivingApplication: String
    public var templates: Templates
    /// Files in `call-lists/` that people made or changed and that no run wrote (a saved copy, the
    /// list of a clinician with no calls left): never removed as stale.
    public var keepInCallLists: Set<String> = []
    /// Whom `sms.csv` may text: only numbers whose consent the register records (the default), or, where
    /// the practice's policy allows it, every number not declined.
    public var smsConsent: SMSConsent = .recorded
    /// Weak candidates (possible, nothing lost) on a compact list at the end of each evening, several a
    /// side, instead of a sheet each.
    public var compactWeak = false
    /// What the last run wrote of each chart annotation, by its file name (kept in the case): a note
    /// whose inputs and file are as they were is left as it is.
    public var earlierNotes: [String: NoteMade] = [:]

    /// The practice's policy on texting numbers whose consent the register does not record.
    public enum SMSConsent: String, CaseIterable, Sendable {
        /// Only a recorded yes is texted.
        case recorded
        /// Everyone but a recorded no (the practice's policy allows service texts).
        case unlessDeclined = "unless-declined"
    }

    public init(now: Date = Date(), clock: PracticeClock = .utc, perEvening: Int = 35, smsFormat: SMSFormat = .e164,
                annotationType: AnnotationType = .oru, receivingApplication: String = "PMS", templates: Templates = Templates()) {
        self.now = now
        self.clock = clock
        self.perEvening = max(1, perEvening)
        self.smsFormat = smsFormat
        self.annotationType = annotationType
        self.receivingApplication = receivingApplication
        self.templates = templates
    }

    /// Today's local date at the practice.
    public var today: LocalDate { clock.local(now).date }
}
