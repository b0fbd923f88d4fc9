import LacunaCore

/// The header words that suggest each meaning of the practice's tabular sources (register,
/// appointments, ledger, callbacks, portal CSV), the words that argue against it, and the shape its
/// cells must have where a shape decides. An importer's own whole-header synonyms come first; these
/// find the columns other systems name in their own words (`Provider Name`, `Registered Provider`,
/// `Txt Reminders`, `Which day were you seen?`) and, where no header says, a column by what it holds
/// (NHIs, e-mail addresses).
enum MeaningWords {
    enum Shape { case nhi, email, date, time, phone }

    /// A meaning's words: `words` name it, `weak` only hint at it (`Patient` in `Patient Surname` is
    /// no name column), and any word `against` rules it out (`Doctor Surname` is no patient's).
    struct Meaning {
        let words: [String]
        let weak: [String]
        let against: [String]
        let shape: Shape?
        init(_ words: [String], weak: [String] = [], against: [String] = [], shape: Shape? = nil) {
            self.words = words
            self.weak = weak
            self.against = against
            self.shape = shape
        }

        /// How strongly a header's words suggest the meaning; nil where they do not (or argue against).
        func score(_ header: Set<String>) -> Int? {
            guard !against.contains(where: header.contains) else { return nil }
            let strong = words.filter(header.contains).count, hints = weak.filter(header.contains).count
            return strong + hints > 0 ? 4 + 2 * strong + hints : nil
        }
    }

    /// Words that name a clinician rather than a patient.
    static let clinicianWords = ["provider", "doctor", "gp", "practitioner", "clinician", "staff", "nurse", "user", "seen", "by", "registered",
                                 "usual", "resource"]

    static let table: [String: Meaning] = [
        "nhi": Meaning(["nhi"], shape: .nhi),
        "family": Meaning(["surname", "family", "last", "lastname", "familyname"], against: ["visit", "seen", "updated", "modified", "login"] + clinicianWords),
        "given": Meaning(["first", "given", "forename", "forenames", "firstname", "givenname"], against: ["visit", "seen", "appointment"] + clinicianWords),
        "preferred": Meaning(["preferred", "known", "nickname", "alias"], against: clinicianWords),
        "name": Meaning(["name"], weak: ["patient", "caller", "client", "person", "who"],
                        against: clinicianWords + ["file", "user", "practice", "account", "item", "type", "payee", "first", "given", "surname",
                                                   "last", "family", "preferred", "middle", "known", "id", "number", "no", "nhi"]),
        "dob": Meaning(["dob", "birth", "born", "birthdate", "birthday"], shape: .date),
        "sex": Meaning(["sex", "gender"]),
        "mobile": Meaning(["mobile", "cell", "cellphone", "cellular"], against: ["consent", "reminders", "sms", "opt"], shape: .phone),
        "phone": Meaning(["phone", "telephone", "tel", "ph"], weak: ["contact", "number"],
                         against: ["mobile", "consent", "reminders", "chart", "invoice", "id", "nhi", "card", "account", "reference"], shape: .phone),
        "email": Meaning(["email", "mail"], against: ["consent", "opt"], shape: .email),
        "address": Meaning(["address", "street", "addr", "residential"], against: ["email", "mail", "ip"]),
        "suburb": Meaning(["suburb", "locality", "district"]),
        "city": Meaning(["city", "town"]),
        "postcode": Meaning(["postcode", "zip", "postal"]),
        "id": Meaning(["id", "chart", "mrn", "record", "patientid", "file"], weak: ["patient", "number", "no"], against: ["nhi", "portal", "message", "invoice", "transaction", "staff",
                                                                                       "provider", "appointment", "user", "booking"]),
        "provider": Meaning(["provider", "doctor", "gp", "practitioner", "clinician", "staff", "seen", "resource", "registered"],
                            // "Which day were you seen?", "Date Seen": a day, not who saw them.
                            against: ["patient", "caller", "day", "date", "when", "which"]),
        "sms": Meaning(["sms", "text", "txt", "reminders", "reminder", "consent", "optin"], against: ["message", "body"]),
        "date": Meaning(["date", "day", "when"], against: ["birth", "booked", "created", "modified", "updated"], shape: .date),
        "time": Meaning(["time", "start"], against: ["zone", "booked", "created"], shape: .time),
        "datetime": Meaning(["datetime", "start"], against: ["booked", "created"], shape: .date),
        "duration": Meaning(["duration", "length", "minutes", "mins"]),
        "type": Meaning(["type", "kind", "category"], against: ["card", "payment"]),
        "reason": Meaning(["reason", "notes", "note", "comment", "comments", "complaint", "purpose"]),
        "status": Meaning(["status", "state", "outcome", "attended", "arrived", "attendance"]),
        "booked": Meaning(["booked", "created", "made", "entered"], shape: .date),
        "received": Meaning(["received", "called", "call", "rang", "when", "timestamp"], against: ["seen"], shape: .date),
        "day": Meaning(["seen", "day", "visit", "attended"], against: ["received", "called", "by"]),
        "notes": Meaning(["notes", "note", "comments", "comment", "reason", "message"]),
        "invoice": Meaning(["invoice", "inv", "bill", "receipt"], against: ["date", "amount", "total"]),
        "amount": Meaning(["amount", "total", "paid", "fee", "charge", "value"], against: ["date", "method", "invoice", "time", "by", "when"]),
        // "Paid By" is the method; "Time Paid" is a time, not a method.
        "method": Meaning(["method", "tender", "payment", "paid"], against: ["amount", "date", "total", "time", "when"]),
        "card": Meaning(["card", "last4", "pan"], against: ["type", "brand"]),
        "sent": Meaning(["sent", "date", "received", "created", "timestamp"], shape: .date),
        "portal": Meaning(["portal", "user", "login", "account"], against: ["name", "email"]),
        "to": Meaning(["to", "recipient", "doctor", "provider", "gp"]),
        "subject": Meaning(["subject", "title", "topic"]),
        "body": Meaning(["message", "body", "text", "content"], against: ["id", "type", "date"]),
    ]

    /// Whether a cell has a shape.
    static func fits(_ shape: Shape, _ cell: String) -> Bool {
        let t = cell.trimmingSpaces()
        switch shape {
        case .nhi: return (try? NHI.parse(t).get()) != nil
        case .email: return t.contains("@") && t.contains(".") && !t.contains(" ")
        case .date: return [DateOrder.dmy, .mdy, .ymd].contains { DateReading.date(t, order: $0) != nil }
        case .time: return DateReading.time(t) != nil || [DateOrder.dmy, .mdy, .ymd].contains { DateReading.dateTime(t, order: $0)?.time != nil }
        case .phone: return PhoneNumber(t) != nil
        }
    }
}
