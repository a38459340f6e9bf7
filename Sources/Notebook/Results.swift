import Foundation

/// How a cell's run ended.
public enum CellStatus: String, Sendable, Codable {
    /// Ran to the end.
    case ok
    /// Not run (`norun`).
    case skipped
    /// Threw, as its `error` flag says it should.
    case expectedError
    /// Threw (or failed to parse) without the `error` flag.
    case failed
    /// Stopped by its time limit.
    case timedOut
    /// An `expect` in it failed.
    case checkFailed
    /// Marked `error` but ran without throwing.
    case unexpectedSuccess
}

/// The record of one cell's run.
public struct CellResult: Sendable, Equatable, Codable {
    public var cellIndex: Int
    public var status: CellStatus
    public var outputs: [CellOutput]
    /// Wall time in seconds.
    public var wallTime: Double
    /// Peak resident memory of the process while the cell ran, in bytes.
    public var peakMemory: Int

    public init(cellIndex: Int, status: CellStatus, outputs: [CellOutput], wallTime: Double, peakMemory: Int) {
        self.cellIndex = cellIndex
        self.status = status
        self.outputs = outputs
        self.wallTime = wallTime
        self.peakMemory = peakMemory
    }

    /// Whether this cell makes `vectorbook check` fail.
    public var isFailure: Bool {
        switch status {
        case .failed, .timedOut, .checkFailed, .unexpectedSuccess: return true
        case .ok, .skipped, .expectedError: return false
        }
    }
}

/// The record of one chapter's run.
public struct ChapterResult: Sendable, Equatable, Codable {
    /// The chapter's display path.
    public var chapter: String
    public var cells: [CellResult]
    /// When the outputs were computed.
    public var computedAt: Date
    /// True when the outputs were reused from the cache.
    public var fromCache: Bool
    /// Total wall time in seconds (of the original run when cached).
    public var wallTime: Double

    public init(chapter: String, cells: [CellResult], computedAt: Date, fromCache: Bool, wallTime: Double) {
        self.chapter = chapter
        self.cells = cells
        self.computedAt = computedAt
        self.fromCache = fromCache
        self.wallTime = wallTime
    }

    /// Cells that make `check` fail.
    public var failures: [CellResult] { cells.filter(\.isFailure) }
}
