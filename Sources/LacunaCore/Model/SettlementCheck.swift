/// One line of the card-settlement reconciliation: a bank's settlement line against the terminal
/// takings it should pay, or terminal takings that no settlement line pays.
public struct SettlementCheck: Sendable, Hashable {
    public enum State: String, Sendable {
        /// The settlement equals the terminal's takings of the day(s) before it.
        case matched
        /// A settlement and takings of the same terminal that do not add up.
        case differs
        /// A settlement for which no terminal export was given (a file to ask for).
        case missingTerminalExport = "missing-terminal-export"
        /// Terminal takings that no settlement line in the statements pays.
        case notInBank = "not-in-bank"
    }

    /// The bank's settlement date; nil for takings not found in the bank.
    public var bankDate: LocalDate?
    /// The terminal or acquirer (`VERIFONE`), where known.
    public var terminal: String?
    public var bankCents: Int?
    public var terminalCents: Int?
    /// The days of takings the line covers.
    public var takingsDates: [LocalDate]
    public var state: State
    /// The bank statement trace, for provenance.
    public var bankTraceID: Int64?
    public var note: String

    public init(bankDate: LocalDate?, terminal: String?, bankCents: Int?, terminalCents: Int?, takingsDates: [LocalDate],
                state: State, bankTraceID: Int64?, note: String) {
        self.bankDate = bankDate
        self.terminal = terminal
        self.bankCents = bankCents
        self.terminalCents = terminalCents
        self.takingsDates = takingsDates
        self.state = state
        self.bankTraceID = bankTraceID
        self.note = note
    }

    /// Whether the line is a gap the practice should look into.
    public var isGap: Bool { state != .matched }
}
