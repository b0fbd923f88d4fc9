import LacunaCore

/// A synthetic person of the practice.
struct DrillPerson {
    let index: Int
    var patientID: String
    var nhi: String
    var family: String
    var given: String
    /// The name they go by, where it differs (Bob for Robert).
    var nickname: String?
    var dob: LocalDate
    var sex: String
    var ethnicity: Ethnicity
    /// National format, digits only (`0211234567`).
    var mobile: String?
    var homePhone: String?
    var email: String?
    var street: String
    var suburb: String
    var postcode: String
    var household: Int
    var usualProvider: Int
    /// Enrolled during the window: absent from the restored register.
    var enrolledDuringWindow = false
    var cardLast4: String?
    /// Who pays for them: themselves, or a parent.
    var payer: Int
    var twinOf: Int?
    var portalID: String?
}

/// A clinician.
struct DrillProvider {
    let code: String
    /// `Dr Anna de Vries`.
    let name: String
    var given = ""
    var family = ""
    let isNurse: Bool
    /// HPI common person number, for HL7.
    let cpn: String
}

/// How a consultation was paid.
struct DrillPayment {
    enum Method: String { case card, cash, internetBanking = "internet banking", account }
    let method: Method
    let cents: Int
    let payer: Int
    let cardLast4: String?
    /// 0 Verifone (reception), 1 Smartpay (nurses' room), 2 Stripe (online, video consults).
    let terminal: Int
    let date: LocalDate
    let time: LocalTime
    let invoice: String
    /// For internet banking: the day it reached the bank.
    let bankDate: LocalDate?
    /// 0 ASB, 1 ANZ, 2 Kiwibank.
    let bankAccount: Int
}

/// A consultation that really happened (or, before the window, was recorded).
struct DrillEncounter {
    let id: Int
    let person: Int
    let date: LocalDate
    let time: LocalTime
    let provider: Int
    let mode: String
    /// Booked ahead, so in the appointment book; same-day bookings and walk-ins are not.
    let inBook: Bool
    let bookedOn: LocalDate?
    let reason: String
    let inWindow: Bool
    var payment: DrillPayment?
    var orders: [Int] = []
    var referral: Int?
    /// Worst flag of the results of tests ordered at it: "", "abnormal", "critical".
    var abnormal = ""
}

/// A booking that was not kept, or was cancelled.
struct DrillNoShow {
    let person: Int
    let date: LocalDate
    let time: LocalTime
    let provider: Int
    let status: String
    let bookedOn: LocalDate
    let reason: String
}

/// One result: one OBR keyed by its filler order number.
struct DrillResult {
    let id: Int
    let person: Int
    let provider: Int
    let encounter: Int?
    let collectedDate: LocalDate
    let collectedTime: LocalTime
    let reportedDate: LocalDate
    let reportedTime: LocalTime
    let test: Int
    let value: Double
    /// HL7 OBX-8: "", "H", "L", "HH", "LL".
    let flag: String
    let filler: String
    let placer: String
    /// 0 Labtests (v2.4), 1 Pathlab (v2.1).
    let lab: Int
    /// Sent again later as a correction (status C).
    let corrected: Bool
    var messageID = ""
    var correctionMessageID = ""

    var abnormal: String { flag == "HH" || flag == "LL" ? "critical" : flag.isEmpty ? "" : "abnormal" }
}

/// A letter received: discharge summary or specialist letter.
struct DrillLetter {
    let id: Int
    let person: Int
    let receivedDate: LocalDate
    let receivedTime: LocalTime
    let title: String
    let specialty: String
    let hospital: String
    let recipient: Int
    /// "mdm" or "healthdocs".
    let via: String
    let documentID: String
    let messageID: String
}

/// A message through the patient portal.
struct DrillPortalMessage {
    let id: String
    let person: Int
    /// Who wrote it: the patient or a parent.
    let sender: Int
    let date: LocalDate
    let time: LocalTime
    let type: String
    let subject: String
    let body: String
    let recipient: Int
}

/// A referral the practice sent.
struct DrillReferral {
    let id: Int
    let person: Int
    let provider: Int
    let date: LocalDate
    let time: LocalTime
    let specialty: (code: String, name: String)
    let urgent: Bool
    let messageID: String
}

/// A patient who rang back after the broadcast text.
struct DrillCallback {
    /// Who was (or was not) seen.
    let person: Int
    /// Who rang: the person, or a parent ringing for a child.
    var caller: Int
    /// The name as reception wrote it down (perhaps misspelt, perhaps "Sarah Smith for Sam").
    var writtenName: String
    let receivedDate: LocalDate
    let receivedTime: LocalTime
    let daySeen: String
    let notes: String
    let giveDOB: Bool
}

/// One habit written into the sources, about one person on one day (`visit`: whether they were seen then).
struct DrillHabit {
    let person: Int
    let date: LocalDate
    let habit: String
    let visit: Bool
}

/// A line of a GP's remembered list.
struct DrillRememberedLine {
    let provider: Int
    let text: String
}

/// The synthetic practice and its outage: everything the writers turn into source files and truth.
struct PracticeWorld {
    var practiceName = "Harbourside Medical Centre"
    var window: Window
    var clock: PracticeClock
    var people: [DrillPerson] = []
    var providers: [DrillProvider] = []
    var encounters: [DrillEncounter] = []
    var noShows: [DrillNoShow] = []
    var results: [DrillResult] = []
    var letters: [DrillLetter] = []
    var portal: [DrillPortalMessage] = []
    var referrals: [DrillReferral] = []
    var callbacks: [DrillCallback] = []
    var remembered: [DrillRememberedLine] = []
    /// Encounter id → the people-made and portal sources that mention it (the truth's `traces` column;
    /// the other sources follow from the encounter itself).
    var mentionedIn: [Int: Set<String>] = [:]
    /// People's habits the drill wrote into the sources (a parent rang for a child, a name misspelt, a
    /// caller said they were not seen): `truth/habits.csv`, so figures can be given per habit.
    var habits: [DrillHabit] = []
    /// Future bookings after the window (the book holds them too).
    var futureBookings: [DrillNoShow] = []
    var noise: Double
    /// `--hostile`: hostile values in names and the appointment book (`HostileValues`).
    var hostile = false

    /// The first day of history the restored system still holds (ledger, book).
    var historyStart: LocalDate { window.from.adding(days: -28) }
}
