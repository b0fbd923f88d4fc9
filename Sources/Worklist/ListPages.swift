import Foundation
import Hummingbird
import LacunaCore
import Store

/// Today (where the practice stands, per lost day and tier), a clinician's own list, and the
/// practice's list, in triage order with filters.
enum ListPages {
    /// Candidates on one page of a list.
    static let pageSize = 60
    /// A candidate at its place in triage order: everything a list row shows.
    struct Ranked: Hashable {
        var rank: Int
        var row: WorklistRow
    }

    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        group.get("/") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            return try await today(desk: desk, settings: settings, context: context)
        }
        group.get("/list") { request, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            return try await list(request, provider: nil, heading: "The practice's list", action: "/list", desk: desk, settings: settings, context: context)
        }
        group.get("/my") { request, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            guard let provider = person.provider else {
                return Page.error(.notFound, "No clinician code is recorded for you, so there is no list of your own; use the practice's list.")
            }
            return try await list(request, provider: provider, heading: "My list (\(provider))", action: "/my", desk: desk, settings: settings, context: context)
        }
    }

    /// Where a candidate stands: closed, reached (in person or through a proxy), or still to ring.
    static func status(_ row: WorklistRow) -> (value: String, label: String) {
        if let closed = row.closed, CallOutcome.closing(of: closed) == .closed { return ("closed", "closed: \(closed)") }
        switch row.outcome.flatMap(CallOutcome.kind(of:)) {
        case .reached?: return ("reached", "reached")
        case .proxy?: return ("reached", "reached (proxy)")
        case let kind?: return ("open", "to ring again (\(kind.rawValue))")
        case nil: return ("open", row.attempts == 0 ? "to ring" : "to ring again")
        }
    }

    static func name(_ family: String?, _ given: String?) -> String {
        let name = [given, family.map { $0.uppercased() }].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? "(no name)" : name
    }

    static func today(desk: CaseDesk, settings: WorklistServer.Settings, context: WorklistContext) async throws -> Response {
        let rows = try await desk.worklist()
        struct Count { var candidates = 0, reached = 0, closed = 0, open = 0 }
        var counts: [String: Count] = [:]
        for row in rows {
            let key = row.date + "|" + row.tier
            var count = counts[key] ?? Count()
            count.candidates += 1
            switch status(row).value {
            case "closed": count.closed += 1
            case "reached": count.reached += 1
            default: count.open += 1
            }
            counts[key] = count
        }
        let tierOrder = ["confirmed": 0, "probable": 1, "possible": 2]
        let days: [[String: Any]] = counts.keys.sorted { a, b in
            let (da, ta) = split(a), (db, tb) = split(b)
            return da != db ? da < db : (tierOrder[ta] ?? 3) < (tierOrder[tb] ?? 3)
        }.map { key in
            let (date, tier) = split(key), c = counts[key]!
            return ["day": DayLabel.long(date), "date": date, "tier": tier, "candidates": c.candidates, "reached": c.reached, "closed": c.closed, "open": c.open]
        }
        let inbox = try await desk.inbox()
        let open = inbox.filter { $0.filing != "filed" }
        let critical: [[String: Any]] = open.filter { $0.abnormal == "critical" }.map {
            ["received": DayLabel.time($0.received), "summary": $0.summary, "who": name($0.familyName, $0.givenName)]
        }
        let received = Set(try await desk.sourceKindsWithFiles())
        let missing = settings.sourceKinds.filter { !received.contains($0) }
        return Page.render("today", title: "Today", values: [
            "days": days, "critical": critical, "hasCritical": !critical.isEmpty, "inboxOpen": open.count, "inboxAll": inbox.count,
            "inboxCritical": open.filter { $0.abnormal == "critical" }.count, "inboxAbnormal": open.filter { $0.abnormal == "abnormal" }.count,
            "missing": missing, "hasMissing": !missing.isEmpty,
        ], context: context, caseName: settings.caseName)
    }

    static func split(_ key: String) -> (String, String) {
        let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    static func list(_ request: Request, provider: String?, heading: String, action: String, desk: CaseDesk, settings: WorklistServer.Settings,
                     context: WorklistContext) async throws -> Response {
        let query = request.uri.queryParameters
        let date = query["date"].map(String.init) ?? "", tier = query["tier"].map(String.init) ?? ""
        let evening = query["evening"].map(String.init) ?? ""
        let wanted = query["status"].map(String.init) ?? "open"
        let chosenProvider = provider ?? query["provider"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let all = try await desk.worklist(provider: chosenProvider)
        let page = max(1, Int(query["page"].map(String.init) ?? "") ?? 1)
        var shown: [Ranked] = []
        var matching = 0
        for (rank, row) in all.enumerated() {
            let state = status(row)
            guard date.isEmpty || row.date == date, tier.isEmpty || row.tier == tier, wanted == "all" || state.value == wanted,
                  evening.isEmpty || row.evening.map(String.init) == evening else { continue }
            matching += 1
            // A page at a time: a GP's evening is a page; the practice's list pages on.
            guard matching > (page - 1) * pageSize, matching <= page * pageSize else { continue }
            shown.append(Ranked(rank: rank + 1, row: row))
        }
        let rows = Page.rows.render("listRow", shown, key: { $0 }) { ranked in
            let row = ranked.row, state = status(row)
            return ["rank": ranked.rank, "candidateID": row.candidateID, "name": name(row.familyName, row.givenName), "dob": row.dob ?? "",
                    "mobile": PhoneNumber.spaced(row.mobile ?? row.phone ?? ""), "date": DayLabel.short(row.date), "provider": row.provider ?? "",
                    "tier": row.tier, "confidence": row.confidence.fixedDecimals(2), "reason": row.reason, "attempts": row.attempts,
                    "status": state.value, "statusLabel": state.label, "evening": row.evening.map(String.init) ?? false]
        }
        let everyone = provider == nil && chosenProvider != nil ? try await desk.worklist() : all
        let dates = Page.options([("", "any")] + Array(Set(everyone.map(\.date))).sorted().map { ($0, DayLabel.long($0)) }, selected: date)
        let tiers = Page.options([("", "any")] + ["confirmed", "probable", "possible"].map { ($0, $0) }, selected: tier)
        let statuses = Page.options([("open", "still to ring"), ("reached", "reached"), ("closed", "closed"), ("all", "all")], selected: wanted)
        // Evenings are a clinician's: offered on their own list, or once the practice's list names one.
        let eveningNumbers = chosenProvider == nil ? [] : Array(Set(all.compactMap(\.evening))).sorted()
        let evenings = Page.options([("", "any")] + eveningNumbers.map { (String($0), "evening \($0)") }, selected: evening)
        let clinicians = provider == nil ? Array(Set(everyone.compactMap(\.provider))).sorted() : []
        let providers = Page.options([("", "all")] + clinicians.map { ($0, $0) }, selected: chosenProvider ?? "")
        let pages = max(1, (matching + pageSize - 1) / pageSize)
        func link(_ n: Int) -> String {
            var items = URLComponents()
            items.queryItems = [("date", date), ("tier", tier), ("status", wanted), ("provider", provider == nil ? chosenProvider ?? "" : ""),
                                ("evening", evening), ("page", String(n))]
                .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
            return action + "?" + (items.percentEncodedQuery ?? "")
        }
        return Page.render("list", title: heading, values: [
            "heading": heading, "action": action, "rows": rows, "count": matching, "page": page, "pages": pages,
            "hasPrevious": page > 1, "previous": link(page - 1), "hasNext": page < pages, "next": link(page + 1),
            "dates": dates, "tiers": tiers, "statuses": statuses,
            "providers": providers, "hasProviders": !clinicians.isEmpty, "evenings": evenings, "hasEvenings": !eveningNumbers.isEmpty,
        ], context: context, caseName: settings.caseName)
    }
}

/// Days and times as people read them: "Tue 3 Dec 2024", "3 Dec 14:05"; what the worklist itself
/// stamped (in UTC) shown in the practice's time zone.
enum DayLabel {
    /// A time the case stamped (`2026-12-01 22:08:41`, UTC) in `zone`: "Tue 1 Dec 11:08".
    static func stamped(_ text: String, zone: TimeZone) -> String {
        // Read by hand (a formatter costs more to make than the page it serves).
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).compactMap { Int($0) }
        guard parts.count >= 5, let date = LocalDate(year: parts[0], month: parts[1], day: parts[2]) else { return text }
        let utc = Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + parts[3] * 3_600 + parts[4] * 60 + (parts.count > 5 ? parts[5] : 0)))
        let local = utc.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: utc)))
        let seconds = Int(local.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let minute = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return "\(weekdays[(day.dayNumber % 7 + 10) % 7]) \(day.day) \(months[day.month - 1]) " + String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func long(_ iso: String) -> String {
        guard let date = LocalDate(iso: String(iso.prefix(10))) else { return iso }
        return "\(weekdays[(date.dayNumber % 7 + 10) % 7]) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    static func short(_ iso: String) -> String {
        guard let date = LocalDate(iso: String(iso.prefix(10))) else { return iso }
        return "\(weekdays[(date.dayNumber % 7 + 10) % 7]) \(date.day) \(months[date.month - 1])"
    }

    /// A stored time (ISO 8601, UTC or with its offset) as its day and clock time as written.
    static func time(_ text: String) -> String {
        guard text.count >= 16 else { return long(text) }
        return short(text) + " " + String(Array(text)[11..<16])
    }
}
