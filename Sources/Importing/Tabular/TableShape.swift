import LacunaCore

/// Where a table's header and data are among a file's records: the header found by its words, or
/// (with words no vocabulary knows, a foreign language) by being a row of labels just above rows of
/// data; no header where the first rows are already data (the values alone then say what each column
/// is). What comes before is preamble (an account line, balances, a title).
struct TableShape {
    /// The header's index among the records; nil for a file without one.
    let headerIndex: Int?
    /// The first data record's index.
    let firstData: Int

    /// Looks at the first `window` records.
    static func locate(_ records: [CSVRecord], kind: SourceKind, window: Int = 30) -> TableShape {
        let early = Array(records.prefix(window))
        let specs = RoleVocabulary.roles(for: kind)
        let headerNames = Set(specs.flatMap(\.headers).map(LayoutWords.normalise))
        let headerWords = Set(specs.flatMap(\.words))
        func isBlank(_ r: CSVRecord) -> Bool { r.fields.allSatisfy { present($0) == nil } }
        func dataLike(_ r: CSVRecord) -> Bool {
            let cells = r.fields.map(CellShape.clean).filter { !$0.isEmpty }
            let hasDate = cells.contains { !CellShape.dateOrders($0).isEmpty }
            let hasAmount = cells.contains { CellShape.dateOrders($0).isEmpty && CellShape.amount($0) != nil }
            return hasDate && hasAmount && cells.count >= 2
        }
        func labels(_ r: CSVRecord) -> Bool {
            let cells = r.fields.map(CellShape.clean).filter { !$0.isEmpty }
            return cells.count >= 2 && cells.allSatisfy { CellShape.dateOrders($0).isEmpty && CellShape.amount($0) == nil }
        }
        // The next data-like record after `index`, within five non-blank records (pending rows with no
        // date yet may come first).
        func dataFollows(_ index: Int) -> Int? {
            var seen = 0
            for j in (index + 1)..<max(index + 1, early.count) where !isBlank(early[j]) {
                if dataLike(early[j]) { return j }
                seen += 1
                if seen >= 5 { return nil }
            }
            return nil
        }
        var best: (index: Int, score: Int)?
        for (index, record) in early.enumerated() where labels(record) {
            guard let data = dataFollows(index) else { continue }
            let cells = record.fields.map(CellShape.clean).filter { !$0.isEmpty }
            let named = cells.filter { headerNames.contains(LayoutWords.normalise($0)) }.count
            let worded = cells.filter { ColumnProfile.words($0).contains(where: headerWords.contains) }.count
            let widthAgrees = abs(early[data].fields.count - record.fields.count) <= 1 ? 2 : 0
            let score = named * 3 + worded + widthAgrees
            if best == nil || score > best!.score { best = (index, score) }
        }
        if let best {
            var first = best.index + 1
            while first < records.count, isBlank(records[first]) { first += 1 }
            return TableShape(headerIndex: best.index, firstData: first)
        }
        let first = early.firstIndex(where: dataLike) ?? 0
        return TableShape(headerIndex: nil, firstData: first)
    }
}
