import LacunaCore

/// The ids of the traces a case holds, as `CaseStore.traces()` last gave them out: what the derived
/// rows' references to the trace table are checked against in memory (`CaseStore.replaceDerived`).
///
/// SQLite checks a reference to a trace (a link's, an encounter's evidence, a patient's source) by
/// finding the trace's row, on a leaf page of the trace table. That table is far larger than the page
/// cache, so writing a fresh case's derived rows read the table back from the file: at 100,000 patients
/// 308 MB read of a 376 MB case, for 308,515 links and the rest. The ids the run linked are these.
struct HeldTraceIDs {
    /// The rows the trace table held when the ids were given out: how many, the lowest and highest id
    /// (`CaseStore.traceRowsSpan`), which it must still hold for the ids to stand for it.
    let count: Int
    let lowest: Int64
    let highest: Int64
    /// SQLite's count of the commits other connections made to the file (`PRAGMA data_version`) when
    /// the ids were given out, where known.
    var dataVersion: Int?
    /// One bit for each id from `lowest` to `highest`, set where a trace has it.
    private var bits: [UInt64]

    /// Ids spread wider than this (a case whose traces were deleted and imported again many times over)
    /// are not held: a bit for each of them would take more than a megabyte; SQLite checks them then.
    static let widestSpan: Int64 = 8 << 20

    /// The ids of `traces`; nil where there are none, one has no id, or they spread wider than `widestSpan`.
    init?(_ traces: [Trace]) {
        var lowest = Int64.max, highest = Int64.min
        for trace in traces {
            guard let id = trace.id else { return nil }
            lowest = min(lowest, id)
            highest = max(highest, id)
        }
        guard !traces.isEmpty, highest - lowest < Self.widestSpan else { return nil }
        var bits = [UInt64](repeating: 0, count: Int((highest - lowest) / 64) + 1)
        for trace in traces {
            let offset = Int(trace.id! - lowest)
            bits[offset >> 6] |= 1 << UInt64(offset & 63)
        }
        self.count = traces.count
        self.lowest = lowest
        self.highest = highest
        self.bits = bits
    }

    /// Whether a trace has `id`.
    func contains(_ id: Int64) -> Bool {
        guard id >= lowest, id <= highest else { return false }
        let offset = Int(id - lowest)
        return bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    /// Whether the table holds as many rows, between the same ids (a row of `traceRowsSpan`). Nothing but
    /// an import adds to the trace table or takes from it (`CaseStore` lets go of the ids at each), and a
    /// run's lock keeps other runs out; the ids would catch another process that added and deleted as many.
    /// Counting reads every page of the table's smallest index, so this is asked only where another
    /// connection has written to the file since (`dataVersion`).
    func matches(span row: [SQLValue]) -> Bool {
        row.count == 3 && row[0].int == count && row[1].int.map(Int64.init) == lowest && row[2].int.map(Int64.init) == highest
    }
}

extension CaseStore {
    /// Whether every reference the derived rows make to a trace is to one the case holds, checked here
    /// against the ids `traces()` gave out, where they still stand for the table (SQLite only; PostgreSQL
    /// checks its own as ever). True where checked, so that SQLite need not check them again row by row;
    /// false where the ids are not known, and SQLite checks. Throws, naming the table and the id, where a
    /// row refers to a trace the case does not hold, as SQLite's check would have failed the write.
    ///
    /// The other references of the derived tables hang on rows written with them (an encounter's
    /// evidence on its encounter, an inbox item's traces on the item), so they hold by how the rows are made.
    func derivedTraceReferencesHeld(patients: [Patient], links: [Link], encounters: [Encounter],
                                    unmatched: [(traceID: Int64, reason: String)], inboxItems: [InboxItem],
                                    reviewItems: [ReviewItemRecord]) throws -> Bool {
        guard database.dialect == .sqlite, let held = heldTraceIDs else { return false }
        // Unchanged where no other connection has committed to the file since (this one writes traces only
        // through imports, which let go of the ids); else where the table still holds as many between the same ids.
        let unchanged = try held.dataVersion != nil && dataVersion() == held.dataVersion
        guard try unchanged || traceRowsSpan().map(held.matches) == true else { return false }
        func check(_ id: Int64, _ place: String) throws {
            guard held.contains(id) else {
                throw DatabaseError(code: 787 /* SQLITE_CONSTRAINT_FOREIGNKEY */,
                                    message: "FOREIGN KEY constraint failed: \(place) refers to trace \(id), which the case does not hold",
                                    statement: nil)
            }
        }
        for patient in patients { if let id = patient.sourceTraceID { try check(id, "patient.source_trace_id") } }
        for link in links { try check(link.traceID, "link.trace_id") }
        for encounter in encounters { for evidence in encounter.evidence { try check(evidence.traceID, "encounter_evidence.trace_id") } }
        for row in unmatched { try check(row.traceID, "unmatched.trace_id") }
        for item in inboxItems { for id in item.traceIDs { try check(id, "inbox_item_trace.trace_id") } }
        for item in reviewItems { try check(item.traceID, "review_item.trace_id") }
        return true
    }

    /// SQLite's count of the commits other connections have made to the file (`PRAGMA data_version`):
    /// the same while none has; nil on another engine.
    func dataVersion() throws -> Int? {
        guard database.dialect == .sqlite else { return nil }
        return try database.rows("PRAGMA data_version").first?.first?.int
    }
}
