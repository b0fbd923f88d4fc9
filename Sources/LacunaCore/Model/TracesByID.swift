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
    /// Each id's place in `values`.
    private let places: PlacesByID

    public init(_ traces: [Trace]) {
        var places = PlacesByID(spanning: traces.lazy.compactMap(\.id))
        // The traces as given, shared rather than copied one by one, where each has an id of its own.
        var asGiven = true
        for (offset, trace) in traces.enumerated() {
            guard let id = trace.id, places[id] == nil else {
                asGiven = false
                break
            }
            places[id] = offset
        }
        if asGiven {
            values = traces
            self.places = places
            return
        }
        // Traces without an id, or an id given twice: the first of each id, in order.
        places = PlacesByID(spanning: traces.lazy.compactMap(\.id))
        var values: [Trace] = []
        values.reserveCapacity(traces.count)
        for trace in traces {
            guard let id = trace.id, places[id] == nil else { continue }
            places[id] = values.count
            values.append(trace)
        }
        self.values = values
        self.places = places
    }

    /// The trace of this id, if the case holds it.
    public subscript(id: Int64) -> Trace? {
        places[id].map { values[$0] }
    }
}
