import Foundation

/// The state of one chapter run: globals shared by its cells, the registry, and what the
/// current cell produced. It is the `CallContext` bindings see. Single-threaded: one cell runs
/// at a time, on the interpreter's thread.
final class Runtime: CallContext {
    let registry: BindingRegistry
    let courseRoot: URL
    let chapterPath: String
    /// `courseRoot` with symbolic links and `..` resolved, for containment checks.
    let resolvedCourseRoot: URL

    /// Top-level `let`/`var`/`func` of every cell run so far, by name. A name keeps its box
    /// for the whole run (a re-run cell updates it), so nodes may cache boxes.
    private(set) var globals: [String: Box] = [:]
    /// Changes when a global name is added (invalidates lookups that fell back to bindings).
    private(set) var globalsVersion = 0

    // MARK: What the current cell produced

    private(set) var outputs: [CellOutput] = []
    private var pendingStdout = ""
    private var stdoutCount = 0
    private var stdoutTruncated = false
    /// At most this many characters of `print` output are kept per cell.
    static let stdoutLimit = 2_000_000
    private(set) var failedChecks = 0
    private(set) var filesRead: [URL] = []
    private(set) var modelsUsed: [(id: String, folder: URL)] = []

    // MARK: Limits

    private var deadline = ContinuousClock.now
    private var timeLimit: Duration = .seconds(60)
    private var lastCheck = ContinuousClock.now
    private var ticksLeft = 64
    private var tickInterval = 64
    /// Nested calls of cell functions and closures now running.
    var depth = 0
    /// Deepest nesting of cell function and closure calls.
    static let maxDepth = 500

    /// The call site being evaluated (for `location`).
    var currentPos = SourcePos.unknown
    /// The value of the cell's last expression statement, when it ran (with its static type).
    var lastValue: (value: Value, hint: TypeHint?)?

    private var hintCache: [String: TypeHint] = [:]
    private var implicitMemberIndex: [String: [String]]?
    /// Names of mutating methods of any type (to know when a receiver must be a variable).
    private(set) var mutatingMethodNames: Set<String> = []

    init(registry: BindingRegistry, courseRoot: URL, chapterPath: String) {
        self.registry = registry
        self.courseRoot = courseRoot
        self.chapterPath = chapterPath
        resolvedCourseRoot = courseRoot.standardizedFileURL.resolvingSymlinksInPath()
        refreshRegistryIndexes()
    }

    /// Rebuilds indexes derived from the registry (call after registering more bindings).
    func refreshRegistryIndexes() {
        mutatingMethodNames = Set(registry.mutatingMethods.values.flatMap(\.keys))
        implicitMemberIndex = nil
    }

    // MARK: Cells

    /// Resets per-cell state before a cell runs.
    func beginCell(timeLimit: Duration) {
        outputs = []
        pendingStdout = ""
        stdoutCount = 0
        stdoutTruncated = false
        failedChecks = 0
        filesRead = []
        modelsUsed = []
        lastValue = nil
        depth = 0
        // Clamped so the deadline arithmetic cannot overflow.
        let limit = min(max(timeLimit, .zero), .seconds(365 * 86_400))
        self.timeLimit = limit
        let now = ContinuousClock.now
        deadline = now.advanced(by: limit)
        lastCheck = now
        tickInterval = 64
        ticksLeft = tickInterval
    }

    /// The outputs of the cell, with pending `print` text flushed.
    func finishOutputs() -> [CellOutput] {
        flushStdout()
        return outputs
    }

    private func flushStdout() {
        guard !pendingStdout.isEmpty else { return }
        outputs.append(.stdout(pendingStdout))
        pendingStdout = ""
    }

    // MARK: Globals

    /// Empties every global, breaking the reference cycles recursive functions form through
    /// the boxes their compiled calls cache (called when the interpreter goes away).
    func releaseGlobals() {
        for box in globals.values { box.value = .void }
        globals = [:]
    }

    func global(_ name: String) -> Box? { globals[name] }

    /// Declares (or re-declares, when a cell runs again) a global.
    func defineGlobal(_ name: String, _ value: Value, hint: TypeHint?, isConstant: Bool) {
        let effectiveHint = hint ?? TypeHint.of(value)
        if let box = globals[name] {
            box.value = value
            box.hint = effectiveHint
            box.isConstant = isConstant
        } else {
            globals[name] = Box(value, hint: effectiveHint, isConstant: isConstant)
            globalsVersion &+= 1
        }
    }

    // MARK: Time

    /// Counts one step (a loop iteration, a call); checks the clock every few steps, more often
    /// when steps are slow.
    @inline(__always) func tick() throws {
        ticksLeft &-= 1
        if ticksLeft <= 0 { try checkClock() }
    }

    private func checkClock() throws {
        let now = ContinuousClock.now
        if now >= deadline { throw timeoutFailure() }
        let elapsed = now - lastCheck
        lastCheck = now
        if elapsed > .milliseconds(20) {
            tickInterval = max(1, tickInterval / 8)
        } else if tickInterval < 4096 {
            tickInterval *= 2
        }
        ticksLeft = tickInterval
    }

    func timeoutFailure() -> CellFailure {
        let seconds = Runtime.formatSeconds(timeLimit)
        return CellFailure(kind: .timeout,
                           message: "stopped after \(seconds) s: the cell's time limit (timeout=\(seconds)) was reached; "
                               + "raise it with `timeout=SECONDS` in the cell's info string",
                           pos: currentPos == .unknown ? nil : currentPos, catchable: false, underlying: nil)
    }

    static func formatSeconds(_ duration: Duration) -> String {
        let components = duration.components
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        if seconds == seconds.rounded() { return String(Int(seconds)) }
        var text = String(format: "%.3f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    // MARK: CallContext

    var location: SourceLocation { sourceLocation(currentPos) }

    func sourceLocation(_ pos: SourcePos) -> SourceLocation {
        SourceLocation(file: chapterPath, line: Int(pos.line), column: Int(pos.column))
    }

    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try callPositional(function, arguments, at: currentPos)
    }

    func write(_ text: String) {
        guard !stdoutTruncated else { return }
        let count = text.utf8.count
        if stdoutCount + count > Runtime.stdoutLimit {
            pendingStdout += "\n… output truncated: a cell keeps at most \(Runtime.stdoutLimit) characters of print output\n"
            stdoutTruncated = true
            return
        }
        stdoutCount += count
        pendingStdout += text
    }

    func emit(_ display: Display) {
        flushStdout()
        outputs.append(.display(display))
    }

    func recordCheck(passed: Bool, message: String) {
        if !passed { failedChecks += 1 }
    }

    func resolveFile(_ path: String) throws -> URL {
        let candidate = path.hasPrefix("/") ? URL(fileURLWithPath: path)
                                             : resolvedCourseRoot.appendingPathComponent(path)
        let resolved = candidate.standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = resolvedCourseRoot.path
        guard resolved.path == rootPath || resolved.path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else {
            throw FileAccessError(path: path,
                                  message: "cells may only read files inside the course folder: '\(path)' resolves to \(resolved.path)",
                                  outsideCourse: true)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory) else {
            throw FileAccessError(path: path, message: "no such file: '\(path)' (looked for \(resolved.path))",
                                  outsideCourse: false)
        }
        if !filesRead.contains(resolved) { filesRead.append(resolved) }
        return resolved
    }

    func recordModel(id: String, folder: URL) {
        if !modelsUsed.contains(where: { $0.id == id && $0.folder == folder }) {
            modelsUsed.append((id: id, folder: folder))
        }
    }

    func checkDeadline() throws {
        if ContinuousClock.now >= deadline { throw timeoutFailure() }
    }

    // MARK: Hints

    /// The hint a binding's `Parameter.type` spells (cached).
    func hint(forType text: String?) -> TypeHint? {
        guard let text else { return nil }
        if let cached = hintCache[text] { return cached }
        let parsed = TypeHint.parse(text)
        hintCache[text] = parsed
        return parsed
    }

    /// Types that have a static property `name` (for `.name` without a contextual type).
    func typesWithStaticProperty(_ name: String) -> [String] {
        if implicitMemberIndex == nil {
            var index: [String: [String]] = [:]
            for (type, members) in registry.staticProperties {
                for member in members.keys { index[member, default: []].append(type) }
            }
            for key in index.keys { index[key]?.sort() }
            implicitMemberIndex = index
        }
        return implicitMemberIndex?[name] ?? []
    }
}
