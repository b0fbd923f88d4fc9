import LacunaCore

/// Bank statements of three accounts, each in the format this seed's bank offers (`ExportVariety`):
/// ASB (preamble; two overlapping exports of the cheque account), ANZ, Kiwibank's 2025 layout, Westpac,
/// BNZ, a CSV in the bank's own words (a D/C column, split money-in and money-out columns, spending
/// written positive beside a running balance), OFX, QIF, CAMT.053 or MT940. Card takings arrive as
/// one settlement line a day; internet-banking payments one row each, with the payer's name and a
/// reference of at most 12 characters.
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

        var memo: String { [particulars, code, reference].filter { !$0.isEmpty }.joined(separator: " ") }
    }

    /// The accounts' numbers, as their statements name them.
    static let accountNumbers = ["12-3094-0456789-00", "01-0242-0123456-00", "38-9012-0345678-00"]

    /// A reference as payers type it (the bank keeps 12 characters): the invoice, its bare number, the
    /// word INVOICE and a number the bank cuts short, the patient's name whole, with an initial or
    /// family first, or the doctor's name.
    static func payersReference(_ r: inout DrillRandom, invoice: String, patient: DrillPerson, clinician: String) -> String {
        let given = NameFolding.asciiOnly(patient.given).uppercased(), family = NameFolding.asciiOnly(patient.family).uppercased()
        let number = invoice.filter(\.isNumber)
        let doctor = clinician.uppercased()
        switch r.pick([(0, 0.4), (1, 0.1), (2, 0.1), (3, 0.12), (4, 0.1), (5, 0.08), (6, 0.1)]) {
        case 0: return invoice
        case 1: return number
        case 2: return "INVOICE " + number
        case 3: return given + " " + family
        case 4: return String(given.prefix(1)) + " " + family
        case 5: return family + " " + String(given.prefix(1))
        default: return "DR " + NameFolding.asciiOnly(doctor)
        }
    }

    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom, variety: ExportVariety) {
        let first = world.window.from.adding(days: -7), last = world.window.to.adding(days: 5)
        var lines: [Line] = []
        for e in world.encounters {
            guard let pay = e.payment, pay.method == .internetBanking, let date = pay.bankDate, date >= first, date <= last else { continue }
            let payer = world.people[pay.payer], patient = world.people[e.person]
            let reference = String(payersReference(&r, invoice: pay.invoice, patient: patient, clinician: world.providers[e.provider].family).prefix(12))
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
                    let vendor = variety.terminals[terminal] == .userColumns ? "EFTPOS" : EftposWriter.prefix(variety.terminals[terminal]).uppercased()
                    lines.append(Line(date: date, cents: total, payer: "\(vendor) SETTLEMENT",
                                      particulars: "MERCHANT", code: EftposWriter.merchants[terminal], reference: "SETTLEMENT",
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
        // The cheque account in two exports that overlap; the others in one each.
        let cheque = lines.filter { $0.account == 0 }
        let firstTo = world.window.to.adding(days: 2), secondFrom = world.window.from.adding(days: -1)
        let statements: [(account: Int, name: String, lines: [Line], from: LocalDate, to: LocalDate)] = [
            (0, "cheque-1", cheque.filter { $0.date <= firstTo }, first, firstTo),
            (0, "cheque-2", cheque.filter { $0.date >= secondFrom }, secondFrom, last),
            (1, "account-2", lines.filter { $0.account == 1 }, first, last),
            (2, "account-3", lines.filter { $0.account == 2 }, first, last),
        ]
        for statement in statements {
            let format = variety.banks[statement.account]
            var fr = r.fork(UInt64(statement.account))
            let (ext, bytes) = file(format, statement.lines, account: statement.account, from: statement.from, to: statement.to,
                                    style: variety.bankStyles[statement.account], random: &fr)
            output.add("sources/bank/\(prefix(format))-\(statement.name).\(ext)", bytes, records: statement.lines.count,
                       money: MoneyFacts(statement.lines.map { ($0.date, $0.cents) }))
        }
    }

    /// The file name's start: the bank or the format.
    static func prefix(_ format: ExportVariety.BankFormat) -> String {
        switch format {
        case .asb: return "asb"
        case .anz: return "anz"
        case .kiwibank: return "kiwibank"
        case .westpac: return "westpac"
        case .bnz: return "bnz"
        case .ownColumns: return "statement"
        case .ofx1, .ofx2: return "ofx"
        case .qif: return "qif"
        case .camt: return "camt053"
        case .mt940: return "mt940"
        }
    }

    /// One statement's extension and bytes in a format.
    static func file(_ format: ExportVariety.BankFormat, _ lines: [Line], account: Int, from: LocalDate, to: LocalDate, style: TableStyle,
                     random r: inout DrillRandom) -> (String, [UInt8]) {
        let number = accountNumbers[account]
        switch format {
        case .asb: return ("csv", Array(asbFile(lines, from: from, to: to).utf8))
        case .anz: return ("csv", Array(anzFile(lines).utf8))
        case .kiwibank: return ("csv", Array(kiwibankFile(lines).utf8))
        case .westpac: return ("csv", Array(westpacFile(lines).utf8))
        case .bnz: return ("csv", Array(bnzFile(lines, account: number).utf8))
        case .ownColumns: return (style.fileExtension, (try? ownColumns(lines, style: style, random: &r).bytes) ?? [])
        case .ofx1: return ("ofx", Array(StatementWriter.ofx(lines, account: number, from: from, to: to, xml: false).utf8))
        case .ofx2: return ("ofx", Array(StatementWriter.ofx(lines, account: number, from: from, to: to, xml: true).utf8))
        case .qif: return ("qif", Array(StatementWriter.qif(lines).utf8))
        case .camt: return ("xml", Array(StatementWriter.camt(lines, account: number, from: from, to: to).utf8))
        case .mt940: return ("sta", Array(StatementWriter.mt940(lines, account: number, from: from, to: to, random: &r).utf8))
        }
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
            text += "\(slashed(l.date)),\(uniqueID),\(l.type),,\"\(payee)\",\"\(l.memo)\",\(Money.format(l.cents))\r\n"
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
            text += Formats.csvLine([accountNumbers[2], l.date.description, l.date.description, "\(l.payer) \(l.reference)",
                                     "DIRECT CREDIT", l.particulars, l.code, l.reference, l.payer, "12-3456-0123456-00",
                                     l.particulars, l.code, l.reference, Money.format(l.cents), Money.format(balance)], end: "\n")
        }
        return text
    }

    /// Westpac NZ: every row's last field opens a quote it never closes (as the real exports do).
    static func westpacFile(_ lines: [Line]) -> String {
        var text = "Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\r\n"
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        for l in lines {
            text += [Formats.dmy(l.date), Money.format(l.cents), quoted(l.payer), quoted(l.cents > 0 ? "DIRECT CREDIT" : "DIRECT DEBIT"),
                     quoted(l.reference), quoted(l.particulars), "\"" + l.code].joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// BNZ: two-digit years, both parties' accounts, a processed date.
    static func bnzFile(_ lines: [Line], account: String) -> String {
        var text = "Date,Amount,Payee,Particulars,Code,Reference,Tran Type,This Party Account,Other Party Account,Serial,Transaction Code,Batch Number,Originating Bank/Branch,Processed Date\r\n"
        for l in lines {
            let short = String(format: "%02d/%02d/%02d", l.date.day, l.date.month, l.date.year % 100)
            text += Formats.csvLine([short, Money.format(l.cents), l.payer, l.particulars, l.code, l.reference, l.cents > 0 ? "C" : "D",
                                     account, "", "", l.cents > 0 ? "DC" : "DD", "", "", short])
        }
        return text
    }

    /// A CSV in a bank's own words: columns worded, ordered and chosen by `style`, and one way of
    /// writing money in and out: signed, unsigned with a D/C column, split in two columns, or spending
    /// positive beside a running balance.
    static func ownColumns(_ lines: [Line], style: TableStyle, random r: inout DrillRandom) -> (table: DrillTable, bytes: [UInt8]) {
        enum Money { case signed, debitCredit, split, spendingPositive }
        let money = r.pick([(Money.signed, 3.0), (.debitCredit, 1.0), (.split, 1.5), (.spendingPositive, 1.0)])
        var table = DrillTable()
        table.column("date", ["Date", "Transaction Date", "Posted", "Txn Date", "Booking Date", "Date of Transaction"])
        table.column("processed", ["Processed Date", "Value Date", "Effective Date", "Date Processed"], optional: true)
        switch money {
        case .signed, .spendingPositive: table.column("amount", ["Amount", "Transaction Amount", "Amount (NZD)", "Value", "Amt"])
        case .debitCredit:
            table.column("amount", ["Amount", "Transaction Amount", "Amount (NZD)", "Value"])
            table.column("dc", ["D/C", "Dr/Cr", "Debit/Credit", "CR/DR"])
        case .split:
            table.column("credit", ["Credit", "Paid In", "Money In", "Deposits", "Credit Amount"])
            table.column("debit", ["Debit", "Paid Out", "Money Out", "Withdrawals", "Debit Amount"])
        }
        table.column("payer", ["Payee", "Other Party", "Counterparty", "Payer Name", "Other Party Name"])
        table.column("particulars", ["Particulars", "OP Particulars", "Other Party Particulars"])
        table.column("code", ["Code", "Analysis Code", "Other Party Code"], optional: true)
        table.column("reference", ["Reference", "Ref", "Payment Reference", "Other Party Reference"])
        table.column("type", ["Tran Type", "Transaction Type", "Type"], optional: true)
        table.column("balance", ["Balance", "Running Balance", "Closing Balance"], optional: money != .spendingPositive)
        var balance = 1_204_455
        for l in lines {
            balance += l.cents
            var row: [DrillTable.Value] = [.date(l.date), .date(l.date)]
            switch money {
            case .signed: row.append(.money(l.cents))
            case .spendingPositive: row.append(.money(-l.cents))
            case .debitCredit: row += [.money(abs(l.cents)), .text(l.cents >= 0 ? "CR" : "DR")]
            case .split: row += l.cents >= 0 ? [.money(l.cents), .empty] : [.empty, .money(-l.cents)]
            }
            row += [.text(l.payer), .text(l.particulars), .text(l.code), .text(l.reference),
                    .text(l.cents >= 0 ? "CREDIT" : "DEBIT"), .money(balance)]
            table.rows.append(row)
        }
        var written = style
        written.money = .plain
        return (table, (try? written.bytes(table)) ?? [])
    }
}

/// Terminal and acquirer exports, each as this seed's vendor writes it (`ExportVariety`): Verifone NZ
/// (local time), Smartpay (date and time in one cell), Stripe for video consultations (UTC: a morning
/// in New Zealand is the previous day in UTC), Windcave (`03-APR-2025 10:42:17`), Square (UTF-16,
/// tab-separated, the account's time zone in a column), or the columns a user chose to show, worded,
/// ordered, dated and masked their own way.
enum EftposWriter {
    /// One card payment as every layout needs it.
    struct Sale {
        let date: LocalDate
        let time: LocalTime
        let cents: Int
        let last4: String
        let brand: String
        let auth: String
        let rrn: String
        let invoice: String
        var type = "Purchase"
        /// The cardholder and their e-mail, as an online payment service keeps them.
        var holder: String?
        var email: String?
    }

    static func write(_ world: PracticeWorld, _ output: inout DrillOutput, _ r: inout DrillRandom, variety: ExportVariety) {
        let first = world.window.from.adding(days: -2), last = world.window.to.adding(days: 1)
        let payments = world.encounters.compactMap { e in e.payment.map { (e, $0) } }
            .filter { $0.1.method == .card && $0.1.date >= first && $0.1.date <= last }
            .sorted { ($0.1.date, $0.1.time, $0.0.id) < ($1.1.date, $1.1.time, $1.0.id) }
        let brands = ["Visa", "Mastercard", "EFTPOS", "Amex"]
        var sales: [[Sale]] = [[], [], []]
        for (encounter, pay) in payments {
            let brand = r.pick(brands)
            let payer = world.people[pay.payer]
            let sale = Sale(date: pay.date, time: pay.time, cents: pay.cents, last4: pay.cardLast4 ?? "0000", brand: brand,
                            auth: String(format: "%06d", r.int(0...999_999)), rrn: String(format: "%012d", 500_000_000_000 + encounter.id),
                            invoice: pay.invoice, holder: "\(payer.given) \(payer.family)", email: payer.email)
            let terminal = min(pay.terminal, 2)
            sales[terminal].append(sale)
            if terminal == 0, r.chance(0.01 * world.noise) {
                // The card charged twice by mistake, the second charge reversed a minute later.
                let again = LocalTime(hour: pay.time.hour, minute: min(59, pay.time.minute + 1), second: pay.time.second)!
                let later = LocalTime(hour: pay.time.hour, minute: min(59, pay.time.minute + 2), second: pay.time.second)!
                var twice = Sale(date: pay.date, time: again, cents: pay.cents, last4: sale.last4, brand: brand, auth: sale.auth,
                                 rrn: sale.rrn + "R", invoice: pay.invoice)
                sales[0].append(twice)
                twice = Sale(date: pay.date, time: later, cents: -pay.cents, last4: sale.last4, brand: brand, auth: sale.auth,
                             rrn: sale.rrn + "R", invoice: pay.invoice, type: "Reversal")
                sales[0].append(twice)
            }
        }
        let names = ["reception", "nurses", "online"]
        for terminal in 0...2 {
            let format = variety.terminals[terminal]
            var fr = r.fork(UInt64(40 + terminal))
            let (ext, bytes) = file(format, sales[terminal], terminal: terminal, style: variety.terminalStyles[terminal], world: world, random: &fr)
            output.add("sources/eftpos/\(prefix(format))-\(names[terminal]).\(ext)", bytes, records: sales[terminal].count,
                       money: MoneyFacts(sales[terminal].map { ($0.date, $0.cents) }))
        }
    }

    /// Each terminal's merchant number, as its settlement line in the bank names it.
    static let merchants = ["40123456", "7788990", "5566778"]

    static func prefix(_ format: ExportVariety.TerminalFormat) -> String {
        switch format {
        case .verifone: return "verifone"
        case .smartpay: return "smartpay"
        case .stripe: return "stripe"
        case .windcave: return "windcave"
        case .square: return "square"
        case .userColumns: return "terminal-export"
        }
    }

    static func file(_ format: ExportVariety.TerminalFormat, _ sales: [Sale], terminal: Int, style: TableStyle, world: PracticeWorld,
                     random r: inout DrillRandom) -> (String, [UInt8]) {
        switch format {
        case .verifone:
            var text = "Date,Time,Terminal ID,Merchant ID,Transaction Type,Card Type,Masked Card,Amount,Auth Code,Reference,Status\r\n"
            for s in sales {
                text += Formats.csvLine([Formats.dmy(s.date), Formats.hhmmss(s.time), "HMC0000\(terminal + 1)", merchants[terminal], s.type, s.brand,
                                         "XXXXXXXXXXXX" + s.last4, Money.format(s.cents), s.auth, s.rrn, "Approved"])
            }
            return ("csv", Array(text.utf8))
        case .smartpay:
            var text = "Transaction Date,Terminal ID,Type,Card Type,Last 4,Amount,Auth Code,RRN,Result\r\n"
            for s in sales {
                text += Formats.csvLine(["\(Formats.dmy(s.date)) \(Formats.hhmmss(s.time))", "SP-7788\(terminal)", s.type, s.brand.uppercased(),
                                         s.last4, (s.cents < 0 ? "-$" : "$") + Money.format(abs(s.cents)), s.auth, s.rrn, "ACCEPTED"])
            }
            return ("csv", Array(text.utf8))
        case .stripe:
            var text = "\"id\",\"Description\",\"Created (UTC)\",\"Amount\",\"Amount Refunded\",\"Currency\",\"Captured\",\"Card Brand\",\"Card Last4\",\"Status\",\"Customer Description\",\"Customer Email\"\n"
            for (index, s) in sales.enumerated() {
                let utc = Formats.utc(s.date, s.time, clock: world.clock)
                text += Formats.csvLine([String(format: "ch_3Q%010dHMC", index), "Video consultation \(s.invoice)",
                                         "\(utc.date) \(Formats.hhmm(utc.time))", Money.format(s.cents), "0.00", "nzd", "true",
                                         s.brand == "EFTPOS" ? "Visa" : s.brand, s.last4, "Paid",
                                         r.chance(0.7) ? s.holder ?? "" : "", s.email ?? ""], end: "\n")
            }
            return ("csv", Array(text.utf8))
        case .windcave:
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            var text = "TxnType,TxnDate,Amount,CurrencyName,CardName,CardNumber,AuthCode,DpsTxnRef,MerchantReference,ResponseText\r\n"
            for (index, s) in sales.enumerated() {
                let when = String(format: "%02d-", s.date.day) + months[s.date.month - 1] + "-\(s.date.year) \(Formats.hhmmss(s.time))"
                text += Formats.csvLine([s.type == "Reversal" ? "Refund" : "Purchase", when, Money.format(abs(s.cents)), "NZD", s.brand,
                                         "411111......" + s.last4, s.auth,
                                         String(format: "0000000a%08x", 0x1000 + index), s.invoice, "APPROVED"])
            }
            return ("csv", Array(text.utf8))
        case .square:
            let zone = r.chance(0.5) ? "Pacific/Auckland" : "Auckland"
            var text = "Date\tTime\tTime Zone\tGross Sales\tTotal Collected\tCard Brand\tPAN Suffix\tTransaction ID\tDevice Name\r\n"
            for (index, s) in sales.enumerated() {
                let money = (s.cents < 0 ? "-$" : "$") + Money.format(abs(s.cents))
                text += [s.date.description, Formats.hhmmss(s.time), zone, money, money, s.brand, s.last4,
                         String(format: "SQ%08d", index + 1), terminal == 0 ? "Reception" : "Nurses"].joined(separator: "\t") + "\r\n"
            }
            return ("csv", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        case .userColumns:
            return (style.fileExtension, userColumns(sales, terminal: terminal, style: style, world: world, random: &r))
        }
    }

    /// The columns a user chose to show: a date and a time (or one date-time cell, or UTC with a
    /// header that says so), the amount (perhaps in cents), the card masked one of the ways vendors
    /// mask it, and whatever else they kept.
    static func userColumns(_ sales: [Sale], terminal: Int, style: TableStyle, world: PracticeWorld, random r: inout DrillRandom) -> [UInt8] {
        enum When { case separate, combined, utc }
        let when = r.pick([(When.separate, 3.0), (.combined, 2.0), (.utc, 1.0)])
        let cents = r.chance(0.15)
        let mask = r.pick(["XXXXXXXXXXXX", "**** **** **** ", "...", "************", "•••• ", "xx"])
        var table = DrillTable()
        switch when {
        case .separate:
            table.column("date", ["Date", "Transaction Date", "Txn Date", "Business Date", "Sale Date"])
            table.column("time", ["Time", "Txn Time", "Transaction Time", "Sale Time"])
        case .combined: table.column("datetime", ["Date Time", "Transaction Date Time", "Timestamp", "Date/Time", "Transaction Time"])
        case .utc: table.column("datetime", ["Created (UTC)", "Date (UTC)", "Timestamp UTC", "created_utc"])
        }
        table.column("terminal", ["Terminal ID", "TID", "Terminal", "Device"], optional: true)
        table.column("type", ["Transaction Type", "Type", "Txn Type"])
        table.column("brand", ["Card Type", "Card Brand", "Scheme"], optional: true)
        table.column("card", ["Masked Card", "Card Number", "PAN", "Masked PAN", "Card No"])
        table.column("amount", cents ? ["Amount (cents)", "Amount in cents", "amount_cents"] : ["Amount", "Total", "Purchase Amount", "Txn Amount", "Sale Amount"])
        table.column("auth", ["Auth Code", "Approval Code", "Authorisation Code"], optional: true)
        table.column("reference", ["Reference", "RRN", "Txn Ref"], optional: true)
        table.column("status", ["Status", "Result", "Response"], optional: true)
        for s in sales {
            var row: [DrillTable.Value]
            switch when {
            case .separate: row = [.date(s.date), .time(s.time)]
            case .combined: row = [.dateTime(s.date, s.time)]
            case .utc:
                let utc = Formats.utc(s.date, s.time, clock: world.clock)
                row = [.text("\(utc.date) \(Formats.hhmmss(utc.time))")]
            }
            row += [.text("T\(terminal + 1)-HMC"), .text(s.type), .text(s.brand), .text(mask + s.last4),
                    cents ? .text("\(s.cents)") : .money(s.cents), .text(s.auth), .text(s.rrn), .text("Approved")]
            table.rows.append(row)
        }
        return (try? style.bytes(table)) ?? []
    }
}
