import Foundation

/// How chapters are run.
public struct RunOptions: Sendable {
    /// Time limit for cells without a `timeout=` flag.
    public var defaultTimeLimit: Duration = .seconds(60)
    /// Reuse and store outputs under `<course>/.vectorbook/cache`.
    public var useCache = true
    /// Stack size of the thread cells run on (deep expressions recurse in the evaluator).
    public var stackSize = 512 << 20

    public init(defaultTimeLimit: Duration = .seconds(60), useCache: Bool = true) {
        self.defaultTimeLimit = defaultTimeLimit
        self.useCache = useCache
    }
}

/// Runs chapters top to bottom, each in a fresh interpreter session, recording per cell
/// its outputs, status, wall time and peak memory; reuses cached outputs while the
/// chapter and every model and file it touched are unchanged.
public struct ChapterRunner: Sendable {
    public let course: Course
    public let options: RunOptions
    private let makeRegistry: @Sendable () -> BindingRegistry

    /// `makeRegistry` builds the bindings for one fresh session (default: the whole
    /// Vectorbook library; the interpreter adds the standard library itself).
    public init(course: Course, options: RunOptions = RunOptions(),
                makeRegistry: @escaping @Sendable () -> BindingRegistry = ChapterRunner.libraryRegistry) {
        self.course = course
        self.options = options
        self.makeRegistry = makeRegistry
    }

    /// A registry with every library binding.
    public static func libraryRegistry() -> BindingRegistry {
        let registry = BindingRegistry()
        registry.registerLibrary()
        return registry
    }

    /// Where cached outputs live.
    public var cacheFolder: URL {
        course.root.appendingPathComponent(".vectorbook/cache", isDirectory: true)
    }

    /// Runs (or reuses) `chapter`. `progress` hears about each cell as it starts.
    public func run(_ chapter: Chapter, progress: (@Sendable (Cell) -> Void)? = nil) throws -> ChapterResult {
        let cache = ChapterCache(folder: cacheFolder)
        if options.useCache, let cached = cache.lookup(chapter) { return cached }
        let outcome = runFresh(chapter, progress: progress)
        if options.useCache {
            try cache.store(outcome.result, for: chapter, files: outcome.files, models: outcome.models)
        }
        return outcome.result
    }

    private struct Outcome: @unchecked Sendable {
        var result: ChapterResult
        var files: [URL]
        var models: [URL]
    }

    /// Runs every cell on one dedicated thread with a large stack and waits for it.
    private func runFresh(_ chapter: Chapter, progress: (@Sendable (Cell) -> Void)?) -> Outcome {
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        let registry = makeRegistry
        let course = self.course, options = self.options
        let thread = Thread {
            box.outcome = Self.execute(chapter, course: course, options: options, registry: registry(), progress: progress)
            done.signal()
        }
        thread.stackSize = options.stackSize
        thread.start()
        done.wait()
        return box.outcome ?? Outcome(result: ChapterResult(chapter: chapter.displayPath, cells: [], computedAt: Date(),
                                                            fromCache: false, wallTime: 0), files: [], models: [])
    }

    private final class OutcomeBox: @unchecked Sendable {
        // Written by the cell thread before it signals, read after the wait.
        var outcome: Outcome?
    }

    private static func execute(_ chapter: Chapter, course: Course, options: RunOptions, registry: BindingRegistry,
                                progress: (@Sendable (Cell) -> Void)?) -> Outcome {
        let started = Date()
        let interpreter = Interpreter(registry: registry, courseRoot: course.root, chapterPath: chapter.displayPath)
        var results: [CellResult] = []
        var files: [URL] = [], models: [URL] = []
        for cell in chapter.cells {
            progress?(cell)
            if cell.flags.norun {
                results.append(CellResult(cellIndex: cell.index, status: .skipped, outputs: [], wallTime: 0, peakMemory: 0))
                continue
            }
            let limit = cell.flags.timeout.map { Duration.milliseconds(Int64($0 * 1000)) } ?? options.defaultTimeLimit
            let sampler = MemorySampler.start()
            let clock = ContinuousClock()
            let begin = clock.now
            let run = interpreter.run(cell, timeLimit: limit)
            let elapsed = clock.now - begin
            let peak = sampler.stop()
            files += run.filesRead
            models += run.modelsUsed.map(\.folder)
            let (status, outputs) = classify(run, cell: cell, chapter: chapter)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            results.append(CellResult(cellIndex: cell.index, status: status, outputs: outputs,
                                      wallTime: seconds, peakMemory: peak))
        }
        let result = ChapterResult(chapter: chapter.displayPath, cells: results, computedAt: started, fromCache: false,
                                   wallTime: Date().timeIntervalSince(started))
        return Outcome(result: result, files: files, models: models)
    }

    /// A cell's status from its run and its flags; the error (if any) becomes its last output.
    static func classify(_ run: CellRun, cell: Cell, chapter: Chapter) -> (CellStatus, [CellOutput]) {
        var outputs = run.outputs
        guard let error = run.error else {
            if cell.flags.expectsError {
                let location = SourceLocation(file: chapter.displayPath, line: cell.line, column: 1)
                outputs.append(.display(.error(ErrorDisplay(
                    kind: .runtime, message: "this cell is marked `error` but ran without throwing", location: location))))
                return (.unexpectedSuccess, outputs)
            }
            return (run.failedChecks > 0 ? .checkFailed : .ok, outputs)
        }
        if cell.flags.expectsError, error.kind == .runtime || error.kind == .fileAccess {
            var expected = error
            expected.kind = .expected
            outputs.append(.display(.error(expected)))
            return (.expectedError, outputs)
        }
        outputs.append(.display(.error(error)))
        return (error.kind == .timeout ? .timedOut : .failed, outputs)
    }
}
