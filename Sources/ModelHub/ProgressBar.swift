import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives the progress of file downloads. Calls for one file come in order
/// (`started`, any number of `advanced`, then `finished` or `failed`), possibly from a
/// background thread.
public protocol DownloadProgressReporter: Sendable {
    /// A file's body starts arriving. `totalBytes` is the full size when known; `resumedFrom`
    /// is how many bytes an earlier attempt already stored (0 for a fresh download).
    func started(file: String, totalBytes: Int64?, resumedFrom: Int64)
    /// `bytes` more bytes of `file` were stored.
    func advanced(file: String, bytes: Int64)
    /// `file` is complete, verified and in the cache.
    func finished(file: String)
    /// The download of `file` stopped with an error (which is thrown separately).
    func failed(file: String)
}

extension DownloadProgressReporter {
    /// Does nothing; override to react to failures.
    public func failed(file: String) {}
}

/// A download progress bar on standard error.
///
/// On a terminal it redraws one line in place (`\r`), at most every `refreshInterval`
/// seconds: `config.json  [=======>        ]  48%  1.2/2.5 MB  3.1 MB/s`.
/// When standard error is not a terminal (a log, CI) it writes one line per
/// finished file instead: `downloaded model.safetensors (90.9 MB in 3.2 s)`.
public struct TerminalProgressBar: DownloadProgressReporter {
    private final class Board: Sendable {
        struct Entry {
            var total: Int64?
            var done: Int64
            var resumedFrom: Int64
            var started: Date
            var lastDraw: Date
        }
        let entries = Mutex<[String: Entry]>([:])
    }

    private let output: FileHandle
    private let interactive: Bool
    private let refreshInterval: Double
    private let width: Int
    private let board = Board()

    /// A bar writing to `output` (standard error by default). `interactive` defaults to whether
    /// standard error is a terminal; `refreshInterval` throttles redraws.
    public init(output: FileHandle = .standardError, interactive: Bool? = nil, refreshInterval: Double = 0.1, width: Int = 80) {
        self.output = output
        self.interactive = interactive ?? (isatty(STDERR_FILENO) == 1)
        self.refreshInterval = refreshInterval
        self.width = max(width, 50)
    }

    public func started(file: String, totalBytes: Int64?, resumedFrom: Int64) {
        let now = Date()
        let entry = Board.Entry(total: totalBytes, done: resumedFrom, resumedFrom: resumedFrom,
                                started: now, lastDraw: .distantPast)
        board.entries.withLock { $0[file] = entry }
        if interactive { write("\r\u{1B}[K" + line(file: file, entry: entry, now: now)) }
    }

    public func advanced(file: String, bytes: Int64) {
        let now = Date()
        let toDraw = board.entries.withLock { entries -> Board.Entry? in
            guard var entry = entries[file] else { return nil }
            entry.done += bytes
            let due = now.timeIntervalSince(entry.lastDraw) >= refreshInterval
            if due { entry.lastDraw = now }
            entries[file] = entry
            return due ? entry : nil
        }
        if interactive, let entry = toDraw { write("\r\u{1B}[K" + line(file: file, entry: entry, now: now)) }
    }

    public func finished(file: String) {
        let now = Date()
        guard let entry = board.entries.withLock({ $0.removeValue(forKey: file) }) else { return }
        if interactive {
            var complete = entry
            if let total = entry.total { complete.done = total }
            write("\r\u{1B}[K" + line(file: file, entry: complete, now: now) + "\n")
        } else {
            let seconds = now.timeIntervalSince(entry.started)
            let resumed = entry.resumedFrom > 0 ? ", resumed at \(Self.bytes(entry.resumedFrom))" : ""
            write("downloaded \(file) (\(Self.bytes(entry.total ?? entry.done)) in \(String(format: "%.1f", seconds)) s\(resumed))\n")
        }
    }

    public func failed(file: String) {
        guard let entry = board.entries.withLock({ $0.removeValue(forKey: file) }) else { return }
        if interactive {
            write("\r\u{1B}[K" + line(file: file, entry: entry, now: Date()) + "  failed\n")
        } else {
            write("download of \(file) failed after \(Self.bytes(entry.done))\n")
        }
    }

    /// `name  [=====>      ]  44%  40.0/90.9 MB  12.3 MB/s`, at most `width` columns, with fixed columns
    /// so that the bar does not jitter while the numbers change.
    private func line(file: String, entry: Board.Entry, now: Date) -> String {
        let nameWidth = 24
        let name = file.count > nameWidth ? "…" + file.suffix(nameWidth - 1) : file.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        let elapsed = now.timeIntervalSince(entry.started)
        let rate = elapsed >= 0.5 ? Self.bytes(Int64(Double(entry.done - entry.resumedFrom) / elapsed)) + "/s" : ""
        guard let total = entry.total, total > 0 else {
            return "\(name)  \(Self.bytes(entry.done))  \(rate)"
        }
        let fraction = min(max(Double(entry.done) / Double(total), 0), 1)
        let amounts = Self.amounts(entry.done, of: total).leftPadded(to: 14)
        let percent = String(Int(fraction * 100)).leftPadded(to: 3) + "%"
        let barWidth = max(width - nameWidth - 3 - 2 - 4 - 2 - 14 - 2 - 10, 8)
        let filled = Int(fraction * Double(barWidth))
        let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            + String(repeating: " ", count: max(barWidth - filled - 1, 0))
        return "\(name)  [\(bar)] \(percent)  \(amounts)  \(rate)"
    }

    /// `40.0/90.9 MB`: both numbers in the total's unit.
    static func amounts(_ done: Int64, of total: Int64) -> String {
        let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        guard let (scale, unit) = units.first(where: { Double(total) >= $0.0 }) else { return "\(done)/\(total) B" }
        return String(format: "%.1f/%.1f", Double(done) / scale, Double(total) / scale) + " " + unit
    }

    private func write(_ text: String) {
        try? output.write(contentsOf: Data(text.utf8))
    }

    /// Decimal units, as `tqdm` shows them: `512 B`, `1.2 kB`, `90.9 MB`, `1.3 GB`.
    static func bytes(_ count: Int64) -> String {
        let value = Double(count)
        switch value {
        case ..<1_000: return "\(count) B"
        case ..<1_000_000: return String(format: "%.1f kB", value / 1e3)
        case ..<1_000_000_000: return String(format: "%.1f MB", value / 1e6)
        default: return String(format: "%.2f GB", value / 1e9)
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
