import Foundation

/// Batches handed from one thread to another through a short queue: the producer waits while the
/// queue is full (so memory stays a few batches), the consumer while it is empty; `nil` ends it.
public final class Handoff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Item]?] = []
    private let capacity: Int

    init(capacity: Int = 4) { self.capacity = capacity }

    /// Hands on a batch, or `nil` for "no more".
    func put(_ batch: [Item]?) {
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; `nil` once the producer has said it has no more.
    func take() -> [Item]? {
        condition.lock()
        while queue.isEmpty { condition.wait() }
        let batch = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        return batch
    }

    /// Runs `produce` on a thread of its own, its output handed on in batches of `size`; an error it
    /// throws comes back from `finish()`.
    public static func produce(batch size: Int = 2_000, _ produce: @escaping @Sendable (_ emit: (Item) -> Void) throws -> Void) -> Producer<Item> {
        let handoff = Handoff<Item>()
        let producer = Producer(handoff: handoff)
        let thread = Thread {
            var batch: [Item] = []
            batch.reserveCapacity(size)
            do {
                try produce { item in
                    batch.append(item)
                    if batch.count >= size { handoff.put(batch); batch.removeAll(keepingCapacity: true) }
                }
            } catch {
                producer.failure = error
            }
            if !batch.isEmpty { handoff.put(batch) }
            handoff.put(nil)
        }
        thread.stackSize = 8 << 20
        thread.start()
        return producer
    }
}

/// The consuming end of a `Handoff.produce`.
public final class Producer<Item: Sendable>: @unchecked Sendable {
    let handoff: Handoff<Item>
    var failure: (any Error)?

    init(handoff: Handoff<Item>) { self.handoff = handoff }

    /// Each item, on the calling thread, in the order produced; rethrows the producer's error.
    public func each(_ body: (Item) throws -> Void) throws {
        var ended = false
        defer { if !ended { while handoff.take() != nil {} } }
        while let batch = handoff.take() {
            for item in batch { try body(item) }
        }
        ended = true
        if let failure { throw failure }
    }
}
