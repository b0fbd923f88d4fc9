import LacunaCore

/// Bank statements in three real layouts: ASB (preamble; two overlapping exports of the same account),
/// ANZ, and Kiwibank's 2025 layout. Card takings arrive as one settlement line a day; internet-banking
/// payments one row each, with the payer's name and a reference of at most 12 characters.
enum BankWriter {
    struct Line {
        let date: LocalDate
        let cents: Int
        let payer: String      // as the bank shows the other party
        let particulars: String
        let code: String
        let reference: String
        let type: String       // "D/C", "DEPOSIT", "EFTPOS", "DEBIT"
        let account: Int
        var sequence = 0
    }

    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        let first = world.window.from.adding(days: -7), last = world.window.to.adding(days: 5)
        var lines: [Line] = []
        for e in world.encounters {
            guard let pay = e.payment, pay.method == .internetBanking, let date = pay.bankDate, date >= first, date <= last else { continue }
            let payer = world.people[pay.payer], patient = world.people[e.person]
            let reference = r.chance(0.7) ? pay.invoice : String((NameFolding.asciiOnly(patient.given) + " " + NameFolding.asciiOnly(patient.family)).uppercased().prefix(12))
            lines.append(Line(date: date, cents: pay.cents, payer: NameFolding.asciiOnly("\(payer.family.uppercased()) \(payer.given.prefix(1))"),
                              particulars: r.chance(0.5) ? "GP VISIT" : String(NameFolding.asciiOnly(patient.family).uppercased().prefix(12)),
                              code: r.chance(0.5) ? "HMC" : "", reference: reference, type: "D/C", account: pay.bankAccount))
        }
        // Card settlements: the acquirer pays each terminal's takings the next day, in one sum.
        var date = first
        while date <= last {
            for terminal in 0...1 {
                let total = world.encounters.compactMap(\.payment)
                    .filter { $0.method == .card && $0.terminal == terminal && $0.date == date.adding(days: -1) }
                    .reduce(0) { $0 + $1.cents }
                if total > 0 {
                    lines.append(Line(date: date, cents: total, payer: terminal == 0 ? "VERIFONE SETTLEMENT" : "SMARTPAY SETTLEMENT",
                                      particulars: "MERCHANT", code: terminal == 0 ? "40123456" : "7788990", reference: "SETTLEMENT",
                                      type: "DEPOSIT", account: 0))
                }
            }
            if date.isoWeekday == 2 || date.isoWeekday == 5 {
                lines.append(Line(date: date, cents: -r.int(8_000...40_000), payer: "MEDSUPPLY NZ LTD", particulars: "ACCOUNT",
                                  code: "", reference: "HARBOURSIDE", type: "DEBIT", account: 0))
            }
            date = date.adding(days: 1)
        }
        lines.sort { ($0.date, $0.account, $0.type, $0.payer, $0.cents) < ($1.date, $1.account, $1.type, $1.payer, $1.cents) }
        var perDay: [LocalDate: Int] = [:]
        for i in lines.indices {
            perDay[lines[i].date, default: 0] += 1
            lines[i].sequence = perDay[lines[i].date]!
        }
        let asb = lines.filter { $0.account == 0 }
        output.add("sources/bank/asb-cheque-1.csv", utf8: asbFile(asb.filter { $0.date <= world.window.to.adding(days: 2) },
                                                              from: first, to: world.window.to.adding(days: 2)))
        output.add("sources/bank/asb-cheque-2.csv", utf8: asbFile(asb.filter { $0.date >= world.window.from.adding(days: -1) },
                                                              from: world.window.from.adding(days: -1), to: last))
        output.add("sources/bank/anz-acc-account.csv", utf8: anzFile(lines.filter { $0.account == 1 }))
        output.add("sources/bank/kiwibank-2025.csv", utf8: kiwibankFile(lines.filter { $0.account == 2 }))
    }

    static func compact(_ d: LocalDate) -> String { String(format: "%04d%02d%02d", d.year, d.month, d.day) }
    static func slashed(_ d: LocalDate) -> String { String(format: "%04d/%02d/%02d", d.year, d.month, d.day) }

    static func asbFile(_ lines: [Line], from: LocalDate, to: LocalDate) -> String {
        var text = "Created date / time : \(to.day) April \(to.year) / 09:12:44\r\n"
        text += "Bank 12; Branch 3094; Account 0456789-00 (Business Cheque)\r\n"
        text += "From date \(compact(from))\r\nTo date \(compact(to))\r\n"
        text += "Avail Bal : 18204.55 as of \(compact(to))\r\nLedger Balance : 18204.55 as of \(compact(to))\r\n"
        text += "Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount\r\n\r\n"
        for l in lines {
            let uniqueID = compact(l.date) + String(format: "%02d", l.sequence)
            let payee = l.type == "D/C" ? "D/C FROM \(l.payer)" : l.payer
            let memo = [l.particulars, l.code, l.reference].filter { !$0.isEmpty }.joined(separator: " ")
            text += "\(slashed(l.date)),\(uniqueID),\(l.type),,\"\(payee)\",\"\(memo)\",\(Money.format(l.cents))\r\n"
        }
        return text
    }

    static func anzFile(_ lines: [Line]) -> String {
        var text = "Type,Details,Particulars,Code,Reference,Amount,Date,ForeignCurrencyAmount,ConversionCharge\r\n"
        for l in lines {
            text += Formats.csvLine(["Direct Credit", l.payer, l.particulars, l.code, l.reference, Money.format(l.cents),
                                     Formats.dmy(l.date), "", ""])
        }
        return text
    }

    static func kiwibankFile(_ lines: [Line]) -> String {
        var text = "Account number,Effective Date,Transaction Date,Description,Transaction Code,Particulars,Code,Reference,Other Party Name,Other Party Account Number,Other Party Particulars,Other Party Code,Other Party Reference,Amount,Balance\n"
        var balance = 523_411
        for l in lines {
            balance += l.cents
            text += Formats.csvLine(["38-9012-0345678-00", l.date.description, l.date.description, "\(l.payer) \(l.reference)",
                                     "DIRECT CREDIT", l.particulars, l.code, l.reference, l.payer, "12-3456-0123456-00",
                                     l.particulars, l.code, l.reference, Money.format(l.cents), Money.format(balance)], end: "\n")
        }
        return text
    }
}

/// Terminal and acquirer exports: Verifone NZ at reception (local time), Smartpay in the nurses' room,
/// Stripe for video consultations (UTC: a morning in New Zealand is the previous day in UTC).
enum EftposWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom) {
        let first = world.window.from.adding(days: -2), last = world.window.to.adding(days: 1)
        let payments = world.encounters.compactMap { e in e.payment.map { (e, $0) } }
            .filter { $0.1.method == .card && $0.1.date >= first && $0.1.date <= last }
            .sorted { ($0.1.date, $0.1.time, $0.0.id) < ($1.1.date, $1.1.time, $1.0.id) }
        let brands = ["Visa", "Mastercard", "EFTPOS", "Amex"]
        var verifone = "Date,Time,Terminal ID,Merchant ID,Transaction Type,Card Type,Masked Card,Amount,Auth Code,Reference,Status\r\n"
        var smartpay = "Transaction Date,Terminal ID,Type,Card Type,Last 4,Amount,Auth Code,RRN,Result\r\n"
        var stripe = "\"id\",\"Description\",\"Created (UTC)\",\"Amount\",\"Amount Refunded\",\"Currency\",\"Captured\",\"Card Brand\",\"Card Last4\",\"Status\"\n"
        for (index, (encounter, pay)) in payments.enumerated() {
            let brand = r.pick(brands)
            let auth = String(format: "%06d", r.int(0...999_999))
            let rrn = String(format: "%012d", 500_000_000_000 + encounter.id)
            switch pay.terminal {
            case 0:
                verifone += Formats.csvLine([Formats.dmy(pay.date), Formats.hhmmss(pay.time), "HMC00001", "40123456", "Purchase", brand,
                                             "XXXXXXXXXXXX" + (pay.cardLast4 ?? "0000"), Money.format(pay.cents), auth, rrn, "Approved"])
                if r.chance(0.01 * world.noise) {
                    // The card charged twice by mistake, the second charge reversed a minute later.
                    let again = LocalTime(hour: pay.time.hour, minute: min(59, pay.time.minute + 1), second: pay.time.second)!
                    let later = LocalTime(hour: pay.time.hour, minute: min(59, pay.time.minute + 2), second: pay.time.second)!
                    verifone += Formats.csvLine([Formats.dmy(pay.date), Formats.hhmmss(again), "HMC00001", "40123456", "Purchase", brand,
                                                 "XXXXXXXXXXXX" + (pay.cardLast4 ?? "0000"), Money.format(pay.cents), auth, rrn + "R", "Approved"])
                    verifone += Formats.csvLine([Formats.dmy(pay.date), Formats.hhmmss(later), "HMC00001", "40123456", "Reversal", brand,
                                                 "XXXXXXXXXXXX" + (pay.cardLast4 ?? "0000"), Money.format(-pay.cents), auth, rrn + "R", "Approved"])
                }
            case 1:
                smartpay += Formats.csvLine(["\(Formats.dmy(pay.date)) \(Formats.hhmmss(pay.time))", "SP-77889", "Purchase", brand.uppercased(),
                                             pay.cardLast4 ?? "0000", "$" + Money.format(pay.cents), auth, rrn, "ACCEPTED"])
            default:
                let utc = Formats.utc(pay.date, pay.time, clock: world.clock)
                stripe += Formats.csvLine([String(format: "ch_3Q%010dHMC", index), "Video consultation \(pay.invoice)",
                                           "\(utc.date) \(Formats.hhmm(utc.time))", Money.format(pay.cents), "0.00", "nzd", "true",
                                           brand == "EFTPOS" ? "Visa" : brand, pay.cardLast4 ?? "0000", "Paid"], end: "\n")
            }
        }
        output.add("sources/eftpos/verifone-reception.csv", utf8: verifone)
        output.add("sources/eftpos/smartpay-nurses.csv", utf8: smartpay)
        output.add("sources/eftpos/stripe-payments.csv", utf8: stripe)
    }
}
