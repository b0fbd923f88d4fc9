import LacunaCore

/// The bank statement layouts of DOMAIN §4, as the banks write them.
public enum BankLayouts {
    static func h(_ names: String...) -> [ColumnRef] { names.map(ColumnRef.header) }
    static func p(_ position: Int) -> [ColumnRef] { [.position(position)] }

    public static let all: [PaymentLayout] = [
        // ASB FastNet: six preamble lines, the header, a blank line; `D/C FROM SMITH J` in Payee.
        PaymentLayout(name: "ASB", aliases: ["asb-fastnet"], kind: .bank,
                      signature: ["Date", "Unique Id", "Tran Type", "Cheque Number", "Payee", "Memo", "Amount"],
                      columns: ["payer": h("Payee"), "reference": h("Memo"), "description": h("Memo"), "id": h("Unique Id"),
                                "type": h("Tran Type")],
                      dateOrder: .ymd),
        // ASB credit card: debits shown positive; dated by the transaction, not the processing.
        PaymentLayout(name: "ASB credit card", aliases: ["asb-credit-card", "asb-cc"], kind: .bank,
                      signature: ["Date Processed", "Date of Transaction", "Unique Id", "Tran Type", "Reference", "Description", "Amount"],
                      columns: ["date": h("Date of Transaction"), "payer": h("Description"), "reference": h("Reference"),
                                "id": h("Unique Id"), "type": h("Tran Type")],
                      dateOrder: .ymd, sign: .debitPositive),
        PaymentLayout(name: "ANZ", aliases: ["anz-nz"], kind: .bank,
                      signature: ["Type", "Details", "Particulars", "Code", "Reference", "Amount", "Date", "ForeignCurrencyAmount"],
                      columns: ["payer": h("Details"), "type": h("Type")]),
        PaymentLayout(name: "BNZ", kind: .bank,
                      signature: ["Date", "Amount", "Payee", "Particulars", "Code", "Reference", "Tran Type"],
                      columns: ["payer": h("Payee"), "type": h("Tran Type"), "account": h("This Party Account"),
                                "id": h("Serial")]),
        PaymentLayout(name: "Westpac", aliases: ["westpac-nz"], kind: .bank,
                      signature: ["Date", "Amount", "Other Party", "Description", "Reference", "Particulars", "Analysis Code"],
                      columns: ["payer": h("Other Party"), "code": h("Analysis Code")]),
        // Kiwibank's full export: 16 columns, split and signed amounts, DD-MM-YYYY.
        PaymentLayout(name: "Kiwibank (full)", aliases: ["kiwibank-full", "kiwibank-a"], kind: .bank,
                      signature: ["Account number", "Date", "Memo/Description", "Source Code (payment type)", "TP ref", "OP name", "Amount"],
                      columns: ["payer": h("OP name"), "particulars": h("TP part", "OP part"), "code": h("TP code", "OP code"),
                                "reference": h("TP ref", "OP ref"), "description": h("Memo/Description"),
                                "type": h("Source Code (payment type)"), "amount": h("Amount")]),
        // Kiwibank's 2025 export: dated by the Transaction Date, ISO dates.
        PaymentLayout(name: "Kiwibank (2025)", aliases: ["kiwibank-2025", "kiwibank-c"], kind: .bank,
                      signature: ["Account number", "Effective Date", "Transaction Date", "Description", "Other Party Name", "Amount"],
                      columns: ["date": h("Transaction Date", "Effective Date"), "payer": h("Other Party Name"),
                                "particulars": h("Particulars", "Other Party Particulars"), "code": h("Code", "Other Party Code"),
                                "reference": h("Reference", "Other Party Reference"), "type": h("Transaction Code")]),
        // Kiwibank's plain export: no header, the account number alone on the first line,
        // then `22 Jan 2025,DESCRIPTION ;,,-32.00,168.00`.
        PaymentLayout(name: "Kiwibank (plain)", aliases: ["kiwibank-plain", "kiwibank-b"], kind: .bank, signature: [],
                      columns: ["date": p(0), "description": p(1), "amount": p(3), "balance": p(4)],
                      headerless: HeaderlessShape(fieldCounts: 5...5, accountLineFirst: true)),
        // TSB: no real export has been seen; the layout follows the other NZ banks' words.
        PaymentLayout(name: "TSB", aliases: ["tsb-nz"], kind: .bank,
                      signature: ["Date", "Amount", "Description", "Particulars", "Code", "Reference", "Balance"],
                      columns: ["payer": h("Description")], verified: false),
        // CBA (Australia): no header; date, signed amount, description, balance.
        PaymentLayout(name: "CBA", aliases: ["commbank"], kind: .bank, signature: [],
                      columns: ["date": p(0), "amount": p(1), "description": p(2), "balance": p(3)],
                      headerless: HeaderlessShape(fieldCounts: 4...5)),
        PaymentLayout(name: "NAB", kind: .bank,
                      signature: ["Date", "Amount", "Account Number", "Transaction Type", "Transaction Details", "Balance"],
                      columns: ["description": h("Transaction Details"), "type": h("Transaction Type"), "payer": h("Merchant Name")]),
        PaymentLayout(name: "Barclays", kind: .bank,
                      signature: ["Number", "Date", "Account", "Amount", "Subcategory", "Memo"],
                      columns: ["description": h("Memo"), "type": h("Subcategory"), "id": [], "payer": []]),
    ]
}

/// The terminal and acquirer exports of DOMAIN §4. Columns are found by the layout's words first and
/// then by the common words vendors use, since they rename columns between portal versions.
public enum TerminalLayouts {
    static func h(_ names: String...) -> [ColumnRef] { names.map(ColumnRef.header) }

    public static let all: [PaymentLayout] = [
        PaymentLayout(name: "Verifone NZ", aliases: ["verifone"], kind: .eftpos,
                      signature: ["Masked Card", "Auth Code", "Terminal ID", "Merchant ID"],
                      columns: ["reference": h("Reference", "RRN")], vendor: "VERIFONE"),
        PaymentLayout(name: "Smartpay", kind: .eftpos, signature: ["Terminal ID", "Last 4", "Card Type"],
                      columns: ["datetime": h("Transaction Date"), "reference": h("RRN")], vendor: "SMARTPAY"),
        PaymentLayout(name: "Windcave", aliases: ["paymentexpress", "dps"], kind: .eftpos, signature: ["DpsTxnRef", "CardNumber"],
                      columns: ["datetime": h("TxnDate", "Date Time", "RxDateLocal"), "amount": h("Amount", "AmountSettlement"),
                                "card": h("CardNumber"), "card-type": h("CardName"), "status": h("ResponseText", "Success")],
                      vendor: "WINDCAVE"),
        // Square: local date and time with the account's time zone; sometimes UTF-16, tab-separated.
        PaymentLayout(name: "Square", kind: .eftpos, signature: ["Date", "Time", "Time Zone", "Total Collected"],
                      columns: ["amount": h("Total Collected", "Gross Sales", "Amount"), "card": h("PAN Suffix"),
                                "card-type": h("Card Brand"), "terminal": h("Device Name"), "reference": h("Transaction ID"),
                                "type": h("Event Type", "Transaction Type")],
                      vendor: "SQUARE"),
        // Stripe: times in UTC (`Created (UTC)`, or `created` in the API-named export).
        PaymentLayout(name: "Stripe", kind: .eftpos, signature: ["id", "Amount Refunded", "Currency"],
                      columns: ["datetime": h("Created (UTC)", "created", "Created date (UTC)"), "reference": h("id"),
                                "status": h("Status"), "card": h("Card Last4", "card_last4"), "card-type": h("Card Brand", "card_brand")],
                      timesAreUTC: true, vendor: "STRIPE"),
        PaymentLayout(name: "Stripe balance report", aliases: ["stripe-balance"], kind: .eftpos,
                      signature: ["balance_transaction_id", "created_utc"],
                      columns: ["datetime": h("created_utc"), "amount": h("gross"), "reference": h("balance_transaction_id"),
                                "type": h("reporting_category")],
                      timesAreUTC: true, vendor: "STRIPE"),
    ]
}
