import LacunaCore

/// A column given a role, and why: the evidence a person reads in "how this file was read".
struct RoleChoice: Sendable {
    let role: String
    let column: Int
    let score: Double
    let evidence: String
}

/// Gives the columns of a table their roles by scoring every role against every column: the header's
/// words (a whole header a vocabulary names, words that suggest the role, words that argue against
/// it) together with what the cells hold (dates, times, amounts, masked cards, debit/credit markers).
/// A known layout or a rules file adds to the score of the columns it names (a hint, not a gate); a
/// file without a header is read from its values alone. The best-scoring pairs are taken first, each
/// role and each column once.
struct RoleAssignment {
    /// A hint: a bonus for giving `role` to `column`, and where it comes from.
    struct Hint {
        let role: String
        let column: Int
        let bonus: Double
        let source: String
    }

    let kind: SourceKind
    let profiles: [ColumnProfile]
    var hints: [Hint] = []
    /// Roles a layout switches off.
    var excluded: Set<String> = []

    /// The share of a column's cells that must have a role's shape.
    static let fit = 0.8

    func assign() -> [String: RoleChoice] {
        var candidates: [RoleChoice] = []
        for spec in RoleVocabulary.roles(for: kind) where !excluded.contains(spec.role) {
            for profile in profiles {
                if let choice = score(spec, profile) { candidates.append(choice) }
            }
        }
        candidates.sort { ($0.score, -$0.column) > ($1.score, -$1.column) }
        var chosen: [String: RoleChoice] = [:]
        var taken: Set<Int> = []
        for candidate in candidates where chosen[candidate.role] == nil && !taken.contains(candidate.column) {
            guard compatible(candidate, with: chosen) else { continue }
            chosen[candidate.role] = candidate
            taken.insert(candidate.column)
        }
        return chosen
    }

    /// Roles that exclude each other: a date-time column makes a separate date pointless, a signed
    /// amount makes split columns and a debit/credit marker pointless.
    func compatible(_ candidate: RoleChoice, with chosen: [String: RoleChoice]) -> Bool {
        switch candidate.role {
        case "date": return chosen["datetime"] == nil
        case "datetime": return chosen["date"] == nil
        case "credit", "debit": return chosen["amount"] == nil
        case "amount": return chosen["credit"] == nil && chosen["debit"] == nil
        default: return true
        }
    }

    /// A role's score for a column, or nil where the column cannot take it.
    func score(_ spec: RoleSpec, _ profile: ColumnProfile) -> RoleChoice? {
        guard !profile.isEmpty else { return nil }
        var score = 0.0
        var evidence: [String] = []
        if profile.header != nil {
            let header = headerScore(spec, profile)
            score += header.score
            if let said = header.evidence { evidence.append(said) }
        }
        // A header that names the role asks less of the cells (pending rows with no date yet).
        var (shapeFits, shapeWords) = fits(spec.shape, profile, least: score >= 10 ? 0.5 : Self.fit)
        // Whole numbers alone (cheque numbers, codes, ids) are an amount only where a header says so.
        if spec.role == "amount", score <= 0, profile.share(profile.integers) >= 1 { shapeFits = false }
        let hinted = hints.filter { $0.role == spec.role && $0.column == profile.index }
        for hint in hinted {
            score += hint.bonus
            evidence.append(hint.source)
        }
        switch spec.shape {
        case .text, .any:
            // Text roles come from header words or hints; from values alone only a description.
            guard score > 0 || (profile.header == nil && spec.role == "description" && shapeFits) else { return nil }
            if shapeFits { score += 1 }
            if score <= 0 { score = Double(min(profile.longest, 60)) / 60 }
        default:
            guard shapeFits || (!hinted.isEmpty && hinted.contains { $0.bonus >= 40 }) else { return nil }
            if score <= 0 {
                // Values alone: where the file has no header, or this column's header says nothing any
                // role knows (a language the vocabulary lacks), and only for the roles a value's shape
                // decides; a small score, so header words win wherever there are some.
                guard Self.valueOnlyRoles(headerless: profile.header == nil).contains(spec.role),
                      profile.header == nil || !knowsAnyWord(profile) else { return nil }
                score += valueOnlyBonus(spec, profile)
            }
            if shapeFits { score += 2 }
        }
        if let shapeWords, shapeFits { evidence.append(shapeWords) }
        guard score > 0 else { return nil }
        return RoleChoice(role: spec.role, column: profile.index, score: score, evidence: evidence.joined(separator: "; "))
    }

    /// Header evidence: a whole header the vocabulary names, else the role's words among the header's,
    /// less for each word that argues against it.
    func headerScore(_ spec: RoleSpec, _ profile: ColumnProfile) -> (score: Double, evidence: String?) {
        let header = profile.header ?? ""
        if let rank = spec.headers.firstIndex(where: { LayoutWords.normalise($0) == profile.normalised }), !profile.normalised.isEmpty {
            // Earlier headers in the list are the better names (a transaction date over a processed one).
            return (12 - min(Double(rank) * 0.1, 3), "header “\(header)”")
        }
        let found = spec.words.filter(profile.words.contains)
        guard !found.isEmpty else { return (0, nil) }
        let against = spec.against.filter(profile.words.contains)
        let score = 5 + Double(found.count) - 4 * Double(against.count)
        return (score, score > 0 ? "header word\(found.count > 1 ? "s" : "") \(found.joined(separator: ", ")) in “\(header)”" : nil)
    }

    /// The roles values alone may give: those a cell's shape decides (in a file without a header, a
    /// second amount column may be the balance).
    static func valueOnlyRoles(headerless: Bool) -> Set<String> {
        headerless ? ["date", "datetime", "time", "amount", "card", "dc", "balance", "description"]
            : ["date", "datetime", "time", "amount", "card"]
    }

    /// Whether any role's vocabulary knows a word of the column's header.
    func knowsAnyWord(_ profile: ColumnProfile) -> Bool {
        RoleVocabulary.roles(for: kind).contains { spec in
            spec.headers.contains { LayoutWords.normalise($0) == profile.normalised } || spec.words.contains(where: profile.words.contains)
        }
    }

    /// Where values alone pick a role, a little more for the column that fits it best: a signed amount
    /// is the transaction's amount more than an unsigned one is; a balance comes last.
    func valueOnlyBonus(_ spec: RoleSpec, _ profile: ColumnProfile) -> Double {
        switch spec.role {
        case "amount": return profile.share(profile.signedAmounts) + profile.share(profile.decimals) * 0.5
        case "description": return Double(min(profile.longest, 80)) / 80
        case "balance", "credit", "debit", "refunded": return -1
        default: return 0
        }
    }

    /// Whether a column's cells have a shape, and how that reads as evidence.
    func fits(_ shape: RoleShape, _ p: ColumnProfile, least: Double = RoleAssignment.fit) -> (Bool, String?) {
        let n = p.filled
        func said(_ count: Int, _ what: String) -> String { "\(count) of \(n) cells \(what)" }
        switch shape {
        case .date:
            return (p.share(p.dates) >= least, said(p.dates, "dates"))
        case .dateTime:
            return (p.share(p.withTime) >= least, said(p.withTime, "dates with times"))
        case .time:
            return (p.share(p.times) >= least, said(p.times, "times"))
        case .amount:
            return (p.share(p.amounts) >= least, said(p.amounts, p.signedAmounts > 0 ? "amounts, \(p.signedAmounts) signed" : "amounts"))
        case .card:
            return (p.share(p.maskedCards + p.lastFours) >= least, said(p.maskedCards + p.lastFours, "masked cards or last fours"))
        case .debitCredit:
            return (p.share(p.debitCredit) >= 0.9, said(p.debitCredit, "D/C markers"))
        case .account:
            return (p.share(p.accounts) >= least || p.isConstant, said(p.accounts, "account numbers"))
        case .text:
            return (p.share(p.textual) >= 0.5, nil)
        case .any:
            return (true, nil)
        }
    }
}
