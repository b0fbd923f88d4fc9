public import Foundation
public import Importing
import LacunaCore
import Yams

/// A practice's description of a bank or terminal export this build does not know (README, "Rules
/// files"): the header that gives it away, lines to skip, columns by role, date order, decimal mark,
/// sign convention, encoding, and whether times are UTC.
public enum RulesFile {
    static let keys = ["lacuna-rules", "name", "kind", "signature", "skip", "header", "columns", "date-format", "decimal-mark",
                       "sign", "encoding", "times", "vendor", "field-count", "account-line-first", "aliases", "verified"]
    static let roles: Set<String> = ["date", "time", "datetime", "amount", "credit", "debit", "payer", "particulars", "code", "reference",
                                     "description", "type", "id", "balance", "account", "card", "card-type", "terminal", "merchant",
                                     "auth", "status", "currency", "refunded", "timezone"]

    /// Reads one rules file; a mistake is a `PlaybookError` naming the file, line and what to write.
    public static func load(_ url: URL) throws(PlaybookError) -> PaymentLayout {
        let file = url.path
        func fail(_ node: Node?, _ message: String, _ hint: String) -> PlaybookError {
            PlaybookError(file: file, line: node?.mark?.line, message: message, hint: hint)
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw fail(nil, "cannot read the rules file", "check the path in `rules:` and that the file is UTF-8 text")
        }
        let root: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { throw fail(nil, "the rules file is empty", "see README, \"Rules files\"") }
            root = parsed
        } catch let error as PlaybookError {
            throw error
        } catch {
            throw fail(nil, "not valid YAML", "check indentation and quoting (see README, \"Rules files\")")
        }
        guard let mapping = root.mapping else { throw fail(root, "a rules file is a mapping of keys to values", "see README, \"Rules files\"") }
        var map: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard keys.contains(key) else {
                throw fail(keyNode, "unknown key `\(key)`\(didYouMean(key, among: keys))", "use one of: \(keys.joined(separator: ", "))")
            }
            map[key] = value
        }
        guard map["lacuna-rules"]?.string == "1" else { throw fail(map["lacuna-rules"] ?? root, "`lacuna-rules:` must be 1", "add `lacuna-rules: 1`") }
        guard let name = map["name"]?.string, !name.isEmpty else { throw fail(root, "missing `name`", "name the bank or terminal: `name: Example Credit Union`") }
        guard let kindText = map["kind"]?.string, let kind = SourceKind(rawValue: kindText), kind == .bank || kind == .eftpos else {
            throw fail(map["kind"] ?? root, "`kind` must be bank or eftpos", "write `kind: bank`")
        }
        let hasHeader = map["header"].map { $0.bool ?? true } ?? true
        var signature: [String] = []
        if let node = map["signature"] {
            guard let list = node.sequence?.compactMap(\.string), !list.isEmpty else {
                throw fail(node, "`signature` must list header cells", "write `signature: [Txn Date, Narrative, Amount]`")
            }
            signature = list
        }
        if hasHeader && signature.isEmpty { throw fail(root, "missing `signature`", "list the header cells that identify the file") }

        var columns: [String: [ColumnRef]] = [:]
        guard let columnsNode = map["columns"], let columnMap = columnsNode.mapping else {
            throw fail(map["columns"] ?? root, "`columns` must map roles to header names or positions", "write `columns: { date: Txn Date, amount: Amount }`")
        }
        for (roleNode, value) in columnMap {
            let role = roleNode.string ?? ""
            guard roles.contains(role) else {
                throw fail(roleNode, "unknown column role `\(role)`", "use one of: \(roles.sorted().joined(separator: ", "))")
            }
            let items = value.sequence ?? [value]
            var refs: [ColumnRef] = []
            for item in items {
                if let position = item.int {
                    guard position >= 1 else { throw fail(item, "column positions count from 1", "write `\(role): 1` for the first column") }
                    refs.append(.position(position - 1))
                } else if let header = item.string, !header.isEmpty {
                    guard hasHeader else { throw fail(item, "a file with `header: false` names columns by position", "write `\(role): 2`") }
                    refs.append(.header(header))
                } else {
                    throw fail(item, "`\(role)` must be a header name or a position", "write `\(role): Amount` or `\(role): 3`")
                }
            }
            columns[role] = refs
        }
        guard columns["date"] != nil || columns["datetime"] != nil else { throw fail(columnsNode, "no `date` or `datetime` column", "name the column holding the date") }
        guard columns["amount"] != nil || columns["credit"] != nil || columns["debit"] != nil else {
            throw fail(columnsNode, "no `amount` (or `credit`/`debit`) column", "name the column holding the amount")
        }

        var dateOrder: DateOrder?
        if let node = map["date-format"] {
            guard let text = node.string, let order = order(from: text) else {
                throw fail(node, "`date-format` must be dmy, mdy or ymd (or a pattern such as DD/MM/YYYY)", "write `date-format: dmy`")
            }
            dateOrder = order
        }
        var decimalMark: Character = "."
        if let node = map["decimal-mark"] {
            guard let text = node.string, text == "." || text == "," else { throw fail(node, "`decimal-mark` must be \".\" or \",\"", "write `decimal-mark: \",\"`") }
            decimalMark = Character(text)
        }
        var sign = SignConvention.creditPositive
        if let node = map["sign"] {
            guard let text = node.string, let parsed = SignConvention(rawValue: text) else {
                throw fail(node, "`sign` must be credit-positive or debit-positive", "credit-card statements that show spending positive are debit-positive")
            }
            sign = parsed
        }
        var encoding: TextEncoding?
        if let node = map["encoding"] {
            let known: [String: TextEncoding] = ["utf-8": .utf8, "utf8": .utf8, "windows-1252": .windows1252, "cp1252": .windows1252,
                                                 "latin1": .windows1252, "iso-8859-1": .windows1252, "utf-16le": .utf16LE, "utf-16": .utf16LE,
                                                 "utf-16be": .utf16BE]
            guard let text = node.string?.lowercased(), let value = known[text] else {
                throw fail(node, "unknown `encoding`", "use utf-8, windows-1252, utf-16le or utf-16be")
            }
            encoding = value
        }
        var timesAreUTC = false
        if let node = map["times"] {
            guard let text = node.string?.lowercased(), text == "utc" || text == "local" else { throw fail(node, "`times` must be local or utc", "write `times: utc` for UTC exports") }
            timesAreUTC = text == "utc"
        }
        var headerless: HeaderlessShape?
        if !hasHeader {
            var counts = 1...64
            if let node = map["field-count"] {
                let parts = (node.string ?? "").split(separator: "-").compactMap { Int($0) }
                guard let low = parts.first, low >= 1, (parts.count == 1 || parts[1] >= low) else {
                    throw fail(node, "`field-count` must be a number or a range such as 4-5", "write `field-count: 5`")
                }
                counts = low...(parts.count > 1 ? parts[1] : low)
            }
            headerless = HeaderlessShape(fieldCounts: counts, accountLineFirst: map["account-line-first"]?.bool ?? false)
        }
        var skip = 0
        if let node = map["skip"] {
            guard let value = node.int, value >= 0 else { throw fail(node, "`skip` must be a number of lines", "write `skip: 3`") }
            skip = value
        }
        return PaymentLayout(name: name, aliases: map["aliases"]?.sequence?.compactMap(\.string) ?? [], kind: kind, signature: signature,
                             columns: columns, headerless: headerless, skipLines: skip, dateOrder: dateOrder, decimalMark: decimalMark,
                             sign: sign, encoding: encoding, timesAreUTC: timesAreUTC, verified: map["verified"]?.bool ?? true,
                             vendor: map["vendor"]?.string?.uppercased())
    }

    /// `dmy`, `DD/MM/YYYY`, `MM-DD-YY`, `YYYY-MM-DD`.
    static func order(from text: String) -> DateOrder? {
        if let order = DateOrder(rawValue: text.lowercased()) { return order }
        let letters = text.uppercased().filter { "DMY".contains($0) }
        var order = ""
        for letter in letters where order.last != letter { order.append(letter) }
        switch order {
        case "DMY": return .dmy
        case "MDY": return .mdy
        case "YMD": return .ymd
        default: return nil
        }
    }
}
