public import LacunaCore

/// The case's traces, each held once, found by id: the reports look a trace up by the id an
/// encounter's evidence or a link names, and walk them all in the order the case read them.
public struct TracesByID: Sendable {
    /// Every trace with an id, in the order the case read them.
    public let values: [Trace]
    private let place: [Int64: Int]

    public init(_ traces: [Trace]) {
        // Every trace with an id of its own (as the case reads them back): the traces as given, shared
        // rather than copied one by one (a copy retains each of a trace's twenty-odd texts).
        var positions: [Int64: Int] = [:]
        positions.reserveCapacity(traces.count)
        for offset in traces.indices {
            guard let id = traces[offset].id, positions.updateValue(offset, forKey: id) == nil else { break }
        }
        if positions.count == traces.count {
            self.values = traces
            self.place = positions
            return
        }
        var values: [Trace] = []
        values.reserveCapacity(traces.count)
        var place: [Int64: Int] = [:]
        place.reserveCapacity(traces.count)
        for trace in traces {
            guard let id = trace.id, place[id] == nil else { continue }
            place[id] = values.count
            values.append(trace)
        }
        self.values = values
        self.place = place
    }

    /// The trace of this id, if the case holds it.
    public subscript(id: Int64) -> Trace? {
        place[id].map { values[$0] }
    }
}
