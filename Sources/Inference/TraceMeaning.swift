import LacunaCore

/// What one linked trace says about an encounter: on which day(s), with whom, how strongly.
struct TraceMeaning {
    /// The days it points at; empty when it names none (a remembered line with no day).
    var dates: [LocalDate]
    /// Probability that the patient was seen, from this trace alone (before the link's own doubt).
    var strength: Double
    var summary: String
    var provider: String?
    /// Whether it shows attendance rather than intent (a completed booking, an invoice).
    var showsAttendance: Bool
    /// Days it may point at instead, when the patient's other evidence is there and not on `dates`:
    /// a test is collected on the day of the consultation or up to three days after it.
    var otherDates: [LocalDate] = []
    /// Too weak to put a patient on the list alone: it only adds to days other evidence points to
    /// (a bank payment that may be for a visit before the window).
    var supportsOnly = false
    /// Says the patient was not seen on `dates` (every day of the window when it names none): a caller
    /// who did not come. It lowers those days and never confirms them.
    var denies = false

    /// What a booking was for, as the book wrote it (`, medical certificate (Standard 15)`): the reason,
    /// then the appointment type where it says more; empty when the book says neither.
    static func booked(_ trace: Trace) -> String {
        func clean(_ text: String?) -> String? {
            guard let text = text?.splitAtWhitespace().joined(separator: " "), !text.isEmpty else { return nil }
            return text.count > 60 ? String(text.prefix(59)) + "…" : text
        }
        let reason = clean(trace.payload["_reason"]), type = clean(trace.payload["_type"])
        switch (reason, type) {
        case let (reason?, type?) where reason.lowercased() != type.lowercased(): return ", \(reason) (\(type))"
        case let (reason?, _): return ", \(reason)"
        case let (nil, type?): return ", \(type)"
        default: return ""
        }
    }

    /// Reads a trace; nil when it says nothing about an encounter in the window.
    static func of(_ trace: Trace, window: Window, invoices: InvoiceNumbering = InvoiceNumbering(traces: [])) -> TraceMeaning? {
        let provider = trace.provider
        let with = provider.map { " with \($0)" } ?? ""
        switch trace.kind {
        case .appointments:
            guard let time = trace.time, window.contains(time) else { return nil }
            let at = time.localTime.map { " \(String($0.description.prefix(5)))" } ?? ""
            switch trace.payload["_status"] ?? "unknown" {
            case "completed", "arrived":
                return TraceMeaning(dates: [time.localDate], strength: 0.95, summary: "attended\(at)\(with)\(Self.booked(trace))",
                                    provider: provider, showsAttendance: true)
            case "dna":
                return nil
            case "cancelled":
                // A cancelled booking is not evidence of a visit.
                return nil
            default:
                // Most bookings are kept; the rest did not attend or cancelled late.
                return TraceMeaning(dates: [time.localDate], strength: 0.8, summary: "booked\(at)\(with)\(Self.booked(trace))",
                                    provider: provider, showsAttendance: false)
            }
        case .ledger:
            guard let time = trace.time, window.contains(time) else { return nil }
            return TraceMeaning(dates: [time.localDate], strength: 0.9, summary: "invoiced on the day",
                                provider: provider, showsAttendance: true)
        case .callbacks:
            let stated = DayWords.read(trace.payload["_day_seen"] ?? "", window: window, reference: trace.time?.localDate,
                                       dayFirst: trace.payload["_date_order"] != "mdy")
            let said = trace.payload["_day_seen"].map { " (said: \($0))" } ?? ""
            let words = [trace.payload["_day_seen"], trace.payload["_notes"]].compactMap { $0 }.joined(separator: " ")
            if CallerWords.deniesVisit(words) {
                let notes = trace.payload["_notes"].map { ": \($0)" } ?? ""
                return TraceMeaning(dates: stated.dates, strength: 0, summary: "rang back saying they were not seen\(said)\(notes)",
                                    provider: provider, showsAttendance: false, denies: true)
            }
            // A caller naming only days outside the window was most likely seen then, not in it: the call
            // supports window days other evidence places, and puts none there by itself.
            let outside = !stated.dates.isEmpty && !stated.dates.contains(where: window.contains)
            var meaning = TraceMeaning(dates: stated.dates, strength: outside ? 0.2 : 0.8, summary: "rang back\(said)", provider: provider,
                                       showsAttendance: false)
            meaning.supportsOnly = outside
            return meaning
        case .remembered:
            let stated = DayWords.read(trace.payload["_day_words"] ?? "", window: window)
            let by = provider.map { " by \($0)" } ?? ""
            let notes = trace.payload["_notes"].map { ": \($0)" } ?? ""
            return TraceMeaning(dates: stated.dates, strength: 0.75, summary: "remembered\(by)\(notes)", provider: provider,
                                showsAttendance: false)
        case .lab, .healthlink:
            return messageMeaning(trace, window: window)
        case .portal:
            return portalMeaning(trace, window: window)
        case .bank, .eftpos:
            return paymentMeaning(trace, window: window, invoices: invoices)
        case .dbRemnant, .searchIndex:
            // A consultation note a damaged database or an index kept: the visit it records. Results,
            // letters and messages received are inbox items, not evidence of a visit.
            guard trace.recordType == "consultation", let time = trace.time, window.contains(time) else { return nil }
            let at = time.localTime.map { " \(String($0.description.prefix(5)))" } ?? ""
            let by = provider.map { " by \($0)" } ?? ""
            let what = trace.payload["_summary"].map { ": \($0)" } ?? ""
            return TraceMeaning(dates: [time.localDate], strength: 0.9, summary: "consultation note written\(at)\(by)\(what)",
                                provider: provider, showsAttendance: true)
        default:
            guard let time = trace.time, window.contains(time) else { return nil }
            return TraceMeaning(dates: [time.localDate], strength: 0.5, summary: "\(trace.kind.rawValue) \(trace.recordType)",
                                provider: provider, showsAttendance: false)
        }
    }
}

extension TraceMeaning {
    /// A test the practice ordered, collected in the window: most are collected on the day of the
    /// consultation. A referral the practice sent in the window: written on the day of it. Results and
    /// letters received are inbox items, not evidence of a visit.
    static func messageMeaning(_ trace: Trace, window: Window) -> TraceMeaning? {
        guard let time = trace.time, window.contains(time) else { return nil }
        let at = time.localTime.map { " \(String($0.description.prefix(5)))" } ?? ""
        let by = trace.provider.map { " by \($0)" } ?? ""
        switch trace.recordType {
        case "result":
            guard trace.payload["_ordered_by_practice"] == "yes" else { return nil }
            let test = trace.payload["_test_name"].map { " (\($0))" } ?? ""
            let day = time.localDate
            return TraceMeaning(dates: [day], strength: 0.6, summary: "test collected\(at)\(test) ordered\(by)",
                                provider: trace.provider, showsAttendance: false,
                                otherDates: (1...3).map { day.adding(days: -$0) }.filter(window.contains))
        case "referral":
            let to = trace.payload["_specialty"].flatMap { $0.isEmpty ? nil : " to \($0)" } ?? ""
            // Sent in the morning, it may have been dictated after the previous day's consultation.
            let morning = (time.localTime?.hour ?? 12) < 11
            return TraceMeaning(dates: [time.localDate], strength: 0.85, summary: "referral\(to) sent\(at)\(by)",
                                provider: trace.provider, showsAttendance: true,
                                otherDates: morning ? [time.localDate.adding(days: -1)].filter(window.contains) : [])
        default:
            return nil
        }
    }

    /// An appointment request just before a day, or a message after one that reads as a follow-up
    /// ("thanks for seeing me"), hints at a consultation; other portal messages are inbox items only.
    static func portalMeaning(_ trace: Trace, window: Window) -> TraceMeaning? {
        guard let time = trace.time else { return nil }
        let day = time.localDate
        switch trace.recordType {
        case "appointment-request":
            // The day asked for ("can I come in Monday?", "tomorrow"), else the day it was sent or the next.
            let words = [trace.payload["_summary"], trace.payload["_body"]].compactMap { $0 }.joined(separator: " ")
            let asked = DayWords.read(words, window: window, reference: day).dates.filter { $0 >= day && window.contains($0) }
            let days = asked.isEmpty ? [day, day.adding(days: 1)].filter(window.contains) : asked
            guard !days.isEmpty else { return nil }
            let said = asked.isEmpty ? "" : " for \(asked.map(\.description).joined(separator: " or "))"
            return TraceMeaning(dates: days, strength: 0.35, summary: "asked for an appointment through the portal\(said)",
                                provider: trace.provider, showsAttendance: false)
        case "message":
            let words = ((trace.payload["_summary"] ?? "") + " " + (trace.payload["_body"] ?? "")).lowercased()
            let followUp = ["seeing me", "saw me", "following up", "follow up", "follow-up", "after my appointment", "seen yesterday",
                            "seen today", "at my appointment"].contains { words.contains($0) }
            guard followUp else { return nil }
            let days = [day, day.adding(days: -1), day.adding(days: -2)].filter(window.contains)
            guard !days.isEmpty else { return nil }
            return TraceMeaning(dates: days, strength: 0.35, summary: "portal message reads as a follow-up",
                                provider: trace.provider, showsAttendance: false)
        default:
            return nil
        }
    }
}
