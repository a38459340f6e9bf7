import Foundation

/// Samples the process's resident memory while a cell runs and reports the peak.
final class MemorySampler: @unchecked Sendable {
    // `lock` guards `peak` and `running`, shared with the sampling thread.
    private let lock = NSLock()
    private var peak: Int
    private var running = true
    private let interval: TimeInterval

    private init(interval: TimeInterval) {
        self.interval = interval
        peak = MemorySampler.residentBytes()
    }

    /// Starts sampling every `interval` seconds on a background thread.
    static func start(interval: TimeInterval = 0.005) -> MemorySampler {
        let sampler = MemorySampler(interval: interval)
        Thread.detachNewThread { sampler.loop() }
        return sampler
    }

    private func loop() {
        while true {
            lock.lock()
            let keepGoing = running
            lock.unlock()
            guard keepGoing else { return }
            observe(MemorySampler.residentBytes())
            Thread.sleep(forTimeInterval: interval)
        }
    }

    private func observe(_ bytes: Int) {
        lock.lock()
        peak = max(peak, bytes)
        lock.unlock()
    }

    /// Stops sampling and returns the peak resident size in bytes.
    func stop() -> Int {
        observe(MemorySampler.residentBytes())
        lock.lock()
        running = false
        let result = peak
        lock.unlock()
        return result
    }

    /// Current resident set size from `/proc/self/statm` (0 where unavailable).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
