import LacunaCore

/// What one column of a table holds: its header (if the table has one) as words, and the shapes of
/// its values over a sample of data rows. `RoleAssignment` scores roles against it.
struct ColumnProfile {
    let index: Int
    /// The header cell as written; nil for a file without a header.
    let header: String?
    /// The header compared the way exports vary it (`LayoutWords.normalise`).
    let normalised: String
    /// The header's words, lower case: `Created (UTC)` → created, utc; `amount_refunded` → amount,
    /// refunded; `TransactionDate` → transaction, date.
    let words: [String]

    var filled = 0
    var dateOrders: [DateOrder: Int] = [:]
    var withTime = 0
    var times = 0
    var amounts = 0
    var signedAmounts = 0
    var negatives = 0
    var currencyMarked = 0
    var decimals = 0
    var maskedCards = 0
    var lastFours = 0
    var debitCredit = 0
    var accounts = 0
    var integers = 0
    /// Cells with letters that are not dates or amounts: names, descriptions, types.
    var textual = 0
    var distinct: Set<String> = []
    var longest = 0

    init(index: Int, header: String?) {
        self.index = index
        self.header = header
        normalised = header.map(LayoutWords.normalise) ?? ""
        words = header.map(Self.words) ?? []
    }

    /// What one cell's text shows, whichever row it is in (the column's decimal mark and header given).
    private struct CellFacts {
        /// Its length in characters.
        var length = 0
        var orders: [DateOrder] = []
        var withTime = false, time = false
        var amount: CellShape.Amount?
        var maskedCard = false, lastFour = false, debitCredit = false, account = false, integer = false, textual = false

        init(_ cell: String, decimalMark: Character, fourDigitTimes: Bool) {
            length = cell.count
            orders = CellShape.dateOrders(cell)
            if !orders.isEmpty, CellShape.hasTime(cell) { withTime = true }
            if orders.isEmpty, CellShape.isTime(cell, fourDigits: fourDigitTimes) { time = true }
            if orders.isEmpty { amount = CellShape.amount(cell, decimalMark: decimalMark) }
            maskedCard = CellShape.isMaskedCard(cell)
            lastFour = CellShape.isLastFour(cell)
            debitCredit = CellShape.debitCredit(cell) != nil
            account = CellShape.isAccountNumber(cell)
            integer = cell.allSatisfy(\.isNumber)
            textual = orders.isEmpty && cell.contains(where: \.isLetter) && !debitCredit
        }
    }

    /// Cells whose facts are kept for the rest of the column: a column repeats its values (a status, a
    /// day, an amount), and each cell was taken through every shape test again.
    private static let factsKept = 4096

    /// Profiles column `index` over `rows` (each a row's cells).
    init(index: Int, header: String?, rows: ArraySlice<[String]>, decimalMark: Character) {
        self.init(index: index, header: header)
        let fourDigitTimes = words.contains("time")
        var known: [String: CellFacts] = [:]
        for row in rows where index < row.count {
            let cell = CellShape.clean(row[index])
            guard present(cell) != nil else { continue }
            filled += 1
            if distinct.count < 50 { distinct.insert(cell) }
            let facts: CellFacts
            if let seen = known[cell] {
                facts = seen
            } else {
                facts = CellFacts(cell, decimalMark: decimalMark, fourDigitTimes: fourDigitTimes)
                if known.count < Self.factsKept { known[cell] = facts }
            }
            longest = max(longest, facts.length)
            for order in facts.orders { dateOrders[order, default: 0] += 1 }
            if facts.withTime { withTime += 1 }
            if facts.time { times += 1 }
            if let amount = facts.amount {
                amounts += 1
                if amount.signed { signedAmounts += 1 }
                if amount.cents < 0 { negatives += 1 }
                if amount.currency { currencyMarked += 1 }
                if amount.decimals { decimals += 1 }
            }
            if facts.maskedCard { maskedCards += 1 }
            if facts.lastFour { lastFours += 1 }
            if facts.debitCredit { debitCredit += 1 }
            if facts.account { accounts += 1 }
            if facts.integer { integers += 1 }
            if facts.textual { textual += 1 }
        }
    }

    /// The share of filled cells that `count` is (0 for an empty column).
    func share(_ count: Int) -> Double { filled == 0 ? 0 : Double(count) / Double(filled) }

    var dates: Int { dateOrders.values.max() ?? 0 }
    var isEmpty: Bool { filled == 0 }
    var isConstant: Bool { filled > 2 && distinct.count == 1 }

    /// A header's words: split at spaces, punctuation, snake_case and camelCase; lower case; the UK
    /// spelling of authorisation as the US one.
    static func words(_ header: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for c in header {
            if c.isLetter || c.isNumber {
                if let p = previous, p.isLowercase, c.isUppercase, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
            previous = c
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            let w = word.lowercased()
            return w.hasPrefix("authoris") ? "authoriz" + w.dropFirst(8) : w
        }
    }
}
