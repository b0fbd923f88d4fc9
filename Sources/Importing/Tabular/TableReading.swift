import LacunaCore

/// How a table was read, in words a person (or IT checking a new export) can follow: the layout it
/// was read as, or that it was inferred; the header used; each role's column and the evidence for it;
/// the day/month order, sign convention and time zone assumed.
struct TableReading: Sendable {
    /// The known layout or rules file it was read as (with the share of its header words), or nil.
    var layout: String?
    var headerLine: Int?
    var roles: [String: RoleChoice]
    var headerCells: [String]
    var dateOrder: DateOrder
    var sign: SignConvention
    var signEvidence: String?
    var utc: Bool
    var zoneColumn: Bool
    /// Amounts in cents or pence, as the header says.
    var minorUnits = false

    /// One line: `read as ASB; header on line 7; date ← “Date” (header “Date”; 12 of 12 cells dates) …`.
    var summary: String {
        var parts = [layout.map { "read as \($0)" } ?? "inferred from its columns"]
        parts.append(headerLine.map { "header on line \($0)" } ?? "no header: columns read from their values")
        let order = ["date", "datetime", "time", "amount", "credit", "debit", "dc", "balance", "payer", "particulars", "code", "reference",
                     "description", "type", "id", "account", "card", "card-type", "terminal", "merchant", "auth", "status",
                     "refunded", "currency", "timezone"]
        let described = roles.values.sorted { (order.firstIndex(of: $0.role) ?? 99, $0.column) < (order.firstIndex(of: $1.role) ?? 99, $1.column) }
            .map { choice -> String in
                let column = choice.column < headerCells.count && !headerCells[choice.column].isEmpty
                    ? "“\(headerCells[choice.column])”" : "column \(choice.column + 1)"
                return "\(choice.role) ← \(column)" + (choice.evidence.isEmpty ? "" : " (\(choice.evidence))")
            }
        parts.append(described.joined(separator: ", "))
        parts.append("dates \(dateOrder.rawValue)")
        if minorUnits { parts.append("amounts in cents (the header says so)") }
        parts.append((sign == .debitPositive ? "spending written positive" : "money in positive") + (signEvidence.map { " (\($0))" } ?? ""))
        parts.append(utc ? "times in UTC, converted to the practice's" : zoneColumn ? "times in the zone each row names" : "times as the practice's")
        let unused = headerCells.indices.filter { column in !roles.values.contains { $0.column == column } && !headerCells[column].isEmpty }
        if !unused.isEmpty { parts.append("kept but not used: " + unused.prefix(12).map { "“\(headerCells[$0])”" }.joined(separator: ", ") + (unused.count > 12 ? " …" : "")) }
        return parts.joined(separator: "; ")
    }
}
