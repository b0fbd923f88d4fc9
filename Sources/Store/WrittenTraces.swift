import LacunaCore

/// The traces a store wrote in this session, kept (where asked) so that `CaseStore.traces()` need not
/// read back what it has just written. A fresh run imports every file and then read every trace
/// back, making again from the database's rows (some 6% of its instructions) traces it held a moment
/// before. They are kept only while they are every trace in the case: from a case with no trace at
/// all, with nothing deleted since. Each is kept as the database gives it back (`CaseStore.stored`):
/// its id, its file's name as stored, and its times as their stored texts read them.
struct WrittenTraces {
    enum State {
        /// Not asked for: nothing is kept (a worklist server, a command that only reads).
        case off
        /// Asked for; whether the case held traces before is looked at on the first import.
        case undecided
        /// Every trace in the case, by the id of its file.
        case keeping(WrittenTraces)
        /// The case held traces before, or some were deleted: `traces()` reads them all.
        case gaveUp
    }

    private(set) var byFile: [Int64: [Trace]] = [:]
    private(set) var count = 0
    private(set) var lowestID = Int64.max
    private(set) var highestID = Int64.min

    mutating func add(_ traces: [Trace], file: Int64) {
        guard !traces.isEmpty else { return }
        byFile[file, default: []].append(contentsOf: traces)
        count += traces.count
        for trace in traces {
            let id = trace.id ?? 0
            lowestID = min(lowestID, id)
            highestID = max(highestID, id)
        }
    }

    /// Whether the table holds just these: as many rows, between the same ids. Only this session
    /// adds to the table's ids and nothing took any away, so the same count means the same rows; the
    /// ids catch another process that added and deleted as many (two runs sharing one database).
    func matches(count: Int, lowestID: Int64, highestID: Int64) -> Bool {
        count == self.count && (count == 0 || (lowestID == self.lowestID && highestID == self.highestID))
    }
}
