import Foundation
import SwiftParser
import SwiftSyntax

/// What running one cell produced.
public struct CellRun: Sendable {
    /// `print` output (consecutive prints merged) and displays, in order; with an error, the
    /// outputs produced before it.
    public var outputs: [CellOutput]
    /// Why the cell stopped early, if it did: a syntax error (nothing ran), an unsupported
    /// construct or unknown name (nothing ran), a runtime error, a refused file, the time limit.
    public var error: ErrorDisplay?
    /// `expect` checks that failed.
    public var failedChecks: Int
    /// Files the cell read through `CallContext.resolveFile` (inside the course folder).
    public var filesRead: [URL]
    /// Models the cell loaded.
    public var modelsUsed: [(id: String, folder: URL)]

    public init(outputs: [CellOutput], error: ErrorDisplay?, failedChecks: Int, filesRead: [URL],
                modelsUsed: [(id: String, folder: URL)]) {
        self.outputs = outputs
        self.error = error
        self.failedChecks = failedChecks
        self.filesRead = filesRead
        self.modelsUsed = modelsUsed
    }
}

/// Runs the Swift cells of one chapter. Cells share state like notebook cells: a top-level
/// `let`, `var` or `func` of one cell is visible in the cells run after it (a re-run cell
/// re-declares its names).
///
/// Each cell is parsed with swift-syntax, compiled to an evaluation tree (names resolved to
/// slots, operators folded with Swift's precedence groups, literals typed by context) and run.
/// A syntax error, an unsupported construct or an unknown name stops the cell before any of it
/// runs; a runtime error keeps the outputs printed before it.
///
/// ## The subset
/// - `let`/`var` with annotations (`[Float]`, `[String: Int]`, `Int?`, tuples with labels),
///   `let x: T` assigned later, destructuring `let (a, b) = …`; `=` and compound assignment on
///   variables, elements (`a[i]`, `d[k]`, `d[k, default: 0]`), tuple members, `x!` and optional
///   chains (`d[k]?.append(x)`); mutating methods change the variable in place.
/// - Literals (integer in any radix, floating, string with interpolation, multi-line and raw
///   strings, booleans, `nil`, arrays, dictionaries), tuples, optionals (`?.`, `!`, `??`,
///   `if let`, `if let x`, `guard let`, `if case`), casts (`as`, `as?`, `as!`, `is`).
/// - Members and implicit members (`.mean` through the parameter's declared type, an
///   annotation, the other operand, else a unique registered static property), calls with
///   labels, defaults, variadics and (several) trailing closures, subscripts with integers and
///   ranges (`..<`, `...`, one-sided), `callAsFunction`, operators as functions (`reduce(0, +)`),
///   initializers as functions (`map(String.init)`).
/// - Arithmetic (Int overflow and division by zero trap), comparison, logical, bitwise and
///   range operators; Int, Double and Float stay distinct, and a literal takes the type of its
///   context (annotation, parameter, return type, other operand: Float beats Double beats Int).
/// - `try`, `try?`, `try!`, `do { } catch { }` (one `catch`, optionally `catch let e`); errors
///   thrown by bindings are catchable, traps and time limits are not.
/// - Closures (`$0`, `{ a, b in }`, typed parameters), capturing variables by reference (each
///   loop iteration has its own variable); `func` declarations (labels, defaults, variadics,
///   recursion, nested functions), visible to later cells.
/// - `if`/`else if`/`else` (and `if` as a value), `guard`, `while`, `repeat`/`while`,
///   `for … in` over ranges, arrays, strings, dictionaries, `enumerated()`, `zip`, `stride`,
///   with `where` and tuple patterns, `switch` (literals, ranges, several patterns, tuples,
///   `let x where …`, `x?`, `default`, `fallthrough`), labelled `break`/`continue`, `return`.
/// - `import Vectorbook`/`Foundation` (and the modules it re-exports) are accepted and ignored.
///
/// Not supported (reported as `not supported in cells: …` at the construct): type
/// declarations (struct, class, enum, protocol, actor, extension, typealias), generics
/// declarations, async/await, macros and `#if`, key paths, `inout`, attributes and property
/// wrappers, computed properties, `defer`, `throw`, operator declarations, closure capture
/// lists, other imports.
///
/// ## Output
/// `print` output is captured in order (at most 2,000,000 characters per cell). The value of
/// the cell's last expression statement (not an assignment, not `Void`) is displayed through
/// the registry's display for its type, else as text (scalars) or item by item (collections,
/// at most 100 items). Dictionaries print, display and iterate sorted by key, so outputs are
/// stable (Swift's own order changes from run to run).
///
/// ## Limits
/// Loops, calls and closures count steps and check the cell's time limit; nested calls are
/// limited to `Runtime.maxDepth` (500). Files are read only inside the course folder.
///
/// Not thread-safe: use one interpreter from one thread at a time. `run` evaluates on a
/// dedicated thread with a large stack (and waits for it), so deep recursion in a cell ends
/// with the interpreter's depth-limit error, not a stack overflow, whatever the caller's stack.
public final class Interpreter {
    let runtime: Runtime

    /// Creates an interpreter for one chapter run.
    /// - Parameters:
    ///   - registry: the library bindings; the standard library (`print`, `String`, `Array`,
    ///     …) is added to it if it is not there yet.
    ///   - courseRoot: the folder cells may read files from (relative paths resolve against it).
    ///   - chapterPath: the chapter's display path, used in error locations (`Chapters/01-x.md`).
    public init(registry: BindingRegistry, courseRoot: URL, chapterPath: String) {
        registry.registerStandardLibrary()
        runtime = Runtime(registry: registry, courseRoot: courseRoot, chapterPath: chapterPath)
    }

    deinit {
        runtime.releaseGlobals()
    }

    /// Longer cells are refused (it bounds how deep a cell's syntax tree can be).
    static let maximumCellLength = 100_000

    /// Stack size of the thread cells run on.
    static let stackSize = 256 << 20

    /// Runs one cell against the state the previous cells left.
    /// - Parameters:
    ///   - cell: the cell; `cell.line` is the chapter line of its first code line.
    ///   - timeLimit: when the cell runs longer, it stops with a `.timeout` error.
    public func run(_ cell: Cell, timeLimit: Duration) -> CellRun {
        let job = UncheckedBox((interpreter: self, cell: cell, timeLimit: timeLimit))
        let result = UncheckedBox<CellRun?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let input = job.value
            result.value = input.interpreter.runHere(input.cell, timeLimit: input.timeLimit)
            done.signal()
        }
        thread.stackSize = Interpreter.stackSize
        thread.start()
        done.wait()
        return result.value ?? CellRun(outputs: [], error: ErrorDisplay(kind: .runtime, message: "the cell did not run",
                                                                       location: nil),
                                       failedChecks: 0, filesRead: [], modelsUsed: [])
    }

    /// Runs a cell on the calling thread.
    func runHere(_ cell: Cell, timeLimit: Duration) -> CellRun {
        runtime.refreshRegistryIndexes()
        runtime.beginCell(timeLimit: timeLimit)
        guard cell.code.utf8.count <= Interpreter.maximumCellLength else {
            return finish(error: ErrorDisplay(kind: .unsupported,
                                              message: "not supported in cells: cells longer than "
                                                  + "\(Interpreter.maximumCellLength) characters (split the cell)",
                                              location: runtime.sourceLocation(SourcePos(line: cell.line, column: 1))))
        }
        if let nested = CellPrecheck.tooDeeplyNestedBracket(in: cell.code) {
            return finish(error: ErrorDisplay(kind: .unsupported,
                                              message: "not supported in cells: brackets nested more than "
                                                  + "\(CellPrecheck.maximumBracketDepth) levels deep",
                                              location: runtime.sourceLocation(SourcePos(line: cell.line + nested.line - 1,
                                                                                         column: nested.column))))
        }
        let tree = Parser.parse(source: cell.code)
        let converter = SourceLocationConverter(fileName: runtime.chapterPath, tree: tree)
        if let syntaxError = SyntaxDiagnostics.firstError(in: tree, converter: converter, cellLine: cell.line,
                                                         chapterPath: runtime.chapterPath) {
            return finish(error: syntaxError)
        }
        let compiled: CompiledCell
        do {
            compiled = try Compiler(runtime: runtime, converter: converter, cellLine: cell.line).compileCell(tree)
        } catch let failure as CompileError {
            return finish(error: ErrorDisplay(kind: failure.kind, message: failure.message,
                                              location: failure.pos == .unknown ? nil : runtime.sourceLocation(failure.pos)))
        } catch {
            return finish(error: ErrorDisplay(kind: .runtime, message: "\(error)", location: nil))
        }
        let frame = Frame(count: compiled.slotCount, captures: [], runtime: runtime)
        do {
            _ = try runStatements(compiled.statements, frame)
            if let last = runtime.lastValue {
                if case .void = last.value {} else {
                    runtime.emit(try runtime.display(last.value, hint: last.hint))
                }
            }
        } catch let failure as CellFailure {
            return finish(error: ErrorDisplay(kind: failure.kind, message: failure.message,
                                              location: failure.pos.map { runtime.sourceLocation($0) }))
        } catch is OptionalChainNil {
            return finish(error: ErrorDisplay(kind: .runtime, message: "unexpected nil in an optional chain", location: nil))
        } catch {
            return finish(error: ErrorDisplay(kind: .runtime, message: CellFailure.describeError(error), location: nil))
        }
        return finish(error: nil)
    }

    private func finish(error: ErrorDisplay?) -> CellRun {
        CellRun(outputs: runtime.finishOutputs(), error: error, failedChecks: runtime.failedChecks,
                filesRead: runtime.filesRead, modelsUsed: runtime.modelsUsed)
    }
}

/// Hands values to the cell thread. Safe because `run` blocks until that thread is done, so
/// the values are never used from two threads at once.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T

    init(_ value: T) { self.value = value }
}
