import LacunaCore

/// OFX statements, 1.x (SGML: leaf elements left unclosed, `<TRNAMT>-5.50`) and 2.x (XML, CDATA), read
/// by one tolerant tag scanner: each `STMTTRN` is a transaction. The date is the customer's
/// (`DTUSER`, when the card was used) where given, else the bank's posting date (`DTPOSTED`).
enum OFXReader {
    static func read(_ utf8: [UInt8]) -> StatementRead {
        var read = StatementRead()
        var current: [String: String]?
        var currentLine = 1
        var path: [String] = []
        var currency: String?
        var line = 1
        var i = 0
        let n = utf8.count
        func emit() {
            guard let fields = current else { return }
            read.entries.append(entry(fields, line: currentLine, currency: currency))
            current = nil
        }
        while i < n {
            if utf8[i] == 0x0A { line += 1 }
            guard utf8[i] == UInt8(ascii: "<") else { i += 1; continue }
            // `<!…>` and `<?…?>`: declarations and processing instructions.
            if i + 1 < n, utf8[i + 1] == UInt8(ascii: "?") || (utf8[i + 1] == UInt8(ascii: "!") && !startsCDATA(utf8, i)) {
                while i < n, utf8[i] != UInt8(ascii: ">") { if utf8[i] == 0x0A { line += 1 }; i += 1 }
                i += 1
                continue
            }
            var j = i + 1
            let closing = j < n && utf8[j] == UInt8(ascii: "/")
            if closing { j += 1 }
            let nameStart = j
            while j < n, utf8[j] != UInt8(ascii: ">"), utf8[j] > 0x20 { j += 1 }
            let name = String(decoding: utf8[nameStart..<j], as: UTF8.self).uppercased()
            while j < n, utf8[j] != UInt8(ascii: ">") { j += 1 }
            i = j + 1
            if closing {
                if name == "STMTTRN" { emit() }
                if let last = path.lastIndex(of: name) { path.removeSubrange(last...) }
                continue
            }
            if name == "STMTTRN" {
                emit()
                current = [:]
                currentLine = line
                path.append(name)
                continue
            }
            // The element's text: up to the next tag (a CDATA section taken whole).
            var value = ""
            var k = i
            if k < n, startsCDATA(utf8, k) {
                let start = k + 9
                var end = start
                while end + 2 < n, !(utf8[end] == UInt8(ascii: "]") && utf8[end + 1] == UInt8(ascii: "]") && utf8[end + 2] == UInt8(ascii: ">")) { end += 1 }
                value = String(decoding: utf8[start..<min(end, n)], as: UTF8.self)
                k = min(end + 3, n)
            } else {
                while k < n, utf8[k] != UInt8(ascii: "<") { k += 1 }
                value = String(decoding: utf8[i..<k], as: UTF8.self)
            }
            let text = value.trimmingWhitespace()
            if text.isEmpty {
                path.append(name)   // an aggregate: its children follow
                continue
            }
            if current != nil {
                current![name] = decodeEntities(text)
            } else if name == "ACCTID", read.account == nil {
                read.account = text
            } else if name == "CURDEF" {
                currency = text
            }
        }
        emit()
        let card = String(decoding: utf8.prefix(20000), as: UTF8.self).uppercased().contains("CCSTMTRS")
        read.notes.append(card ? "a credit-card statement" : "a bank statement")
        if let currency { read.notes.append("currency \(currency)") }
        read.notes.append("dated by DTUSER where given, else DTPOSTED")
        return read
    }

    static func startsCDATA(_ b: [UInt8], _ i: Int) -> Bool {
        let marker = Array("<![CDATA[".utf8)
        return i + marker.count <= b.count && Array(b[i..<(i + marker.count)]) == marker
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingEvery("&lt;", with: "<").replacingEvery("&gt;", with: ">")
            .replacingEvery("&quot;", with: "\"").replacingEvery("&apos;", with: "'").replacingEvery("&amp;", with: "&")
    }

    static func entry(_ f: [String: String], line: Int, currency: String?) -> StatementEntry {
        var entry = StatementEntry(locator: Locator(line: line))
        let dated = (f["DTUSER"] ?? f["DTPOSTED"]).flatMap(StatementImport.compactDate)
        entry.date = dated?.0
        entry.time = dated?.1
        if let amount = f["TRNAMT"] {
            let mark: Character = amount.contains(",") && !amount.contains(".") ? "," : "."
            switch Money.read(amount, decimalMark: mark) {
            case .success(let cents): entry.cents = cents
            case .failure(let why): entry.problem = "TRNAMT: \(why)"
            }
        }
        entry.values["type"] = f["TRNTYPE"]
        entry.values["id"] = f["FITID"]
        entry.values["payer"] = f["NAME"] ?? f["PAYEE"]
        entry.values["description"] = f["MEMO"]
        if let reference = f["REFNUM"] ?? f["CHECKNUM"], reference != "0" { entry.values["reference"] = reference }
        entry.values["currency"] = f["CURRENCY"] ?? currency
        entry.values = entry.values.compactMapValues(present)
        entry.payload = f.filter { ["DTPOSTED", "DTUSER", "TRNTYPE", "FITID", "NAME", "MEMO", "CHECKNUM", "REFNUM", "TRNAMT"].contains($0.key) }
        return entry
    }
}
