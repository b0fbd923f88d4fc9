import LacunaCore

/// How this seed's practice, its banks and its terminal vendors write their files. A drill that
/// writes only what the importers expect measures nothing, so each seed draws, per source, among the
/// variations real files have: the bank's CSV layout or another statement format (OFX, QIF,
/// CAMT.053, MT940), each terminal vendor's export or a user's own column choice, the practice
/// system's header wordings, column order and subset, dates, times, separator and character set, and
/// one table handed over as a workbook. `classic` is the drill's first layout, for tests that edit a
/// known file.
struct ExportVariety {
    /// How one bank account's statements are written.
    enum BankFormat: String, CaseIterable {
        case asb = "ASB CSV", anz = "ANZ CSV", kiwibank = "Kiwibank 2025 CSV", westpac = "Westpac CSV", bnz = "BNZ CSV",
             ownColumns = "CSV in the bank's own words", ofx1 = "OFX 1.x (SGML)", ofx2 = "OFX 2.x (XML)", qif = "QIF",
             camt = "CAMT.053", mt940 = "MT940"
    }

    /// How one terminal's or acquirer's export is written.
    enum TerminalFormat: String, CaseIterable {
        case verifone = "Verifone NZ", smartpay = "Smartpay", stripe = "Stripe (UTC)", windcave = "Windcave CSV",
             square = "Square (UTF-16, tab)", userColumns = "columns the user chose"
    }

    /// Bank accounts 0 (two overlapping exports), 1 and 2.
    var banks: [BankFormat]
    /// Terminals 0 (reception), 1 (nurses), 2 (video consultations).
    var terminals: [TerminalFormat]
    /// A terminal export in `userColumns`: its table style.
    var terminalStyles: [TableStyle]
    var bankStyles: [TableStyle]
    var register: TableStyle
    var appointments: TableStyle
    var ledger: TableStyle
    var callbacks: TableStyle
    /// Clinicians' family names of more than one word (de Vries, Te Hira).
    var multiWordClinicians: Bool

    static let classic = ExportVariety(banks: [.asb, .anz, .kiwibank], terminals: [.verifone, .smartpay, .stripe],
                                       terminalStyles: [.classic, .classic, .classic], bankStyles: [.classic, .classic, .classic],
                                       register: .classic, appointments: .classic, ledger: .classic, callbacks: .classic,
                                       multiWordClinicians: false)

    /// This seed's variety.
    static func drawn(_ r: inout DrillRandom) -> ExportVariety {
        var v = classic
        // Each account at a bank of its own, in a format that bank offers.
        var formats = BankFormat.allCases
        r.shuffle(&formats)
        v.banks = Array(formats.prefix(3))
        v.bankStyles = (0..<3).map { _ in
            var style = TableStyle.drawn(&r, encodings: [.utf8, .utf8BOM, .windows1252])
            style.workbook = false
            return style
        }
        // Video consultations go through an online acquirer; the rooms' terminals are anyone's.
        v.terminals = [r.pick([.verifone, .smartpay, .windcave, .square, .userColumns, .userColumns]),
                       r.pick([.verifone, .smartpay, .windcave, .square, .userColumns, .userColumns]),
                       r.pick([.stripe, .stripe, .userColumns])]
        v.terminalStyles = (0..<3).map { _ in
            TableStyle.drawn(&r, encodings: [.utf8, .utf8BOM, .windows1252, .utf16LE],
                             dates: [.dmy, .dmyShort, .iso, .dayMonthName, .monthNameFirst, .dashedMonth])
        }
        v.register = r.chance(0.25) ? .classic : TableStyle.drawn(&r)
        v.appointments = r.chance(0.25) ? .classic : TableStyle.drawn(&r)
        v.ledger = r.chance(0.25) ? .classic : TableStyle.drawn(&r)
        v.callbacks = r.chance(0.25) ? .classic : TableStyle.drawn(&r)
        // One table handed over as a workbook, as practices keep them.
        switch r.int(0...5) {
        case 0: v.register.workbook = true
        case 1: v.appointments.workbook = true
        case 2: v.ledger.workbook = true
        case 3: v.callbacks.workbook = true
        case 4: v.terminalStyles[0].workbook = v.terminals[0] == .userColumns
        default: break
        }
        v.multiWordClinicians = r.chance(0.7)
        return v
    }

    /// What was drawn, for the person running the drill and for test messages.
    var lines: [String] {
        var lines = banks.enumerated().map { "bank account \($0.offset + 1): \($0.element.rawValue)"
            + ($0.element == .ownColumns ? " (\(bankStyles[$0.offset]))" : "") }
        lines += terminals.enumerated().map { "terminal \($0.offset + 1): \($0.element.rawValue)"
            + ($0.element == .userColumns ? " (\(terminalStyles[$0.offset]))" : "") }
        lines += [("register", register), ("appointments", appointments), ("ledger", ledger), ("callbacks", callbacks)].map {
            "\($0.0): " + ($0.1 == .classic ? "the classic layout" : $0.1.description)
        }
        lines.append(multiWordClinicians ? "clinicians: some with family names of more than one word" : "clinicians: one-word family names")
        return lines
    }
}
