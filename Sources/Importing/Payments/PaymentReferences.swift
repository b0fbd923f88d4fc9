import Foundation
import LacunaCore

/// What a payment's free text says: the payer as the bank shows them, and in the Particulars, Code
/// and Reference (at most 12 characters each, often truncated) an invoice number, an NHI, or a
/// patient's name.
struct PaymentReferences {
    /// Invoice numbers (digits only): `INV-10234`, `INV10234`, `Inv 10234`, `#10234`.
    var invoices: [String] = []
    /// Bare numbers of 4 to 8 digits that may be invoice numbers without their prefix.
    var numbers: [String] = []
    var nhi: String?
    var nhiUnchecked: String?
    /// Invoice numbers cut short by a 12-character field (`INVOICE 1023` of INVOICE 10234): the digits
    /// as written, leading zeros kept, to be matched as the start of an invoice number.
    var invoicePrefixes: [String] = []
    /// Words that may be a patient's name (generic words such as `GP VISIT` removed), upper case.
    var nameWords: [String] = []
    /// Single letters beside the name words (`J SMITH`, `SMITH JA` gives J and A): given-name initials.
    var initials: [String] = []
    /// The words after DR or NURSE: the clinician the payer named (`TE HIRA`), not the patient.
    var clinicianWords: [String] = []
    /// Titles after which the words name a clinician, not the patient (`DR TE HIRA`, `NURSE ANNE`).
    static let clinicianTitles: Set<String> = ["DR", "DR.", "DOCTOR", "NURSE", "RN", "NP", "LOCUM"]
    /// Whether a field was exactly 12 characters long, so its last word may be cut short.
    var truncated = false

    /// Words banks and payers put in references that are not names.
    static let generic: Set<String> = [
        "GP", "VISIT", "VISITS", "DR", "DOCTOR", "DOCTORS", "MEDICAL", "MED", "CENTRE", "CENTER", "CLINIC", "HEALTH",
        "ACCOUNT", "ACC", "INV", "INVOICE", "PAYMENT", "PAY", "PYMT", "PMT", "BILL", "FEE", "FEES", "CONSULT",
        "CONSULTATION", "APPT", "APPOINTMENT", "NURSE", "THANKS", "THANK", "YOU", "FROM", "TO", "FOR", "AND", "THE",
        "D/C", "DC", "DIRECT", "CREDIT", "DEBIT", "TFR", "TRANSFER", "DEPOSIT", "ONLINE", "MB", "IB", "AP", "REF",
        "BANK", "BGC", "FPI", "SO", "DD", "MR", "MRS", "MS", "MISS", "MASTER", "NZ", "LTD", "SCRIPT", "SCRIPTS",
        "PRESCRIPTION", "REPEAT", "REPEATS", "VIDEO", "PHONE", "CALL", "MERCHANT", "SETTLEMENT", "EFTPOS",
    ]

    static func read(_ fields: [String]) -> PaymentReferences {
        var refs = PaymentReferences()
        for field in fields {
            let cut = field.count == 12
            if cut { refs.truncated = true }
            let upper = field.uppercased()
            let tokens = upper.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == ":" })
                .map(String.init)
            var index = 0
            var clinician = false
            /// An invoice whose digits end the field where the bank cut it may be the start of a longer number.
            func invoice(_ written: String, last: Bool) {
                if cut && last { refs.invoicePrefixes.append(written) } else { refs.invoices.append(String(Int(written) ?? 0)) }
            }
            while index < tokens.count {
                let token = tokens[index]
                let trimmed = token.trimmingCharacters(in: CharacterSet(charactersIn: ".#-*()"))
                if invoiceDigits(token) != nil {
                    invoice(InvoiceNumber.writtenDigits(token), last: index == tokens.count - 1)
                } else if (trimmed == "INV" || trimmed == "INVOICE" || trimmed == "NO"), index + 1 < tokens.count,
                          Int(InvoiceNumber.writtenDigits(tokens[index + 1])) != nil, tokens[index + 1].allSatisfy({ $0.isNumber || $0 == "-" }) {
                    invoice(InvoiceNumber.writtenDigits(tokens[index + 1]), last: index + 1 == tokens.count - 1)
                    index += 1
                } else if clinicianTitles.contains(token) {
                    clinician = true   // the name words after it are the clinician's
                } else if clinician && trimmed.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }) {
                    // DR TE HIRA: not the patient, but whom they saw.
                    if !trimmed.isEmpty { refs.clinicianWords.append(trimmed) }
                } else if trimmed.count == 1, trimmed.first!.isLetter {
                    refs.initials.append(trimmed)
                } else if NHI.looksLikeNHI(trimmed) {
                    if case .success(let nhi) = NHI.parse(trimmed) { refs.nhi = refs.nhi ?? nhi.value }
                    else { refs.nhiUnchecked = refs.nhiUnchecked ?? trimmed }
                } else if trimmed.allSatisfy(\.isNumber), (4...8).contains(trimmed.count) {
                    refs.numbers.append(trimmed)
                } else if trimmed.count >= 2, trimmed.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }),
                          !generic.contains(trimmed) {
                    refs.nameWords.append(trimmed)
                }
                index += 1
            }
        }
        return refs
    }

    /// `INV-10234`, `INV10234`, `#10234`, `INV#10234` → `10234`.
    static func invoiceDigits(_ token: String) -> String? {
        var rest = Substring(token)
        if rest.hasPrefix("INVOICE") { rest = rest.dropFirst(7) }
        else if rest.hasPrefix("INV") { rest = rest.dropFirst(3) }
        else if !rest.hasPrefix("#") { return nil }
        rest = rest.drop { $0 == "-" || $0 == "#" || $0 == "." || $0 == ":" }
        guard (3...9).contains(rest.count), rest.allSatisfy(\.isNumber) else { return nil }
        return String(Int(rest) ?? 0)
    }

    /// The payer as the bank shows them, without the bank's words: `D/C FROM SMITH J` → `SMITH J`,
    /// `Transfer from JOHN SMITH` → `JOHN SMITH`.
    static func payerName(_ text: String) -> String? {
        var t = text.trimmingSpaces()
        let prefixes = ["D/C FROM", "DC FROM", "DIRECT CREDIT FROM", "TRANSFER FROM", "TFR FROM", "PAYMENT FROM", "BANK CREDIT",
                        "FROM", "DIRECT CREDIT", "D/C", "AP#", "BILL PAYMENT"]
        for prefix in prefixes where t.uppercased().hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count)).trimmingSpaces()
            break
        }
        return present(t)
    }

    /// Records who paid (a bank's payer, an online service's cardholder): the name on the trace, and
    /// its family name and given name or initials in the payload, for the linker.
    static func notePayer(_ name: String, identity: inout Identity, payload: inout [String: String]) {
        identity.payerName = name
        payload["_payer"] = name
        if let parts = payerParts(name) {
            payload["_payer_family"] = parts.family
            if !parts.given.isEmpty { payload["_payer_given"] = parts.given }
        }
    }

    /// A payer name split the two ways banks write it: `SMITH J` (family, initial) and `J SMITH` or
    /// `JOHN SMITH` (given, family). Titles are dropped.
    static func payerParts(_ name: String) -> (family: String, given: String)? {
        let words = name.uppercased().split(separator: " ").map(String.init)
            .filter { !["MR", "MRS", "MS", "MISS", "DR", "&", "AND"].contains($0) && $0.contains(where: \.isLetter) }
        guard words.count >= 2 else { return words.first.map { ($0, "") } }
        // `SMITH J`, `SMITH JA`: a short last word is the initials.
        if words.last!.count <= 2 { return (words.dropLast().joined(separator: " "), words.last!) }
        return (words.dropFirst().joined(separator: " "), words[0])
    }
}
