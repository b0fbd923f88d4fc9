import LacunaCore

/// A trace of April 2025 at 10:15 in Auckland, with its id set, for tests of what traces mean.
func aprilTrace(_ id: Int64, _ kind: SourceKind, _ type: String, day: Int, _ payload: [String: String]) -> Trace {
    var t = Trace(kind: kind, recordType: type, file: "f", locator: Locator(line: Int(id)),
                  time: TraceTime(date: LocalDate(year: 2025, month: 4, day: day)!, time: LocalTime(hour: 10, minute: 15)!,
                                  clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!),
                  identity: Identity(), provider: "RS", payload: payload, contentKey: "k\(id)")
    t.id = id
    return t
}
