import Foundation
import LacunaCore

/// ISO 20022 bank-to-customer statements (CAMT.053, and CAMT.052 reports), through libxml2's
/// streaming reader by element names (any version: .001.02 to .001.08). Each `Ntry` is a transaction:
/// an unsigned amount with its credit/debit indicator, the booking date (the value date kept beside
/// it), the other party (the debtor of money in, the creditor of money out) and the remittance text.
enum CAMTReader {
    static func read(_ utf8: [UInt8]) -> StatementRead {
        var read = StatementRead()
        var stack: [String] = []
        var entry: [String: String]?
        var entryLine = 1
        var statementAccount: String?
        var statements = 0
        let failedAt = XMLStream.walk(utf8) { node in
            switch node {
            case .start(let name, let attributes, let line):
                if name == "Stmt" || name == "Rpt" { statements += 1; statementAccount = nil }
                if name == "Ntry" {
                    entry = [:]
                    entryLine = line
                }
                stack.append(name)
                if entry != nil, name == "Amt", let ccy = attributes["Ccy"] { entry!["Ccy"] = ccy }
            case .text(let raw):
                let text = raw.trimmingWhitespace()
                guard !text.isEmpty else { return }
                if let start = stack.lastIndex(of: "Ntry"), entry != nil {
                    let key = stack[(start + 1)...].joined(separator: "/")
                    if entry![key] == nil { entry![key] = text }
                } else if let acct = stack.lastIndex(of: "Acct"), statementAccount == nil,
                          Array(stack[acct...]) == ["Acct", "Id", "IBAN"] || Array(stack[acct...]) == ["Acct", "Id", "Othr", "Id"] {
                    statementAccount = text
                    if read.account == nil { read.account = text }
                }
            case .end(let name):
                if name == "Ntry", let fields = entry {
                    read.entries.append(Self.entry(fields, line: entryLine, account: statementAccount))
                    entry = nil
                }
                if !stack.isEmpty { stack.removeLast() }
            }
        }
        if let failedAt {
            read.warnings.append("the XML breaks at line \(failedAt); the transactions before it were read")
        }
        read.notes.append("\(statements) statement(s)")
        read.notes.append("dated by the booking date (the value date kept beside it)")
        return read
    }

    /// The first value among keys ending as given (`…/Dbtr/Nm`, `…/Dbtr/Pty/Nm` in later versions).
    static func value(_ f: [String: String], _ suffixes: String...) -> String? {
        for suffix in suffixes {
            if let exact = f[suffix] { return exact }
            if let match = f.keys.sorted().first(where: { $0.hasSuffix("/" + suffix) }) { return f[match] }
        }
        return nil
    }

    static func entry(_ f: [String: String], line: Int, account: String?) -> StatementEntry {
        var entry = StatementEntry(locator: Locator(line: line))
        let booked = f["BookgDt/Dt"] ?? f["BookgDt/DtTm"] ?? f["ValDt/Dt"] ?? f["ValDt/DtTm"]
        if let booked { entry.date = LocalDate(iso: String(booked.prefix(10))) }
        let credit = f["CdtDbtInd"] == "CRDT"
        let reversal = f["RvslInd"] == "true"
        if let amount = f["Amt"] {
            switch Money.read(amount) {
            case .success(let cents): entry.cents = (credit != reversal ? 1 : -1) * abs(cents)
            case .failure(let why): entry.problem = "Amt: \(why)"
            }
        }
        if f["Sts"].map({ $0 == "PDNG" || $0.uppercased() == "PENDING" }) == true { entry.problem = "a pending entry, not yet booked" }
        // The other party: who paid in, or who was paid.
        entry.values["payer"] = credit ? value(f, "Dbtr/Nm", "Dbtr/Pty/Nm", "UltmtDbtr/Nm") : value(f, "Cdtr/Nm", "Cdtr/Pty/Nm", "UltmtCdtr/Nm")
        entry.values["description"] = value(f, "Ustrd", "AddtlNtryInf", "AddtlTxInf")
        entry.values["reference"] = value(f, "CdtrRefInf/Ref", "EndToEndId").flatMap { $0 == "NOTPROVIDED" ? nil : $0 }
        entry.values["id"] = value(f, "AcctSvcrRef", "NtryRef")
        entry.values["type"] = value(f, "BkTxCd/Prtry/Cd", "Domn/Cd", "Cd")
        entry.values["account"] = account
        entry.values["currency"] = f["Ccy"]
        entry.values = entry.values.compactMapValues(present)
        entry.payload = ["BookgDt": f["BookgDt/Dt"] ?? f["BookgDt/DtTm"] ?? "", "ValDt": f["ValDt/Dt"] ?? f["ValDt/DtTm"] ?? "",
                         "CdtDbtInd": f["CdtDbtInd"] ?? "", "Amt": f["Amt"] ?? ""].filter { !$0.value.isEmpty }
        return entry
    }
}
