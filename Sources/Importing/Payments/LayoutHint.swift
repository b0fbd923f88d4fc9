import LacunaCore

/// A known layout or a practice's rules file as a hint for reading a file: how much of its header
/// signature the file holds, where, and what its columns add to the roles' scores. A rules file or a
/// layout named in the playbook weighs like a decision (50); a built-in layout like strong evidence (15
/// times the share of its header words the file holds).
struct LayoutHint {
    let layout: PaymentLayout
    /// Where its signature was found; nil for a layout without a header, or a forced one.
    let headerIndex: Int?
    /// The share of its signature's words the header holds (1 for a forced or header-less layout).
    let match: Double
    let strength: Double

    /// The best hint for `records`: a rules file holding at least three quarters of its signature (or
    /// fitting as a header-less layout), else the built-in layout holding the largest share (at least
    /// 60%, and two words) of its own; the longer signature wins a tie.
    static func best(in records: [CSVRecord], rules: [PaymentLayout], builtIn: [PaymentLayout]) -> LayoutHint? {
        func found(_ layouts: [PaymentLayout], strength: Double, least: Double) -> LayoutHint? {
            var best: LayoutHint?
            for layout in layouts {
                let candidate: LayoutHint?
                if let shape = layout.headerless {
                    candidate = fitsHeaderless(shape, layout: layout, records: Array(records.dropFirst(layout.skipLines)))
                        ? LayoutHint(layout: layout, headerIndex: nil, match: 1, strength: strength) : nil
                } else {
                    candidate = header(of: layout, in: Array(records.dropFirst(layout.skipLines)))
                        .map { LayoutHint(layout: layout, headerIndex: $0.index, match: $0.match, strength: strength) }
                }
                guard let candidate, candidate.match >= least else { continue }
                if let current = best, (current.match, current.layout.signature.count) >= (candidate.match, candidate.layout.signature.count) {
                    continue
                }
                best = candidate
            }
            return best
        }
        if let rule = found(rules, strength: 50, least: 0.75) { return rule }
        if let byHeader = found(builtIn.filter { $0.headerless == nil }, strength: 15, least: 0.6), byHeader.layout.signature.count >= 2 {
            // A known layout's columns outweigh the general vocabulary in proportion to how well it fits.
            return LayoutHint(layout: byHeader.layout, headerIndex: byHeader.headerIndex, match: byHeader.match,
                              strength: 15 * byHeader.match)
        }
        // A built-in header-less layout (CBA, Kiwibank plain) only for a file whose first rows are data.
        return found(builtIn.filter { $0.headerless != nil }, strength: 15, least: 1)
    }

    /// Header words every export uses: they say nothing of which vendor wrote a file.
    static let commonWords: Set<String> = Set(["Date", "Time", "Time Zone", "Timezone", "Amount", "Type", "Description", "Reference",
                                               "Status", "Currency", "Balance", "Details", "Particulars", "Code", "Payee", "Memo", "id",
                                               "Transaction Date", "Transaction Type", "Card Type", "Terminal ID"].map(LayoutWords.normalise))

    /// The early record holding the most of `layout`'s signature, and the share it holds; a header
    /// holding none of the signature's own words (those not every export uses) is not this layout's.
    static func header(of layout: PaymentLayout, in records: [CSVRecord]) -> (index: Int, match: Double)? {
        let wanted = Set(layout.signature.map(LayoutWords.normalise))
        guard !wanted.isEmpty else { return nil }
        let own = wanted.subtracting(commonWords)
        var best: (index: Int, match: Double)?
        for (index, record) in records.prefix(25).enumerated() {
            let cells = Set(record.fields.map(LayoutWords.normalise))
            guard own.isEmpty || !own.isDisjoint(with: cells) else { continue }
            let match = Double(wanted.intersection(cells).count) / Double(wanted.count)
            if match > (best?.match ?? 0) { best = (index, match) }
        }
        return best
    }

    /// Whether a header-less layout's rows (after its account line) have its field counts, a date
    /// where it says and an amount where it says, in four rows of five.
    static func fitsHeaderless(_ shape: HeaderlessShape, layout: PaymentLayout, records: [CSVRecord]) -> Bool {
        var first = 0
        if shape.accountLineFirst {
            guard let line = records.first, let cell = present(line.fields.first), line.fields.dropFirst().allSatisfy({ present($0) == nil }),
                  cell.filter(\.isNumber).count >= 10 else { return false }
            first = 1
        }
        func position(_ role: String) -> Int? {
            if case .position(let p)? = layout.columns[role]?.first { return p }
            return nil
        }
        let sample = records.dropFirst(first).prefix(10).filter { !$0.fields.allSatisfy { present($0) == nil } }
        guard !sample.isEmpty, let date = position("date") ?? position("datetime") else { return false }
        let amount = position("amount") ?? position("credit") ?? position("debit")
        func fits(_ record: CSVRecord) -> Bool {
            shape.fieldCounts.contains(record.fields.count) && date < record.fields.count
                && !CellShape.dateOrders(record.fields[date]).isEmpty
                && (amount.map { $0 < record.fields.count && (present(record.fields[$0]) == nil
                        || (try? Money.read(record.fields[$0], decimalMark: layout.decimalMark).get()) != nil) } ?? true)
        }
        // The first row too: a header of words above rows that fit is a file with a header.
        guard let head = sample.first, fits(head) else { return false }
        return sample.filter(fits).count * 10 >= sample.count * 8
    }

    /// The hint's columns as bonuses to their roles: a header it names, or a position it gives.
    func columnHints(headerCells: [String]) -> [RoleAssignment.Hint] {
        let cells = headerCells.map(LayoutWords.normalise)
        let source = strength >= 50 ? "as \(layout.name) says" : "\(layout.name)'s column"
        var hints: [RoleAssignment.Hint] = []
        for (role, refs) in layout.columns {
            for ref in refs {
                let column: Int?
                switch ref {
                case .position(let p): column = p
                case .header(let name): column = cells.firstIndex(of: LayoutWords.normalise(name))
                }
                if let column {
                    hints.append(RoleAssignment.Hint(role: role, column: column, bonus: strength, source: source))
                    break
                }
            }
        }
        return hints
    }

    /// Roles the layout switches off (an empty list: Barclays' `Number` is no transaction id).
    var excludedRoles: Set<String> { Set(layout.columns.filter { $0.value.isEmpty }.keys) }
}
