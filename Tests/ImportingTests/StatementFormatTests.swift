import Foundation
import Testing
@testable import Importing
import LacunaCore

/// The statement formats banks offer besides CSV, each through the bank pipeline.
@Suite("OFX, QIF, CAMT.053 and MT940 statements")
struct StatementFormatTests {
    func bank(_ text: String, file: String = "statement") -> FileImport {
        BankImporter().read(file: file, bytes: Array(text.utf8), settings: testSettings)
    }

    @Test("OFX 1.x SGML: unclosed leaf elements, the card's own date over the posting date, payer and memo, the FITID as the bank's id")
    func ofxSGML() throws {
        let text = """
        OFXHEADER:100
        DATA:OFXSGML
        VERSION:102
        CHARSET:1252

        <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>NZD<BANKACCTFROM><BANKID>12<ACCTID>12-3094-0456789-00</BANKACCTFROM>
        <BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20250407<DTUSER>20250403<TRNAMT>45.00<FITID>2025040701
        <NAME>SMITH J<MEMO>INV-10234
        </STMTTRN><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20250404120000<TRNAMT>-12,50<FITID>2025040401<NAME>FEES</STMTTRN>
        </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """
        let result = bank(text)
        #expect(result.rejects.isEmpty)
        let first = try #require(result.traces.first)
        #expect(first.time?.localDate == LocalDate(year: 2025, month: 4, day: 3))
        #expect(first.payload["_amount"] == "45.00")
        #expect(first.identity.payerName == "SMITH J")
        #expect(first.payload["_invoice"] == "10234")
        #expect(first.payload["_bank_id"] == "2025040701")
        #expect(first.payload["_account"] == "12-3094-0456789-00")
        #expect(first.payload["_layout"] == "OFX")
        #expect(result.traces[1].payload["_amount"] == "-12.50")
        #expect(result.traces[1].time?.localTime == LocalTime(hour: 12, minute: 0))
        #expect(result.reading.first?.contains("read as OFX") == true)
    }

    @Test("QIF: the file's date order from its values, splits not counted as records, investments rejected, lists skipped")
    func qif() {
        let text = "!Type:Cat\nNMedical\n^\n!Type:Bank\nD03/04/2025\nT45.00\nPSMITH J\nMINV-10234\n^\nD14/04/2025\nT-5.00\nPFees\nSA\n$-2.50\nSB\n$-2.50\n^\n!Type:Invst\nD1/4/2025\nNBuy\n^\n"
        let result = bank(text)
        #expect(result.traces.map { $0.time?.localDate } == [LocalDate(year: 2025, month: 4, day: 3), LocalDate(year: 2025, month: 4, day: 14)])
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "-5.00"])
        #expect(result.rejects.count == 1)
        #expect(result.reading.first?.contains("lists skipped: 1 cat") == true)
    }

    @Test("CAMT.053: unsigned amounts with their indicator, a reversal turned, the debtor of money in as payer, remittance as description")
    func camt() throws {
        let text = """
        <?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
        <Acct><Id><IBAN>NZ00TEST0000000001</IBAN></Id></Acct>
        <Ntry><Amt Ccy="NZD">45.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2025-04-03</Dt></BookgDt><ValDt><Dt>2025-04-04</Dt></ValDt>
        <AcctSvcrRef>R1</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>SMITH J</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>INV-10234</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
        <Ntry><Amt Ccy="NZD">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><BookgDt><Dt>2025-04-04</Dt></BookgDt></Ntry>
        </Stmt></BkToCstmrStmt></Document>
        """
        let result = bank(text)
        #expect(result.rejects.isEmpty)
        let first = try #require(result.traces.first)
        #expect(first.time?.localDate == LocalDate(year: 2025, month: 4, day: 3))
        #expect(first.payload["ValDt"] == "2025-04-04")
        #expect(first.identity.payerName == "SMITH J")
        #expect(first.payload["_invoice"] == "10234")
        #expect(first.payload["_account"] == "NZ00TEST0000000001")
        #expect(result.traces[1].payload["_amount"] == "-10.00")
    }

    @Test("MT940: value dates, C/D and reversals, a funds code, decimal commas, :86: subfields for the other party")
    func mt940() throws {
        let text = ":20:STMT1\n:25:12-3094-0456789-00\n:28C:1/1\n:60F:C250402NZD100,00\n:61:2504030403CR45,NTRFNONREF//B1\n:86:166?00GUTSCHRIFT?20INV-10234?32SMITH J\n:61:250404D5,N020FEES\n:86:Monthly fee\n:62F:C250404NZD140,00\n-\n"
        let result = bank(text)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.map { $0.payload["_amount"] } == ["45.00", "-5.00"])
        let first = try #require(result.traces.first)
        #expect(first.identity.payerName == "SMITH J")
        #expect(first.payload["_invoice"] == "10234")
        #expect(first.payload["_bank_id"] == "B1")
        #expect(first.time?.localDate == LocalDate(year: 2025, month: 4, day: 3))
    }

    @Test("a statement format with no transaction says so")
    func empty() {
        let result = bank("OFXHEADER:100\n<OFX><BANKMSGSRSV1></BANKMSGSRSV1></OFX>\n")
        #expect(result.traces.isEmpty)
        #expect(result.warnings.contains { $0.contains("holds no transaction") })
    }
}
