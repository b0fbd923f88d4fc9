import LacunaCore

/// Bank statements in the formats banks offer besides CSV: OFX (1.x SGML with unclosed leaf elements,
/// 2.x XML), QIF, ISO 20022 CAMT.053 and SWIFT MT940 (its `:86:` as free text, German subfields or
/// slash codes, as different banks write it).
enum StatementWriter {
    static func ofx(_ lines: [BankWriter.Line], account: String, from: LocalDate, to: LocalDate, xml: Bool) -> String {
        let end = xml ? "\n" : "\r\n"
        func leaf(_ name: String, _ value: String) -> String { xml ? "<\(name)>\(escape(value))</\(name)>" : "<\(name)>\(escape(value))" }
        var text = xml
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"
            : "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
        var body = ["<OFX>", "<SIGNONMSGSRSV1>", "<SONRS>", "<STATUS>", leaf("CODE", "0"), leaf("SEVERITY", "INFO"), "</STATUS>",
                    leaf("DTSERVER", BankWriter.compact(to) + "120000"), leaf("LANGUAGE", "ENG"), "</SONRS>", "</SIGNONMSGSRSV1>",
                    "<BANKMSGSRSV1>", "<STMTTRNRS>", leaf("TRNUID", "1"), "<STATUS>", leaf("CODE", "0"), leaf("SEVERITY", "INFO"), "</STATUS>",
                    "<STMTRS>", leaf("CURDEF", "NZD"), "<BANKACCTFROM>", leaf("BANKID", String(account.prefix(7))),
                    leaf("ACCTID", account), leaf("ACCTTYPE", "CHECKING"), "</BANKACCTFROM>", "<BANKTRANLIST>",
                    leaf("DTSTART", BankWriter.compact(from)), leaf("DTEND", BankWriter.compact(to))]
        for l in lines {
            body += ["<STMTTRN>", leaf("TRNTYPE", l.cents >= 0 ? "CREDIT" : "DEBIT"), leaf("DTPOSTED", BankWriter.compact(l.date)),
                     leaf("TRNAMT", Money.format(l.cents)), leaf("FITID", BankWriter.compact(l.date) + String(format: "%03d", l.sequence)),
                     leaf("NAME", String(l.payer.prefix(32))), leaf("MEMO", l.memo), "</STMTTRN>"]
        }
        body += ["</BANKTRANLIST>", "<LEDGERBAL>", leaf("BALAMT", "18204.55"), leaf("DTASOF", BankWriter.compact(to)), "</LEDGERBAL>",
                 "</STMTRS>", "</STMTTRNRS>", "</BANKMSGSRSV1>", "</OFX>"]
        text += body.joined(separator: end) + end
        return text
    }

    /// Quicken's interchange format: day-first dates as NZ software writes them, payer and memo.
    static func qif(_ lines: [BankWriter.Line]) -> String {
        var text = "!Type:Bank\n"
        for l in lines {
            text += "D\(Formats.dmy(l.date))\nT\(Money.format(l.cents))\nP\(l.payer)\nM\(l.memo)\n^\n"
        }
        return text
    }

    static func camt(_ lines: [BankWriter.Line], account: String, from: LocalDate, to: LocalDate) -> String {
        var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>STMT\(BankWriter.compact(to))</MsgId><CreDtTm>\(to)T09:00:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>\(BankWriter.compact(from))-\(BankWriter.compact(to))</Id>
              <CreDtTm>\(to)T09:00:00</CreDtTm>
              <FrToDt><FrDtTm>\(from)T00:00:00</FrDtTm><ToDtTm>\(to)T23:59:59</ToDtTm></FrToDt>
              <Acct><Id><Othr><Id>\(account)</Id></Othr></Id><Ccy>NZD</Ccy></Acct>

        """
        for l in lines {
            let credit = l.cents >= 0
            let party = credit ? "<Dbtr><Nm>\(escape(l.payer))</Nm></Dbtr>" : "<Cdtr><Nm>\(escape(l.payer))</Nm></Cdtr>"
            text += """
                  <Ntry>
                    <Amt Ccy="NZD">\(Money.format(abs(l.cents)))</Amt>
                    <CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd>
                    <Sts>BOOK</Sts>
                    <BookgDt><Dt>\(l.date)</Dt></BookgDt>
                    <ValDt><Dt>\(l.date)</Dt></ValDt>
                    <AcctSvcrRef>\(BankWriter.compact(l.date))\(String(format: "%03d", l.sequence))</AcctSvcrRef>
                    <NtryDtls><TxDtls>
                      <RltdPties>\(party)</RltdPties>
                      <RmtInf><Ustrd>\(escape(l.memo))</Ustrd></RmtInf>
                    </TxDtls></NtryDtls>
                  </Ntry>

            """
        }
        text += "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n"
        return text
    }

    static func mt940(_ lines: [BankWriter.Line], account: String, from: LocalDate, to: LocalDate, random r: inout DrillRandom) -> String {
        enum Info { case free, german, slashes }
        let style = r.pick([Info.free, .german, .slashes])
        func yymmdd(_ d: LocalDate) -> String { String(format: "%02d%02d%02d", d.year % 100, d.month, d.day) }
        func amount(_ cents: Int) -> String { Money.format(abs(cents)).replacingOccurrences(of: ".", with: ",") }
        var balance = 1_820_455
        var text = ":20:STMT\(BankWriter.compact(to))\r\n:25:\(account)\r\n:28C:1/1\r\n"
        text += ":60F:C\(yymmdd(from))NZD\(amount(balance))\r\n"
        for l in lines {
            balance += l.cents
            let reference = l.reference.isEmpty ? "NONREF" : String(l.reference.prefix(16))
            text += ":61:\(yymmdd(l.date))\(String(format: "%02d%02d", l.date.month, l.date.day))\(l.cents >= 0 ? "C" : "D")\(amount(l.cents))"
                + "NTRF\(reference)//\(BankWriter.compact(l.date))\(String(format: "%03d", l.sequence))\r\n"
            switch style {
            case .free: text += ":86:\(l.payer) \(l.memo)\r\n"
            case .german: text += ":86:166?00GUTSCHRIFT?20\(l.memo)?32\(l.payer)\r\n"
            case .slashes: text += ":86:/ORDP//NAME/\(l.payer)/REMI/\(l.memo)\r\n"
            }
        }
        text += ":62F:\(balance >= 0 ? "C" : "D")\(yymmdd(to))NZD\(amount(balance))\r\n-\r\n"
        return text
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
