/// The case's traces, each held once, found by id: linking, inference, the review and the reports look
/// a trace up by the id a link, an encounter's evidence or a memo names, and walk them all in the order
/// the case read them.
///
/// Made without hashing where it can be: the case numbers its traces as it stores them, so their ids
/// mostly run one after another, and a trace's place is kept by its id's distance from the smallest
/// (a case whose ids lie far apart, or traces not from a case, are found through a dictionary).
public struct TracesByID: Sendable {
    /// Every trace with an id, in the order given (the first of any id given twice).
    public let values: [Trace]
    /// The smallest id, and each id's place in `values` plus one (0: none) by its distance from it.
    private let smallest: Int64
    private let placeAfter: [Int32]
    /// Places by id, where the ids lie too far apart for `placeAfter`.
    private let place: [Int64: Int]

    public init(_ traces: [Trace]) {
        var smallest = Int64.max, largest = Int64.min, allNumbered = true
        for trace in traces {
            guard let id = trace.id else { allNumbered = false; continue }
            smallest = min(smallest, id)
            largest = max(largest, id)
        }
        // Dense where the span of ids is within a few times their number (and fits the places' type).
        let span = largest.subtractingReportingOverflow(smallest)
        if smallest <= largest, !span.overflow, span.partialValue < Int64(4 * traces.count + 1024), traces.count < Int(Int32.max) {
            var placeAfter = [Int32](repeating: 0, count: Int(span.partialValue) + 1)
            var values: [Trace] = []
            var repeated = !allNumbered
            if allNumbered {
                for offset in traces.indices {
                    let distance = Int(traces[offset].id! - smallest)
                    if placeAfter[distance] != 0 { repeated = true; break }
                    placeAfter[distance] = Int32(offset + 1)
                }
            }
            if repeated {
                // Traces without an id, or an id given twice: the first of each id, in order.
                placeAfter = [Int32](repeating: 0, count: placeAfter.count)
                values.reserveCapacity(traces.count)
                for trace in traces {
                    guard let id = trace.id, placeAfter[Int(id - smallest)] == 0 else { continue }
                    values.append(trace)
                    placeAfter[Int(id - smallest)] = Int32(values.count)
                }
            } else {
                // The traces as given, shared rather than copied one by one.
                values = traces
            }
            self.values = values
            self.smallest = smallest
            self.placeAfter = placeAfter
            self.place = [:]
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
        self.smallest = 0
        self.placeAfter = []
        self.place = place
    }

    /// The trace of this id, if the case holds it.
    public subscript(id: Int64) -> Trace? {
        if placeAfter.isEmpty { return place[id].map { values[$0] } }
        let distance = id &- smallest
        guard distance >= 0, distance < Int64(placeAfter.count) else { return nil }
        let after = placeAfter[Int(distance)]
        return after == 0 ? nil : values[Int(after) - 1]
    }
}
