import LacunaCore

/// One record's fields as name → text, kept as its table's names (shared by every row of the table)
/// and the row's texts in their order: a dictionary made for each of a damaged database's rows (some
/// 180,000 at 100,000 patients) cost more than reading the row. A name is there once.
struct RemnantFields {
    /// The names, each once, with what every record of them needs worked out once (`Names`).
    let names: Names
    /// Each name's text, in the names' order; "" where the record has none (NULL).
    let texts: [String]

    /// A table's field names, their places in order of name and their folded forms (letters and
    /// digits, lower case): what `RemnantRecordTraces.Fields` reads a record's fields by.
    final class Names: Sendable {
        let names: [String]
        /// The places of the names in order of name.
        let byName: [Int]
        /// Each name's folded form, by place.
        let folded: [String]

        init(_ names: [String]) {
            self.names = names
            byName = names.indices.sorted { names[$0] < names[$1] }
            folded = names.map(\.lettersAndDigitsLowercased)
        }
    }

    /// `texts` in the order of `names`, as many.
    init(names: Names, texts: [String]) {
        precondition(names.names.count == texts.count, "a text for each name")
        self.names = names
        self.texts = texts
    }

    /// The text of a field by its name; nil where the record has no such field.
    subscript(name: String) -> String? {
        names.names.firstIndex(of: name).map { texts[$0] }
    }

    /// The field names.
    var keys: [String] { names.names }

    /// As a dictionary (for the few records a table's patient fields are found from).
    var dictionary: [String: String] {
        Dictionary(zip(names.names, texts), uniquingKeysWith: { first, _ in first })
    }
}
