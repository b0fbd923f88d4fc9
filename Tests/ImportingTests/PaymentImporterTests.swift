import Foundation
import Testing
@testable import Importing
import LacunaCore

private func bank(_ text: String, file: String = "bank/statement.csv", settings: ImportSettings = testSettings) -> FileImport {
    BankImporter().read(file: file, bytes: Array(text.utf8), settings: settings)
}

private func eftpos(_ bytes: [UInt8], file: String = "eftpos/export.csv", settings: ImportSettings = testSettings) -> FileImport {
    EftposImporter().read(file: file, bytes: bytes, settings: settings)
}

private func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }

/// One statement row as the test expects to read it.
private struct Golden {
    let date: LocalDate
    let amount: String
    let type: String
    var payer: String? = nil
    var invoice: String? = nil
    var words: String? = nil
}

private func expectRows(_ result: FileImport, _ golden: [Golden], layout: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.rejects.isEmpty, "rejects: \(result.rejects.map(\.reason))", sourceLocation: sourceLocation)
    #expect(result.traces.count == golden.count, sourceLocation: sourceLocation)
    for (trace, want) in zip(result.traces, golden) {
        #expect(trace.payload["_layout"] == layout, sourceLocation: sourceLocation)
        #expect(trace.time?.localDate == want.date, sourceLocation: sourceLocation)
        #expect(trace.payload["_amount"] == want.amount, sourceLocation: sourceLocation)
        #expect(trace.recordType == want.type, sourceLocation: sourceLocation)
        if let payer = want.payer { #expect(trace.identity.payerName == payer, sourceLocation: sourceLocation) }
        if let invoice = want.invoice { #expect(trace.payload["_invoice"] == invoice, sourceLocation: sourceLocation) }
        if let words = want.words { #expect(trace.payload["_ref_words"] == words, sourceLocation: sourceLocation) }
    }
}

@Suite("Bank statements: each layout as the bank writes it")
struct BankLayoutTests {
    @Test("ASB: preamble, blank line after the header, D/C FROM payer, memo references, the bank's unique id")
    func asb() {
        let text = """
        Created date / time : 5 April 2025 / 09:12:44\r
        Bank 12; Branch 3094; Account 0456789-00 (Business Cheque)\r
        From date 20250401\r
        To date 20250405\r
        Avail Bal : 18204.55 as of 20250405\r
        Ledger Balance : 18204.55 as of 20250405\r
        Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount\r
        \r
        2025/04/03,2025040301,D/C,,"D/C FROM TIPENE M","GP VISIT HMC INV-10234",45.00\r
        2025/04/03,2025040302,DEPOSIT,,"VERIFONE SETTLEMENT","MERCHANT 40123456 SETTLEMENT","1,322.00"\r
        2025/04/04,2025040401,DEBIT,,"MEDSUPPLY NZ LTD","ACCOUNT HARBOURSIDE",-240.15\r

        """
        let result = bank(text)
        expectRows(result, [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", payer: "TIPENE M", invoice: "10234", words: "HMC"),
            Golden(date: day(2025, 4, 3), amount: "1322.00", type: "settlement"),
            Golden(date: day(2025, 4, 4), amount: "-240.15", type: "debit"),
        ], layout: "ASB")
        #expect(result.traces[0].payload["_account"] == "12-3094-0456789-00")
        #expect(result.traces[0].payload["_bank_id"] == "2025040301")
        #expect(result.traces[0].payload["_payer_family"] == "TIPENE")
        #expect(result.traces[0].locator.line == 9)
    }

    @Test("ASB credit card: dated by the transaction, spending shown positive becomes money out")
    func asbCreditCard() {
        let text = """
        Created date / time : 12 April 2025 / 11:09:26
        Card Number XXXX-XXXX-XXXX-5023 (Visa Light)
        From date 20250101
        To date 20250412
        Date Processed,Date of Transaction,Unique Id,Tran Type,Reference,Description,Amount

        2025/03/20,2025/03/20,2025032002,CREDIT,5023,"PAYMENT RECEIVED THANK YOU",-2750.00
        2025/04/09,2025/04/08,2025040902,DEBIT,5023,"MEDICAL SUPPLIES LTD",8.50
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 3, 20), amount: "2750.00", type: "internet-banking"),
            Golden(date: day(2025, 4, 8), amount: "-8.50", type: "debit"),
        ], layout: "ASB credit card")
    }

    @Test("ANZ: Details is the payer, Particulars/Code/Reference parsed, day-first dates")
    func anz() {
        let text = """
        Type,Details,Particulars,Code,Reference,Amount,Date,ForeignCurrencyAmount,ConversionCharge
        Direct Credit,NGATA A,NGATA,HMC,AROHA NGATA,52.00,03/04/2025,,
        Direct Credit,SMITH J,GP VISIT,,ZZZ00AC,19.00,04/04/2025,,
        Eftpos Purchase,COUNTDOWN,,,,-12.30,04/04/2025,,
        """
        let result = bank(text)
        expectRows(result, [
            Golden(date: day(2025, 4, 3), amount: "52.00", type: "internet-banking", payer: "NGATA A", words: "NGATA HMC AROHA NGATA"),
            Golden(date: day(2025, 4, 4), amount: "19.00", type: "internet-banking", payer: "SMITH J"),
            Golden(date: day(2025, 4, 4), amount: "-12.30", type: "debit"),
        ], layout: "ANZ")
        #expect(result.traces[1].identity.nhi == "ZZZ00AC")
    }

    @Test("BNZ: two-digit years, Payee, Tran Type")
    func bnz() {
        let text = """
        Date,Amount,Payee,Particulars,Code,Reference,Tran Type,This Party Account,Other Party Account,Serial,Transaction Code,Batch Number,Originating Bank/Branch,Processed Date
        03/04/25,45.00,NGUYEN T,NGUYEN,,INV-10241,D/C,02-0100-0123456-00,12-3456-0123456-00,,50,1234,1234,03/04/25
        28/03/25,-30.00,SPARK NZ,,,,D/D,02-0100-0123456-00,,,00,1234,,28/03/25
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", payer: "NGUYEN T", invoice: "10241"),
            Golden(date: day(2025, 3, 28), amount: "-30.00", type: "debit"),
        ], layout: "BNZ")
    }

    @Test("Westpac: Other Party is the payer")
    func westpac() {
        let text = """
        Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code
        03/04/2025,65.00,WILLIAMS K,DIRECT CREDIT,INV-10242,WILLIAMS,
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "65.00", type: "internet-banking", payer: "WILLIAMS K", invoice: "10242"),
        ], layout: "Westpac")
    }

    @Test("Kiwibank full export: 16 columns, DD-MM-YYYY, split and signed amounts")
    func kiwibankFull() {
        let text = """
        Account number,Date,Memo/Description,Source Code (payment type),TP ref,TP part,TP code,OP ref,OP part,OP code,OP name,OP Bank Account Number,Amount (credit),Amount (debit),Amount,Balance
        38-9012-0345678-00,03-04-2025,DIRECT CREDIT PATEL R,DC,INV-10243,GP VISIT,,INV-10243,GP VISIT,,PATEL R,12-3456-0123456-00,45.00,,45.00,1045.00
        38-9012-0345678-00,04-04-2025,POWER BILL,DD,,,,,,,CONTACT,,,12.00,-12.00,1033.00
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", payer: "PATEL R", invoice: "10243"),
            Golden(date: day(2025, 4, 4), amount: "-12.00", type: "debit"),
        ], layout: "Kiwibank (full)")
    }

    @Test("Kiwibank 2025: dated by the Transaction Date, not the Effective Date")
    func kiwibank2025() {
        let text = """
        Account number,Effective Date,Transaction Date,Description,Transaction Code,Particulars,Code,Reference,Other Party Name,Other Party Account Number,Other Party Particulars,Other Party Code,Other Party Reference,Amount,Balance
        38-9012-0345678-00,2025-04-04,2025-04-03,LEE S INV-10244,DIRECT CREDIT,GP VISIT,,INV-10244,LEE S,12-3456-0123456-00,GP VISIT,,INV-10244,45.00,568.00
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", payer: "LEE S", invoice: "10244"),
        ], layout: "Kiwibank (2025)")
    }

    @Test("Kiwibank plain export: no header, the account number alone on the first line")
    func kiwibankPlain() {
        let text = """
        38-9012-0345678-00
        3 Apr 2025,PATEL R INV-10243 ;,,45.00,1045.00
        4 Apr 2025,POWER BILL ;,,-32.00,1013.00
        """
        let result = bank(text)
        expectRows(result, [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", invoice: "10243", words: "PATEL"),
            Golden(date: day(2025, 4, 4), amount: "-32.00", type: "debit"),
        ], layout: "Kiwibank (plain)")
        #expect(result.traces[0].payload["_account"] == "38-9012-0345678-00")
    }

    @Test("TSB: read, and marked as a layout not yet checked against a real export")
    func tsb() {
        let text = """
        Date,Amount,Description,Particulars,Code,Reference,Balance
        03/04/2025,45.00,BROWN L,GP VISIT,,INV-10245,1045.00
        """
        let result = bank(text)
        expectRows(result, [Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", payer: "BROWN L", invoice: "10245")],
                   layout: "TSB")
        #expect(result.warnings.contains { $0.contains("not yet checked") })
    }

    @Test("CBA: no header; date, signed amount, description, balance")
    func cba() {
        let text = """
        03/04/2025,"+45.00","TRANSFER FROM J SMITH INV-10250","+1045.00"
        04/04/2025,"-12.50","EFTPOS WOOLWORTHS 1234","+1032.50"
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", invoice: "10250", words: "SMITH"),
            Golden(date: day(2025, 4, 4), amount: "-12.50", type: "debit"),
        ], layout: "CBA")
    }

    @Test("NAB: Transaction Details hold the references")
    func nab() {
        let text = """
        Date,Amount,Account Number,,Transaction Type,Transaction Details,Balance,Category,Merchant Name
        03 Apr 25,45.00,083-123 12345678,,TRANSFER CREDIT,J SMITH INV-10251,1045.00,Transfers,
        """
        expectRows(bank(text), [Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", invoice: "10251", words: "SMITH")],
                   layout: "NAB")
    }

    @Test("Barclays: Memo holds the payer and references")
    func barclays() {
        let text = """
        Number,Date,Account,Amount,Subcategory,Memo
        ,03/04/2025,20-32-06 13152170,45.00,BGC,J SMITH   INV-10252
        ,04/04/2025,20-32-06 13152170,-9.99,DEBIT,SPOTIFY
        """
        expectRows(bank(text), [
            Golden(date: day(2025, 4, 3), amount: "45.00", type: "internet-banking", invoice: "10252", words: "SMITH"),
            Golden(date: day(2025, 4, 4), amount: "-9.99", type: "debit"),
        ], layout: "Barclays")
    }

    @Test("a layout named in the playbook is used; a name it does not know is a clear message")
    func forcedLayout() {
        var settings = testSettings
        settings.layout = "westpac"
        let result = bank("Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\n03/04/2025,65.00,WILLIAMS K,,INV-1,,\n", settings: settings)
        #expect(result.traces.first?.payload["_layout"] == "Westpac")
        settings.layout = "no-such-bank"
        let unknown = bank("Date,Amount\n03/04/2025,65.00\n", settings: settings)
        #expect(unknown.traces.isEmpty)
        #expect(unknown.rejects.count == 2)
        #expect(unknown.warnings.contains { $0.contains("no-such-bank") && $0.contains("bank/statement.csv") })
    }
}

@Suite("Amounts, dates and broken statements")
struct BankInputTests {
    @Test("a header's words normalised by their bytes as the general way gives them: every cell of up to four of a mixed alphabet, and bank headers")
    func headerWordsAsGeneral() {
        let cells = runs(of: ["A", "z", "0", " ", "_", "#", "\r\n", "É", "İ", "\u{212A}", "ā"], upTo: 4)
            + ["Transaction Date", "Other Party", "Amount (NZD)", "Card Last4", "created_utc", "Txn Ref", "Date\u{301}"]
        let differing = cells.filter { LayoutWords.normalise($0) != LayoutWords.normaliseAnyWay($0) }
        #expect(differing.isEmpty, "\(differing.prefix(5).map(\.debugDescription))")
        #expect(LayoutWords.normalise("Amount (NZD)") == "amountnzd")
        #expect(LayoutWords.normalise("\u{212A}iwi") == "kiwi")
    }

    @Test("a cell's amount shape for a plainly written amount is what the general way finds: every cell of up to five of digits, marks and signs, either mark")
    func plainAmountShapeAsGeneral() {
        var cells = runs(of: ["0", "1", "9", ".", ",", "-", "'", " "], upTo: 5)
        cells += [String(repeating: "0", count: 23) + "1", String(repeating: "0", count: 24) + "1", "123456789.00", "-45.00", "45.", "$45.00",
                  // A terminal's references: plainly written, too large for an amount.
                  "001783797732", "-123456789012", "123456789012.5", "123456789012,5", "123456789012.345", String(repeating: "9", count: 24),
                  String(repeating: "9", count: 25), "-" + String(repeating: "9", count: 23), "000000000123456789"]
        var wrong: [String] = []
        for cell in cells {
            for mark: Character in [".", ","] {
                let fast = CellShape.amount(cell, decimalMark: mark), general = CellShape.amountAnyWay(CellShape.clean(cell), decimalMark: mark)
                if fast?.cents != general?.cents || fast?.signed != general?.signed || fast?.currency != general?.currency
                    || fast?.decimals != general?.decimals { wrong.append("\(cell) \(mark)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test("a masked card found by its bytes as by its characters: every cell of up to five of masks, digits, spaces, dashes and letters, and longer ones")
    func maskedCardByBytes() {
        let cells = runs(of: ["X", "*", "x", ".", "#", "1", "-", " ", "a", "•"], upTo: 5)
            + ["XXXXXXXXXXXX1234", "4123-****-****-1234", "411111........11", "************", "**** 1234", "•••• 1234", "...1234",
               "**1234", "xx1234", "#1234", "'**** 1234 ", String(repeating: "*", count: 24), String(repeating: "*", count: 25), "12345678901**"]
        let wrong = cells.filter { CellShape.isMaskedCard($0) != CellShape.isMaskedCardAnyWay(CellShape.clean($0)) }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(CellShape.isMaskedCard("**** 1234") && !CellShape.isMaskedCard("#1234"))
    }

    @Test("a cell's date text and whether it is an account number found by its bytes as by its characters: every cell of up to five of digits, T, commas, spaces, dashes, line ends and letters, and cells as banks write them")
    func dateTextAndAccountByBytes() {
        let cells = runs(of: ["1", "T", ",", " ", "-", "\r\n", "\r", "a", "é", "'"], upTo: 5)
            + ["2025-04-03T10:15", "29.12.24, 13:56", "30 OCT 2024", "T1-HMC", "12-3094-0456789-00", "38-9012-0345678-00", "*****6789",
               "GB29NWBK60161331926819", "GB29 NWBK 6016 1331 9268 19", "123456", "12345", "١٢٣٤٥٦٧", "'12-3094-0456789-00 ",
               String(repeating: "1", count: 34), String(repeating: "1", count: 35), "1,T2", "1T,2", "1 T 2", "1T\r\n2"]
        var wrong: [String] = []
        for cell in cells {
            if CellShape.dateText(cell) != CellShape.dateTextAnyWay(CellShape.clean(cell)) { wrong.append("date text \(cell.debugDescription)") }
            if CellShape.isAccountNumber(cell) != CellShape.isAccountNumberAnyWay(CellShape.clean(cell)) { wrong.append("account \(cell.debugDescription)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(CellShape.dateText("2025-04-03T10:15") == "2025-04-03 10:15" && CellShape.dateText("29.12.24, 13:56") == "29.12.24 13:56")
        #expect(CellShape.isAccountNumber("12-3094-0456789-00") && !CellShape.isAccountNumber("T1-HMC"))
    }

    @Test("amounts: signs, parentheses, CR/DR, currency, validated thousands separators")
    func amounts() {
        let good: [(String, Int)] = [("45.00", 4500), ("$1,045.50", 104_550), ("(12.00)", -1200), ("12.00 DR", -1200), ("12.00 CR", 1200),
                                     ("-£52.00", -5200), ("+£5.00", 500), ("12.00-", -1200), ("NZD 1,234,567.89", 123_456_789),
                                     ("1 045.50", 104_550), ("\u{A0}45.00", 4500), ("$-3.10", -310)]
        for (text, cents) in good { #expect(Money.parse(text) == cents, "\(text)") }
        #expect(Money.read("1,40,00.00") == .failure(.misplacedThousandsSeparator))
        #expect(Money.read("1,4000.00") == .failure(.misplacedThousandsSeparator))
        #expect(Money.read("45.005") == .failure(.tooManyDecimals))
        #expect(Money.read("4x5") == .failure(.notANumber))
        #expect(Money.read("--5") == .failure(.notANumber))
        #expect(Money.read("1.234,56", decimalMark: ",") == .success(123_456))
        #expect(Money.read("1,234.56", decimalMark: ",") == .failure(.misplacedThousandsSeparator))
    }

    @Test("an amount like 1,40,00.00 is a reject naming the column; the warning names file and line; counts add up")
    func misplacedSeparator() {
        let text = "Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\n03/04/2025,\"1,40,00.00\",WILLIAMS K,,,,\n03/04/2025,45.00,SMITH J,,,,\n"
        let result = bank(text)
        #expect(result.traces.count == 1)
        #expect(result.rejects.count == 1)
        #expect(result.rejects[0].locator.line == 2)
        #expect(result.rejects[0].reason.contains("Amount") && result.rejects[0].reason.contains("thousands"))
        #expect(result.warnings.contains { $0.hasPrefix("bank/statement.csv: line 2:") })
        #expect(!result.warnings.joined().contains("WILLIAMS"))
    }

    @Test("day/month order decided once per file: a single day over 12 settles every row")
    func dateOrderPerFile() {
        let text = "Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\n04/03/2025,1.00,A B,,,,\n13/03/2025,2.00,C D,,,,\n"
        let result = bank(text)
        #expect(result.traces.map { $0.time?.localDate } == [day(2025, 3, 4), day(2025, 3, 13)])
    }

    @Test("a layout nobody described is read from what its columns hold, and says how")
    func unknownLayout() {
        let text = "Posted,Narrative,Value\n03/04/2025,TRANSFER FROM SMITH J,45.00\n04/04/2025,FEES,-5.00\n"
        let result = bank(text, file: "bank/credit-union.csv")
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "-5.00"])
        #expect(result.traces.map { $0.payload["_layout"] } == ["inferred", "inferred"])
        let reading = result.reading.joined()
        #expect(reading.contains("inferred from its columns"))
        #expect(reading.contains("date ← “Posted”"))
        #expect(reading.contains("amount ← “Value”"))
        #expect(!reading.contains("SMITH"))
    }

    @Test("several accounts in one file: each block's rows carry its account; account and total lines listed as no transaction")
    func accountBlocks() {
        let text = "Account,12-3456-0123456-00\nDate,Description,Amount\n03/04/2025,A,45.00\n\nAccount,12-3456-0999999-01\n"
            + "Date,Description,Amount\n03/04/2025,B,-12.00\n04/04/2025,C,7.50\nTotal,,40.50\n"
        let result = bank(text)
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "-12.00", "7.50"])
        #expect(result.traces.map { $0.payload["_account"] } == ["12-3456-0123456-00", "12-3456-0999999-01", "12-3456-0999999-01"])
        #expect(result.rejects.map(\.reason) == ["an account line: the rows below it are that account's", "a total or balance line, not a transaction"])
        #expect(result.reading.joined().contains("1 repeated header(s) skipped"))
    }

    @Test("spreadsheet guards: an apostrophe before a sort code, a date written =\"…\"")
    func spreadsheetGuards() {
        let result = bank("Sort Code,Date,Amount,Memo\n'11-22-33,=\"03/04/2025\",45.00,PAYMENT\n'11-22-33,04/04/2025,-3.00,FEE\n")
        #expect(result.rejects.isEmpty)
        #expect(result.traces.map { $0.time?.localDate } == [day(2025, 4, 3), day(2025, 4, 4)])
        #expect(result.warnings.joined().contains("text guards"))
    }

    @Test("amounts in minor units where the header says so; cards masked with dots; a time written 1400 or 2PM")
    func minorUnits() {
        let text = "Settlement Date,Amount (pence),Card Number,Auth Time\n03-APR-2025,4500,...1234,1400\nAPR-04-2025,1200,**9876,2PM\n"
        let result = eftpos(Array(text.utf8))
        #expect(result.rejects.isEmpty)
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "12.00"])
        #expect(result.traces.map { $0.identity.cardLast4 } == ["1234", "9876"])
        #expect(result.traces.map { $0.time?.localDate } == [day(2025, 4, 3), day(2025, 4, 4)])
        #expect(result.reading.joined().contains("amounts in cents"))
    }

    @Test("minor units are not assumed where amounts have decimals, whatever the header")
    func minorUnitsNeedWholeNumbers() {
        let result = bank("Date,Amount (cents),Memo\n03/04/2025,45.00,A\n")
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00"])
    }

    @Test("a file with no date or amount column: a message naming the file, its first lines by shape, what was found; every row rejected")
    func unreadable() {
        let text = "Ref,Narrative,Note\nA1,TRANSFER FROM SMITH J,hello\nA2,FEES,x\n"
        let result = bank(text, file: "bank/notes.csv")
        #expect(result.traces.isEmpty)
        #expect(result.rejects.count == 3)
        let message = result.warnings.joined(separator: "\n")
        #expect(message.contains("bank/notes.csv"))
        #expect(message.contains("line 1: Ref,Narrative,Note"))
        #expect(message.contains("a9,aaaaaaaa aaaa aaaaa a,aaaaa"))
        #expect(message.contains("rules file"))
        #expect(!message.contains("SMITH"))
    }

    @Test("a truncated file: the cut row is a reject that says so; the rows before it import")
    func truncated() {
        let full = "Type,Details,Particulars,Code,Reference,Amount,Date,ForeignCurrencyAmount,ConversionCharge\nDirect Credit,NGATA A,NGATA,,,52.00,03/04/2025,,\nDirect Credit,SMITH J,GP"
        let result = bank(full)
        #expect(result.traces.count == 1)
        #expect(result.rejects.count == 1)
        #expect(result.rejects[0].locator.line == 3)
        #expect(result.rejects[0].reason.contains("truncated"))
        // Cut inside a quoted field: a broken quote, still one reject.
        let quoted = bank("Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\n03/04/2025,45.00,SMITH J,,,,\n04/04/2025,19.00,\"TIPENE")
        #expect(quoted.traces.count == 1)
        #expect(quoted.rejects.count == 1)
        #expect(quoted.rejects[0].locator.line == 3)
    }

    @Test("a BOM before a quoted header is no obstacle")
    func bomBeforeQuotedHeader() {
        let text = "\u{FEFF}\"Date\",\"Amount\",\"Other Party\",\"Description\",\"Reference\",\"Particulars\",\"Analysis Code\"\r\n\"03/04/2025\",\"45.00\",\"SMITH J\",\"\",\"INV-10300\",\"\",\"\"\r\n"
        let result = bank(text)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.first?.payload["_layout"] == "Westpac")
        #expect(result.traces.first?.payload["_invoice"] == "10300")
    }

    @Test("overlapping exports: the bank's id makes the same row one key; without an id, content plus occurrence")
    func duplicateKeys() {
        let header = "Created date / time : 5 April 2025 / 09:12:44\nBank 12; Branch 3094; Account 0456789-00 (Business Cheque)\nFrom date 20250401\nTo date 20250405\nAvail Bal : 1.00 as of 20250405\nLedger Balance : 1.00 as of 20250405\nDate,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount\n\n"
        let row1 = "2025/04/03,2025040301,D/C,,\"D/C FROM TIPENE M\",\"INV-10234\",45.00\n"
        let row2 = "2025/04/03,2025040302,D/C,,\"D/C FROM TIPENE M\",\"INV-10234\",45.00\n"
        let a = bank(header + row1 + row2), b = bank(header.replacingOccurrences(of: "09:12:44", with: "10:00:00") + row2)
        #expect(a.traces[1].contentKey == b.traces[0].contentKey)
        #expect(a.traces[0].contentKey != a.traces[1].contentKey)
        let anz = "Type,Details,Particulars,Code,Reference,Amount,Date,ForeignCurrencyAmount,ConversionCharge\nDirect Credit,SMITH J,,,,45.00,03/04/2025,,\nDirect Credit,SMITH J,,,,45.00,03/04/2025,,\n"
        let first = bank(anz), again = bank(anz)
        #expect(first.traces[0].contentKey != first.traces[1].contentKey)
        #expect(first.traces.map(\.contentKey) == again.traces.map(\.contentKey))
    }

    @Test("payer names and references: invoice forms, NHIs, names, generic words dropped")
    func references() {
        let refs = PaymentReferences.read(["GP VISIT", "INV10234", "JACK ANDERSO", "#10235", "ZZZ00AC"])
        #expect(refs.invoices == ["10234", "10235"])
        #expect(refs.nhi == "ZZZ00AC")
        #expect(refs.nameWords == ["JACK", "ANDERSO"])
        #expect(refs.truncated)
        #expect(PaymentReferences.payerName("D/C FROM SMITH J") == "SMITH J")
        #expect(PaymentReferences.payerParts("SMITH J")! == ("SMITH", "J"))
        #expect(PaymentReferences.payerParts("MRS JANE SMITH")! == ("SMITH", "JANE"))
    }
}

@Suite("EFTPOS terminals and acquirers")
struct TerminalLayoutTests {
    @Test("Verifone NZ: local time, masked card to last 4, terminal and merchant; a reversal is not a payment")
    func verifone() {
        let text = "Date,Time,Terminal ID,Merchant ID,Transaction Type,Card Type,Masked Card,Amount,Auth Code,Reference,Status\r\n03/04/2025,10:42:17,HMC00001,40123456,Purchase,Visa,XXXXXXXXXXXX5895,45.00,978596,001783795041,Approved\r\n03/04/2025,10:44:17,HMC00001,40123456,Reversal,Visa,XXXXXXXXXXXX5895,-45.00,978596,001783795041,Approved\r\n"
        let result = eftpos(Array(text.utf8))
        #expect(result.rejects.isEmpty)
        #expect(result.traces.map(\.recordType) == ["card-payment", "reversal"])
        let pay = result.traces[0]
        #expect(pay.payload["_layout"] == "Verifone NZ")
        #expect(pay.time?.localDate == day(2025, 4, 3))
        #expect(pay.time?.localTime == LocalTime(hour: 10, minute: 42, second: 17))
        #expect(pay.identity.cardLast4 == "5895")
        #expect(pay.payload["_terminal"] == "HMC00001")
        #expect(pay.payload["_merchant"] == "40123456")
        #expect(pay.payload["_amount"] == "45.00")
        #expect(pay.payload["_vendor"] == "VERIFONE")
    }

    @Test("Smartpay: date and time in one cell, Last 4, dollar amounts, refunds")
    func smartpay() {
        let text = "Transaction Date,Terminal ID,Type,Card Type,Last 4,Amount,Auth Code,RRN,Result\n03/04/2025 09:09:17,SP-77889,Purchase,AMEX,2900,$45.00,200654,001783795066,ACCEPTED\n03/04/2025 11:00:00,SP-77889,Refund,AMEX,2900,$19.00,200655,001783795067,ACCEPTED\n"
        let result = eftpos(Array(text.utf8))
        #expect(result.traces.map(\.recordType) == ["card-payment", "refund"])
        #expect(result.traces[0].payload["_layout"] == "Smartpay")
        #expect(result.traces[0].identity.cardLast4 == "2900")
        #expect(result.traces[0].time?.localTime == LocalTime(hour: 9, minute: 9, second: 17))
    }

    @Test("Square: UTF-16 with BOM, tab-separated, the account's time zone converted to the practice's")
    func squareUTF16() {
        let text = "Date\tTime\tTime Zone\tGross Sales\tTotal Collected\tCard Brand\tPAN Suffix\tTransaction ID\tDevice Name\r\n2025-04-03\t10:42:00\tPacific/Auckland\t$45.00\t$45.00\tVisa\t4242\tTX1\tReception\r\n2025-04-02\t13:00:00\tAustralia/Sydney\t$19.00\t$19.00\tMastercard\t1111\tTX2\tReception\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
        let result = eftpos(bytes)
        #expect(result.encoding == .utf16LE)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.count == 2)
        #expect(result.traces[0].payload["_layout"] == "Square")
        #expect(result.traces[0].identity.cardLast4 == "4242")
        #expect(result.traces[0].time?.localTime == LocalTime(hour: 10, minute: 42))
        // 13:00 in Sydney (UTC+11 on 2 April 2025) is 15:00 in Auckland (UTC+13).
        #expect(result.traces[1].time?.localTime == LocalTime(hour: 15, minute: 0))
        // The same file without its BOM.
        let bare = eftpos(Array(bytes.dropFirst(2)))
        #expect(bare.traces.count == 2)
    }

    @Test("Stripe: Created (UTC) converted to local time, and the date can change")
    func stripe() {
        let text = "\"id\",\"Description\",\"Created (UTC)\",\"Amount\",\"Amount Refunded\",\"Currency\",\"Captured\",\"Card Brand\",\"Card Last4\",\"Status\"\nch_1,Video consultation INV-11468,2025-04-02 21:05,45.00,0.00,nzd,true,Visa,0943,Paid\n"
        let result = eftpos(Array(text.utf8))
        let pay = result.traces[0]
        #expect(pay.payload["_layout"] == "Stripe")
        #expect(pay.time?.localDate == day(2025, 4, 3))
        #expect(pay.time?.localTime == LocalTime(hour: 10, minute: 5))
        #expect(pay.identity.cardLast4 == "0943")
        #expect(pay.payload["_invoice"] == "11468")
    }

    @Test("Windcave CSV: DpsTxnRef layout")
    func windcaveCSV() {
        let text = "TxnType,DpsTxnRef,CardName,CardNumber,Amount,AuthCode,TxnDate,ResponseText\nPurchase,0000000103f5dc65,Visa,411111........1111,45.00,041211,03/04/2025 10:42,APPROVED\n"
        let result = eftpos(Array(text.utf8))
        #expect(result.traces.first?.payload["_layout"] == "Windcave")
        #expect(result.traces.first?.identity.cardLast4 == "1111")
        #expect(result.traces.first?.time?.localTime == LocalTime(hour: 10, minute: 42))
    }
}

@Suite("Public bank and terminal samples through the payment importers", .enabled(if: Samples.available, "../shared/samples is absent: skipped"))
struct PaymentSampleTests {
    /// What each public sample holds, checked by hand against the file: rows read as transactions,
    /// rows rejected (with reason), first and last dates, the sum of signed amounts (money in positive).
    struct Holds {
        let rows: Int
        let rejected: Int
        let first: String
        let last: String
        let sum: String
    }

    static let expected: [String: Holds] = [
        "bank/ie_bank_of_ireland_debit_credit_sparse_balance.csv": Holds(rows: 27, rejected: 0, first: "2017-09-01", last: "2017-09-28", sum: "-419.61"),
        "bank/nz_anz_visa_dc_unsigned_trailing_spaces.csv": Holds(rows: 13, rejected: 0, first: "2014-06-20", last: "2014-06-24", sum: "-602.11"),
        "bank/nz_asb_everyday_preamble_blank_line.csv": Holds(rows: 7, rejected: 0, first: "2026-06-19", last: "2026-06-24", sum: "1368.76"),
        "bank/nz_asb_fastnet_bank_statement.csv": Holds(rows: 6, rejected: 0, first: "2025-01-18", last: "2025-03-20", sum: "0.00"),
        // Spending written positive: turned round (a payment of 2750.00 in, four purchases out).
        "bank/nz_asb_fastnet_credit_card_statement.csv": Holds(rows: 5, rejected: 0, first: "2025-03-20", last: "2025-04-10", sum: "2719.15"),
        "bank/nz_kiwibank_full_statement.csv": Holds(rows: 4, rejected: 0, first: "2025-08-22", last: "2025-08-23", sum: "-69.17"),
        "bank/nz_westpac_unclosed_last_quote.csv": Holds(rows: 7, rejected: 0, first: "2020-07-20", last: "2020-07-24", sum: "49.20"),
        "bank/nz_xero_journal_export_cr_only.csv": Holds(rows: 13, rejected: 0, first: "2015-01-23", last: "2015-02-14", sum: "0.00"),
        // Eight transactions, each with a continuation line joined to it.
        "bank/sg_ocbc_preamble_continuation_lines.csv": Holds(rows: 8, rejected: 0, first: "2018-04-13", last: "2018-04-18", sum: "-173.28"),
        "bank/uk_first_direct_4col.csv": Holds(rows: 1, rejected: 0, first: "2018-02-10", last: "2018-02-10", sum: "-5.00"),
        // Three pending rows with no date yet are rejects; the card's spending carries no sign to turn.
        "bank/uk_john_lewis_card_bom_gbp_pending.csv": Holds(rows: 10, rejected: 3, first: "2019-12-02", last: "2019-12-12", sum: "2485.80"),
        "bank/uk_monzo_export_2_lines.csv": Holds(rows: 1, rejected: 0, first: "2024-08-10", last: "2024-08-10", sum: "-13.75"),
        // The footer line is a reject.
        "bank/uk_nationwide_midata_iso8859-1_crlf.csv": Holds(rows: 8, rejected: 1, first: "2024-07-23", last: "2025-07-19", sum: "-128.15"),
        "bank/uk_nationwide_statement_blob_utf8_lf.csv": Holds(rows: 6, rejected: 0, first: "2025-06-13", last: "2025-08-20", sum: "-130.00"),
        "bank/uk_nationwide_statement_iso8859-1_crlf.csv": Holds(rows: 6, rejected: 0, first: "2025-06-13", last: "2025-08-20", sum: "-130.00"),
        "bank/uk_starling_api_statement_7col.csv": Holds(rows: 2, rejected: 0, first: "2019-10-01", last: "2019-10-02", sum: "500.00"),
        // The row with an extra field is read by the header's columns; the extra cell is kept.
        "bad/uk_nationwide_statement_extra_field_iso8859-1_crlf.csv": Holds(rows: 3, rejected: 0, first: "2025-06-13", last: "2025-06-25", sum: "-70.00"),
        "eftpos/paypal_activity_custom_columns.csv": Holds(rows: 7, rejected: 0, first: "2019-10-01", last: "2019-10-22", sum: "10.00"),
        // Two items of one sale: one trace.
        "eftpos/square_items_export_2017.csv": Holds(rows: 1, rejected: 0, first: "2017-11-16", last: "2017-11-16", sum: "2.00"),
        "eftpos/square_transactions_2018_44col_excel_resaved.csv": Holds(rows: 4, rejected: 0, first: "2018-11-30", last: "2018-12-27", sum: "2434.00"),
        "eftpos/square_transactions_export_2017.csv": Holds(rows: 2, rejected: 0, first: "2017-11-16", last: "2017-11-17", sum: "4.32"),
        "eftpos/stripe_balance_report.csv": Holds(rows: 2, rejected: 0, first: "2020-01-23", last: "2020-01-23", sum: "11.23"),
        // Created times are UTC: 2021-02-03 13:12 UTC is the 4th in Auckland.
        "eftpos/stripe_payments_export_all_columns.csv": Holds(rows: 5, rejected: 0, first: "2021-02-03", last: "2021-03-17", sum: "112.50"),
        "eftpos/stripe_payments_export_default_columns.csv": Holds(rows: 5, rejected: 0, first: "2021-02-03", last: "2021-03-17", sum: "112.50"),
        "eftpos/sumup_de_account_export.csv": Holds(rows: 5, rejected: 0, first: "2024-01-20", last: "2024-12-29", sum: "-1790.12"),
        "eftpos/windcave_pxfusion_get_transaction_soap.http": Holds(rows: 1, rejected: 0, first: "2013-09-23", last: "2013-09-23", sum: "15.00"),
        "eftpos/windcave_pxpay_complete_purchase_success.http": Holds(rows: 1, rejected: 0, first: "2013-02-24", last: "2013-02-24", sum: "10.00"),
        "eftpos/windcave_pxpost_purchase_failure.http": Holds(rows: 1, rejected: 0, first: "2013-02-24", last: "2013-02-24", sum: "10.00"),
    ]

    /// Statement formats other than CSV.
    static let statements: [String: Holds] = [
        // SGML-style leaf elements left unclosed in an OFX 2 file.
        "bank/au_anz_creditcard_ofx203_unclosed_elements.ofx": Holds(rows: 1, rejected: 0, first: "2017-05-08", last: "2017-05-08", sum: "-5.50"),
        "bank/au_suncorp_ofx200_crlf_cdata.ofx": Holds(rows: 1, rejected: 0, first: "2013-12-15", last: "2013-12-15", sum: "-16.85"),
        // Two statements: 8.85 in, 7.00 out, both booked on the 31st.
        "bank/camt053_v02_two_statements.xml": Holds(rows: 2, rejected: 0, first: "2014-12-31", last: "2014-12-31", sum: "1.85"),
        "bank/camt053_v08_swiss_redacted.xml": Holds(rows: 1, rejected: 0, first: "2023-01-25", last: "2023-01-25", sum: "1284.30"),
        "bank/mt940_abnamro_two_statements.sta": Holds(rows: 10, rejected: 0, first: "2011-05-21", last: "2011-05-24", sum: "-345.93"),
        // `DR800,`: a debit with the funds code R; three statements in three currencies.
        "bank/mt940_three_statements_dem_eur_pln.sta": Holds(rows: 16, rejected: 0, first: "2002-11-01", last: "2013-10-27", sum: "12327.30"),
        // Six bank records (a split's own date does not date it); the investment record is a reject.
        "bank/qif_quicken_apostrophe_year_splits.qif": Holds(rows: 6, rejected: 1, first: "2020-02-10", last: "2020-02-14", sum: "-35.50"),
    ]

    static func every() -> [URL] {
        ["bank", "bank/bad", "eftpos"].flatMap { sub -> [URL] in
            let url = Samples.folder.appendingPathComponent(sub)
            return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { url.appendingPathComponent($0) }
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        }
    }

    @Test("every bank and terminal sample is read whole: its rows, first and last dates and the sum of signed amounts")
    func everySample() throws {
        let files = Self.every()
        #expect(files.count >= 35)
        for url in files {
            let name = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
            let bytes = [UInt8](try Data(contentsOf: url))
            let isBank = url.path.contains("/bank/")
            let result = isBank ? BankImporter().read(file: name, bytes: bytes, settings: testSettings) : eftpos(bytes, file: name)
            guard let holds = Self.expected[name] ?? Self.statements[name] else {
                Issue.record("a sample nobody has checked yet: \(name); read it by hand and add what it holds")
                continue
            }
            let dates = result.traces.compactMap { $0.time?.localDate.description }.sorted()
            let sum = result.traces.compactMap { $0.payload["_amount"].flatMap(Money.parse) }.reduce(0, Money.add)
            #expect(result.traces.count == holds.rows, "\(name): \(result.rejects.map(\.reason))")
            #expect(result.rejects.count == holds.rejected, "\(name): \(result.rejects.map(\.reason))")
            #expect(dates.first == holds.first && dates.last == holds.last, "\(name)")
            #expect(Money.format(sum) == holds.sum, "\(name)")
            #expect(result.reading.count == 1 || name.hasSuffix(".http"), "\(name): how it was read is said")
        }
    }

    @Test("golden rows of the ASB, Kiwibank and Stripe samples")
    func goldenRows() throws {
        func read(_ name: String, bank isBank: Bool) throws -> FileImport {
            let bytes = [UInt8](try Data(contentsOf: Samples.folder.appendingPathComponent(name)))
            return isBank ? BankImporter().read(file: name, bytes: bytes, settings: testSettings) : eftpos(bytes, file: name)
        }
        let asb = try read("bank/nz_asb_fastnet_bank_statement.csv", bank: true)
        #expect(asb.traces[0].time?.localDate == day(2025, 1, 18))
        #expect(asb.traces[0].payload["_amount"] == "1300.00")
        #expect(asb.traces[0].identity.payerName == "A B Cat")
        #expect(asb.traces[1].payload["_amount"] == "-1300.00")
        let card = try read("bank/nz_asb_fastnet_credit_card_statement.csv", bank: true)
        #expect(card.traces[0].payload["_amount"] == "2750.00")
        #expect(card.traces[1].time?.localDate == day(2025, 4, 8))
        let kiwi = try read("bank/nz_kiwibank_full_statement.csv", bank: true)
        #expect(kiwi.traces[0].time?.localDate == day(2025, 8, 22))
        #expect(kiwi.traces[0].payload["_amount"] == "-9.00")
        let stripe = try read("eftpos/stripe_payments_export_default_columns.csv", bank: false)
        // 2021-02-03 13:12 UTC is 2021-02-04 02:12 in Auckland (NZDT).
        #expect(stripe.traces[0].time?.localDate == day(2021, 2, 4))
        #expect(stripe.traces[0].time?.localTime == LocalTime(hour: 2, minute: 12))
        #expect(stripe.traces[0].payload["_amount"] == "25.00")
    }

    @Test("Windcave XML responses behind their HTTP headers: an approved purchase and a declined one")
    func windcave() throws {
        let ok = try Data(contentsOf: Samples.folder.appendingPathComponent("eftpos/windcave_pxpay_complete_purchase_success.http"))
        let approved = eftpos([UInt8](ok), file: "eftpos/pxpay.http")
        #expect(approved.rejects.isEmpty)
        #expect(approved.traces.count == 1)
        #expect(approved.traces[0].recordType == "card-payment")
        #expect(approved.traces[0].payload["_amount"] == "10.00")
        #expect(approved.traces[0].payload["_card_type"] == "Visa")
        #expect(approved.traces[0].time?.localDate == day(2013, 2, 24))
        let failed = try Data(contentsOf: Samples.folder.appendingPathComponent("eftpos/windcave_pxpost_purchase_failure.http"))
        let declined = eftpos([UInt8](failed), file: "eftpos/pxpost.http")
        #expect(declined.traces.count == 1)
        #expect(declined.traces.first?.recordType == "declined")
    }
}
