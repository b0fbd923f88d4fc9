import Dispatch

/// Work split over the machine's cores.
enum Parallel {
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
