import Dispatch
import Foundation
import Synchronization

/// How many threads tensor kernels and BLAS use. Defaults to the number of active
/// processors; `--threads N` on the command line sets it.
public enum ComputeThreads {
    private static let configured = Mutex<Int>(ProcessInfo.processInfo.activeProcessorCount)

    /// The current thread count (at least 1).
    public static var count: Int { configured.withLock { $0 } }

    /// Sets the thread count for kernels and matrix products.
    public static func set(_ threads: Int) {
        let value = Swift.max(1, threads)
        configured.withLock { $0 = value }
    }

    /// Runs `body(range)` over `0..<count` split into contiguous chunks, in parallel
    /// when there is enough work (`count × costPerItem` above a threshold).
    package static func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let threads = Swift.min(Self.count, count)
        if threads <= 1 || count * costPerItem < 16_384 {
            body(0 ..< count)
            return
        }
        let chunk = (count + threads - 1) / threads
        withoutActuallyEscaping(body) { body in
            // The chunks touch disjoint rows; the box only carries the closure across threads.
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let start = part * chunk
                let end = Swift.min(count, start + chunk)
                if start < end { work.value(start ..< end) }
            }
        }
    }
}

/// Carries a value into `concurrentPerform`, whose closures must be `@Sendable`.
/// Used only where each worker touches disjoint memory.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
