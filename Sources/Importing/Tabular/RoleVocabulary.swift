import LacunaCore

/// What a role's cells must look like for a column to take it.
enum RoleShape: Sendable {
    case date, dateTime, time, amount, card, debitCredit, account, text, any
}

/// One role a column can play: the whole headers that name it (first the best), the header words
/// that suggest it, the words that argue against it (a processed date is not the transaction's, a
/// fee is not the amount), and the shape its cells must have.
struct RoleSpec: Sendable {
    let role: String
    let headers: [String]
    let words: [String]
    let against: [String]
    let shape: RoleShape

    init(_ role: String, _ shape: RoleShape, headers: [String], words: [String] = [], against: [String] = []) {
        self.role = role
        self.shape = shape
        self.headers = headers
        self.words = words
        self.against = against
    }
}

/// The roles of each tabular kind and the words exports use for them: vendors' and banks' own
/// vocabularies, their versions' renamings, snake_case API names, UK and US spellings, and a few
/// localised ones (SumUp's German). Data, not code: adding a word reads a new export.
enum RoleVocabulary {
    static func roles(for kind: SourceKind) -> [RoleSpec] {
        kind == .eftpos ? terminal : bank
    }

    static let bank: [RoleSpec] = [
        RoleSpec("date", .date,
                 headers: ["Date", "Transaction Date", "Date of Transaction", "Txn Date", "TransactionDate", "Trans Date", "JournalDate",
                           "Datum", "Datum der Transaktion", "Buchungstag", "Posted Date", "Posting Date", "Booking Date",
                           "Effective Date", "Value Date", "Date Processed", "Processed Date", "ProcessedDate"],
                 words: ["date", "datum", "day", "posted", "booked", "when"],
                 against: ["processed", "value", "effective", "available", "settled", "settlement", "due", "posting", "birth",
                           "statement", "from", "to", "created", "cleared"]),
        RoleSpec("amount", .amount,
                 headers: ["Amount", "Transaction Amount", "Amount (NZD)", "Value", "NetAmount", "Net Amount", "Betrag", "Debit/Credit",
                           "Amount (GBP)", "Amount (AUD)", "Amount (EUR)", "Amount (USD)", "Total"],
                 words: ["amount", "amt", "value", "betrag", "sum"],
                 against: ["balance", "refunded", "fee", "foreign", "converted", "tax", "discount", "conversion", "local", "available",
                           "credit", "debit", "in", "out", "paid", "limit"]),
        RoleSpec("credit", .amount,
                 headers: ["Credit", "Credit Amount", "Paid in", "Money In", "Deposits", "Deposit", "Amount (credit)", "Credits",
                           "Rechnungsbetrag eingehend", "Zahlungsbetrag eingehend", "In"],
                 words: ["credit", "credits", "in", "deposit", "deposits", "received", "eingehend", "incoming", "inflow"],
                 against: ["card", "balance", "debit", "out", "limit", "available"]),
        RoleSpec("debit", .amount,
                 headers: ["Debit", "Debit Amount", "Paid out", "Money Out", "Withdrawals", "Withdrawal", "Amount (debit)", "Debits",
                           "Rechnungsbetrag ausgehend", "Zahlungsbetrag ausgehend", "Out"],
                 words: ["debit", "debits", "out", "withdrawal", "withdrawals", "spent", "ausgehend", "outgoing", "outflow"],
                 against: ["card", "balance", "credit", "in", "direct", "limit"]),
        RoleSpec("dc", .debitCredit, headers: ["D/C", "DC", "Dr/Cr", "CR/DR", "Debit/Credit", "CdtDbtInd", "Type", "Sign"],
                 words: ["dc", "drcr", "sign", "type", "indicator"]),
        RoleSpec("balance", .amount,
                 headers: ["Balance", "Running Balance", "Closing Balance", "Saldo", "Guthaben", "Verfügbares Guthaben", "Balance (GBP)",
                           "Balance (NZD)", "Balance (AUD)", "Balance (EUR)"],
                 words: ["balance", "saldo", "guthaben"], against: ["currency", "available", "ledger"]),
        RoleSpec("payer", .text,
                 headers: ["Payee", "Other Party", "Other Party Name", "OP name", "Payer", "Name", "Counter Party", "Counterparty",
                           "Merchant Name", "Merchant", "Payer Name", "Payee Name", "Beneficiary", "Remitter"],
                 words: ["payee", "party", "payer", "counterparty", "merchant", "beneficiary", "remitter", "name"],
                 against: ["account", "bank", "file", "card", "particulars", "code", "reference", "ref", "part", "category"]),
        RoleSpec("particulars", .any, headers: ["Particulars", "OP part", "Other Party Particulars", "TP part"], words: ["particulars"]),
        RoleSpec("code", .any, headers: ["Code", "OP code", "Other Party Code", "Analysis Code", "TP code"], words: ["code"],
                 against: ["transaction", "source", "tax", "currency", "post", "sort", "bank", "branch", "card", "category"]),
        RoleSpec("reference", .any,
                 headers: ["Reference", "OP ref", "Other Party Reference", "TP ref", "Ref", "Referenz", "Zahlungsreferenz",
                           "Payment Reference", "Customer Reference", "Cust Ref"],
                 words: ["reference", "ref", "referenz", "zahlungsreferenz"], against: ["customer"]),
        RoleSpec("description", .text,
                 headers: ["Description", "Memo", "Memo/Description", "Transaction Details", "Narrative", "Details", "Merchant/Description",
                           "Transaction Description", "Description1", "Notes", "Beschreibung", "Verwendungszweck"],
                 words: ["description", "memo", "details", "narrative", "detail", "beschreibung", "notes", "text", "narration"],
                 against: ["category"]),
        RoleSpec("type", .text,
                 headers: ["Tran Type", "Transaction Type", "Type", "Source Code (payment type)", "Transaction Code", "Art der Transaktion",
                           "Transaction type"],
                 words: ["type", "art", "kind"], against: ["card", "account", "currency", "tender", "entry", "funding"]),
        RoleSpec("id", .any,
                 headers: ["Unique Id", "Transaction ID", "Serial", "Number", "FITID", "Transaktions-ID", "Id", "Transaction Number"],
                 words: ["id", "identifier", "serial", "unique", "fitid"],
                 against: ["customer", "card", "merchant", "account", "staff", "device", "location", "invoice", "reference", "category",
                           "emoji", "receipt", "journal"]),
        RoleSpec("account", .account,
                 headers: ["Account number", "Account Number", "Account", "This Party Account", "Bank Account", "Card Number", "Card"],
                 words: ["account", "acct", "card"], against: ["other", "party", "name", "op", "type", "tp", "category"]),
        RoleSpec("currency", .any, headers: ["Currency", "Währung", "Currency Code"], words: ["currency", "ccy", "waehrung", "währung"],
                 against: ["local", "balance", "converted", "card"]),
    ]

    static let terminal: [RoleSpec] = [
        RoleSpec("datetime", .dateTime,
                 headers: ["Created", "Created (UTC)", "created_utc", "Created date (UTC)", "Transaction Date Time", "Date Time", "DateTime",
                           "Timestamp", "Transaction Time", "Date/Time", "Datum der Transaktion", "TxnDate", "RxDateLocal", "Transaction Date"],
                 words: ["created", "timestamp", "datetime", "date", "time", "datum"],
                 against: ["available", "settled", "settlement", "deposit", "expiry", "exp", "payout", "birth", "updated"]),
        RoleSpec("date", .date,
                 headers: ["Date", "Transaction Date", "Txn Date", "Business Date", "Trans Date", "Datum", "Sale Date"],
                 words: ["date", "datum", "day"],
                 against: ["available", "settled", "settlement", "deposit", "expiry", "exp", "payout", "birth", "updated"]),
        RoleSpec("time", .time, headers: ["Time", "Txn Time", "Transaction Time", "Uhrzeit", "Sale Time"], words: ["time", "uhrzeit"],
                 against: ["zone", "timezone"]),
        RoleSpec("amount", .amount,
                 headers: ["Amount", "Total Collected", "Total", "Purchase Amount", "Gross", "Txn Amount", "AmountSettlement", "Sale Amount",
                           "Transaction Amount", "Betrag", "Zahlungsbetrag", "Gross Sales", "Amount (NZD)", "Total Amount"],
                 words: ["amount", "total", "gross", "collected", "betrag", "purchase"],
                 against: ["refunded", "fee", "fees", "net", "tax", "tip", "discount", "discounts", "cash", "surcharge", "converted",
                           "balance", "refund", "refunds", "partial", "gift", "installment", "other", "rate", "fixed", "percentage",
                           "ausgehend", "captured"]),
        // Money in and out in two columns (account-style exports: SumUp, PayPal balances).
        RoleSpec("credit", .amount,
                 headers: ["Credit", "Money In", "Paid in", "Rechnungsbetrag eingehend", "Zahlungsbetrag eingehend", "Incoming"],
                 words: ["credit", "eingehend", "incoming", "in"], against: ["card", "balance", "debit", "out", "ausgehend"]),
        RoleSpec("debit", .amount,
                 headers: ["Debit", "Money Out", "Paid out", "Rechnungsbetrag ausgehend", "Zahlungsbetrag ausgehend", "Outgoing"],
                 words: ["debit", "ausgehend", "outgoing", "out"], against: ["card", "balance", "credit", "in", "eingehend"]),
        RoleSpec("refunded", .amount, headers: ["Amount Refunded", "amount_refunded", "Partial Refunds", "Refunded", "Refund Amount"],
                 words: ["refunded", "refunds"], against: ["converted", "reason"]),
        RoleSpec("card", .card,
                 headers: ["Card Number", "Masked Card", "Masked PAN", "PAN", "Card Last4", "Card Last 4", "Last 4", "Last4", "PAN Suffix",
                           "card_last4", "Card No", "Masked card number", "CardNumber", "elidedPan", "maskedPan"],
                 words: ["card", "pan", "last4", "masked", "suffix"],
                 against: ["type", "brand", "scheme", "entry", "funding", "name", "country", "exp", "fingerprint", "id", "address",
                           "issue", "cvc", "avs", "methods", "gift", "bin", "zip", "city", "state", "line1", "line2"]),
        RoleSpec("card-type", .text,
                 headers: ["Card Type", "Card Brand", "Scheme", "Card Scheme", "card_brand", "CardName", "Brand"],
                 words: ["brand", "scheme"], against: ["entry", "funding", "gift"]),
        RoleSpec("terminal", .any,
                 headers: ["Terminal ID", "TID", "Terminal", "Device Name", "Device", "Device Nickname", "POI", "Terminal Name"],
                 words: ["terminal", "tid", "device", "poi"]),
        RoleSpec("merchant", .any, headers: ["Merchant ID", "MID", "Merchant Number", "Merchant"], words: ["merchant", "mid"],
                 against: ["reference", "name", "category"]),
        RoleSpec("auth", .any,
                 headers: ["Auth Code", "Authorization Code", "Authorisation Code", "Approval Code", "AuthCode", "Auth"],
                 words: ["auth", "authorization", "approval"]),
        RoleSpec("reference", .any,
                 headers: ["Reference", "RRN", "Transaction ID", "id", "DpsTxnRef", "Txn Ref", "Payment ID", "Transaktions-ID",
                           "balance_transaction_id", "Retrieval Reference Number", "Psp Reference"],
                 words: ["reference", "rrn", "ref", "txnref"], against: ["customer", "merchant", "item", "deposit", "invoice"]),
        RoleSpec("type", .text,
                 headers: ["Transaction Type", "Type", "TxnType", "Txn Type", "reporting_category", "Event Type", "Art der Transaktion"],
                 words: ["type", "category", "art"], against: ["card", "entry", "account", "tender", "funding", "spending", "currency"]),
        RoleSpec("status", .text, headers: ["Status", "Result", "Response", "Response Text", "ResponseText", "Success"],
                 words: ["status", "result", "response"], against: ["code", "cvc", "avs"]),
        RoleSpec("description", .text,
                 headers: ["Description", "Details", "Notes", "MerchantReference", "Item Title", "Note"],
                 words: ["description", "details", "notes", "memo"], against: ["statement", "customer"]),
        RoleSpec("currency", .any, headers: ["Currency", "Währung", "Zahlungswährung", "Currency Code"], words: ["currency", "ccy"],
                 against: ["converted", "card", "balance", "local"]),
        RoleSpec("timezone", .any, headers: ["Time Zone", "Timezone", "TimeZone", "Zeitzone"], words: ["zone", "timezone"]),
        // Online payment services keep who paid: linked like a bank payer.
        RoleSpec("holder", .text,
                 headers: ["Cardholder Name", "Card Holder Name", "Cardholder", "Card Holder", "CardHolderName", "Name on Card",
                           "Customer Name", "Customer Description", "Billing Name", "customer_name", "Buyer Name"],
                 words: ["cardholder", "holder", "customer", "billing", "buyer"],
                 against: ["email", "id", "phone", "address", "reference", "country", "city", "postcode", "zip", "type", "fingerprint"]),
        RoleSpec("email", .text,
                 headers: ["Customer Email", "Email", "Receipt Email", "customer_email", "Email Address", "Buyer Email", "E-mail"],
                 words: ["email", "mail"], against: ["id", "verified", "status"]),
    ]
}
