public import LacunaCore

/// Where a column stands: by its header words, or by position (1-based in rules files, 0-based here)
/// for files without a header.
public enum ColumnRef: Sendable, Hashable {
    case header(String)
    case position(Int)
}

/// Which way a file writes money.
public enum SignConvention: String, Sendable {
    /// Money in positive, money out negative (most statements).
    case creditPositive = "credit-positive"
    /// Money out positive (credit-card statements such as ASB's).
    case debitPositive = "debit-positive"
}

/// How one bank or terminal writes its export: the header that gives it away, the columns by role,
/// and how it writes dates and money. The built-in layouts (`BankLayouts`, `TerminalLayouts`) and a
/// practice's rules files are the same thing.
///
/// Column roles: `date`, `time`, `datetime` (date and time in one cell), `amount` (signed), `credit`
/// and `debit` (split columns), `payer` (the other party), `particulars`, `code`, `reference`,
/// `description`, `type`, `id` (the bank's own transaction id), `balance`, `account`, `card` (masked
/// number or last 4), `card-type`, `terminal`, `merchant`, `auth`, `status`, `currency`, `refunded`.
public struct PaymentLayout: Sendable {
    /// What the practice calls it: `ASB`, `Kiwibank (2025)`, `Verifone NZ`.
    public var name: String
    /// Short names `layout:` in the playbook accepts (`asb`, `kiwibank-2025`).
    public var aliases: [String]
    public var kind: SourceKind
    /// Header cells that must all be present (compared without case, spaces or punctuation).
    public var signature: [String]
    /// Role → where to find it; the first present wins. For header files, the kind's common synonyms
    /// are tried after these (`PaymentLayout.commonColumns`).
    public var columns: [String: [ColumnRef]]
    /// A layout with no header row: how to recognise its data rows.
    public var headerless: HeaderlessShape?
    /// Lines to skip before anything else (a rules file's `skip`).
    public var skipLines: Int
    /// Nil: decided once per file from its dates.
    public var dateOrder: DateOrder?
    public var decimalMark: Character
    public var sign: SignConvention
    /// Forced encoding (a rules file's `encoding`); nil: detected.
    public var encoding: TextEncoding?
    /// Times are UTC (Stripe) and are converted to the practice's local time.
    public var timesAreUTC: Bool
    /// False until a real export has been seen (TSB): rows are read, and a warning says so.
    public var verified: Bool
    /// For terminals: the vendor, used to match a bank's settlement line (`VERIFONE`, `SMARTPAY`).
    public var vendor: String?

    public init(name: String, aliases: [String] = [], kind: SourceKind, signature: [String],
                columns: [String: [ColumnRef]] = [:], headerless: HeaderlessShape? = nil, skipLines: Int = 0,
                dateOrder: DateOrder? = nil, decimalMark: Character = ".", sign: SignConvention = .creditPositive,
                encoding: TextEncoding? = nil, timesAreUTC: Bool = false, verified: Bool = true, vendor: String? = nil) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.signature = signature
        self.columns = columns
        self.headerless = headerless
        self.skipLines = skipLines
        self.dateOrder = dateOrder
        self.decimalMark = decimalMark
        self.sign = sign
        self.encoding = encoding
        self.timesAreUTC = timesAreUTC
        self.verified = verified
        self.vendor = vendor
    }

    /// Whether `name` (from `layout:`) names this layout.
    public func isNamed(_ wanted: String) -> Bool {
        let w = LayoutWords.normalise(wanted)
        return LayoutWords.normalise(name) == w || aliases.contains { LayoutWords.normalise($0) == w }
    }
}

/// How to recognise the data rows of a file that has no header (CBA; Kiwibank's plain export).
public struct HeaderlessShape: Sendable {
    /// Field counts a data row may have.
    public var fieldCounts: ClosedRange<Int>
    /// The first line holds only the account number (Kiwibank).
    public var accountLineFirst: Bool

    public init(fieldCounts: ClosedRange<Int>, accountLineFirst: Bool = false) {
        self.fieldCounts = fieldCounts
        self.accountLineFirst = accountLineFirst
    }
}

/// Header words compared the way exports vary them: case, spaces, punctuation and brackets ignored,
/// but the words inside brackets kept (`Amount (credit)` is not `Amount`; `Created (UTC)` is `createdutc`).
public enum LayoutWords {
    /// A header's letters a–z and digits, lowercased first. An ASCII header by its bytes (every header
    /// cell of every file against every layout's and role's words: 6,000 instructions a cell the
    /// general way); any other the general way, where lowering can make letters ASCII (`K`, the Kelvin
    /// sign, is `k`).
    public static func normalise(_ text: String) -> String {
        text.asciiLettersAndDigitsLowercased ?? normaliseAnyWay(text)
    }

    /// `normalise` of any text: lowered, then its scalars a–z and 0–9 kept.
    static func normaliseAnyWay(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }
}

extension PaymentLayout {
    /// Column synonyms tried after a layout's own, so a vendor renaming a column between portal
    /// versions does not break the import (CONTRACT: eftpos columns are found by header words).
    static func commonColumns(for kind: SourceKind) -> [String: [String]] {
        switch kind {
        case .eftpos:
            return [
                "datetime": ["Created", "Created Date", "Transaction Date Time", "Date Time", "DateTime", "Transaction Time",
                             "Created (UTC)", "created_utc", "Timestamp", "Transaction Date"],
                "date": ["Date", "Transaction Date", "Txn Date"],
                "time": ["Time", "Txn Time"],
                "amount": ["Amount", "Total Collected", "Total", "Purchase Amount", "Gross", "Txn Amount", "AmountSettlement"],
                "card": ["Card Number", "Masked Card", "Masked PAN", "PAN", "Card Last4", "Card Last 4", "Last 4", "Last4", "PAN Suffix", "card_last4"],
                "card-type": ["Card Type", "Card Brand", "Scheme", "Card Scheme", "card_brand", "CardName"],
                "terminal": ["Terminal ID", "TID", "Terminal", "Device Name", "Device"],
                "merchant": ["Merchant ID", "MID", "Merchant Number"],
                "auth": ["Auth Code", "Authorization Code", "Authorisation Code", "Approval Code", "AuthCode"],
                "reference": ["Reference", "RRN", "Transaction ID", "id", "DpsTxnRef", "Txn Ref", "Payment ID"],
                "type": ["Transaction Type", "Type", "TxnType", "Txn Type", "reporting_category"],
                "status": ["Status", "Result", "Response", "Response Text", "ResponseText"],
                "description": ["Description", "Details", "Notes", "MerchantReference"],
                "currency": ["Currency"],
                "timezone": ["Time Zone", "Timezone"],
                "refunded": ["Amount Refunded", "amount_refunded", "Partial Refunds"],
            ]
        default:
            return [
                "date": ["Date", "Transaction Date", "Posted Date", "Value Date", "Txn Date", "Date Processed"],
                "amount": ["Amount", "Value", "Amount (NZD)"],
                "credit": ["Credit", "Credit Amount", "Paid in", "Money In", "Deposits", "Amount (credit)"],
                "debit": ["Debit", "Debit Amount", "Paid out", "Money Out", "Withdrawals", "Amount (debit)"],
                "payer": ["Payee", "Other Party", "Other Party Name", "OP name", "Payer", "Name", "Details"],
                "particulars": ["Particulars", "OP part", "Other Party Particulars"],
                "code": ["Code", "OP code", "Other Party Code", "Analysis Code"],
                "reference": ["Reference", "OP ref", "Other Party Reference", "Memo"],
                "description": ["Description", "Memo/Description", "Transaction Details", "Narrative", "Memo"],
                "type": ["Tran Type", "Transaction Type", "Type", "Source Code (payment type)", "Transaction Code"],
                "id": ["Unique Id", "Transaction ID", "Number", "Serial"],
                "balance": ["Balance"],
                "account": ["Account number", "Account Number", "Account", "This Party Account"],
            ]
        }
    }
}
