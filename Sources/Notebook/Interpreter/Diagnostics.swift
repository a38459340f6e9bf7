import Foundation
import SwiftDiagnostics
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// A position in the chapter file (line and column, 1-based), computed once per node when a
/// cell is compiled.
struct SourcePos: Hashable, Sendable {
    var line: Int32
    var column: Int32

    init(line: Int, column: Int) {
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    static let unknown = SourcePos(line: 0, column: 0)
}

/// Why a cell stopped: a trap (index out of range, division by zero, nil unwrap), an error a
/// binding threw, a refused file, a name or member that does not exist, or the time limit.
struct CellFailure: Error {
    var kind: ErrorDisplay.Kind
    var message: String
    var pos: SourcePos?
    /// Whether `try?`, `try!` and `do`/`catch` see it: errors thrown by bindings are
    /// catchable; traps, refused file accesses and timeouts are not (as in Swift, where a trap
    /// cannot be caught).
    var catchable: Bool
    /// The error a binding threw, for `catch` blocks.
    var underlying: (any Error)?

    /// A trap at `pos`, e.g. "Index out of range".
    static func trap(_ message: String, at pos: SourcePos?) -> CellFailure {
        CellFailure(kind: .runtime, message: message, pos: pos, catchable: false, underlying: nil)
    }

    /// An error thrown by a binding (or a `CellRuntimeError`), located at the call site.
    static func thrown(_ error: any Error, at pos: SourcePos?) -> CellFailure {
        if let failure = error as? CellFailure {
            var located = failure
            if located.pos == nil { located.pos = pos }
            return located
        }
        if let refused = error as? FileAccessError {
            return CellFailure(kind: .fileAccess, message: refused.message, pos: pos,
                               catchable: !refused.outsideCourse, underlying: error)
        }
        return CellFailure(kind: .runtime, message: describeError(error), pos: pos, catchable: true, underlying: error)
    }

    /// The message an error carries (`LocalizedError` first, then its description).
    static func describeError(_ error: any Error) -> String {
        if let runtime = error as? CellRuntimeError { return runtime.message }
        if let localized = error as? LocalizedError, let description = localized.errorDescription { return description }
        return String(describing: error)
    }
}

/// Thrown by `CallContext.resolveFile` when a cell names a file outside the course folder or a
/// file that does not exist; the interpreter reports it as `ErrorDisplay.Kind.fileAccess`.
public struct FileAccessError: LocalizedError, Sendable {
    /// The path as the cell wrote it.
    public let path: String
    /// What went wrong.
    public let message: String
    /// True when the path leaves the course folder (such errors cannot be caught by `try?`).
    public let outsideCourse: Bool

    public init(path: String, message: String, outsideCourse: Bool) {
        self.path = path
        self.message = message
        self.outsideCourse = outsideCourse
    }

    public var errorDescription: String? { message }
}

/// A construct the interpreter does not run, or a name that does not exist, found while
/// compiling a cell (so nothing of the cell runs).
struct CompileError: Error {
    var kind: ErrorDisplay.Kind
    var message: String
    var pos: SourcePos

    static func unsupported(_ what: String, at pos: SourcePos) -> CompileError {
        CompileError(kind: .unsupported, message: "not supported in cells: \(what)", pos: pos)
    }
}

/// Unwinds an optional chain (`a?.b.c`) whose base was `nil`.
struct OptionalChainNil: Error {}

/// Syntax errors of a parsed cell, as the chapter shows them.
enum SyntaxDiagnostics {
    /// The first syntax error of `tree` (with a count of the others), located in the chapter;
    /// nil when the cell parsed cleanly.
    static func firstError(in tree: SourceFileSyntax, converter: SourceLocationConverter,
                           cellLine: Int, chapterPath: String) -> ErrorDisplay? {
        let errors = ParseDiagnosticsGenerator.diagnostics(for: tree).filter { $0.diagMessage.severity == .error }
        guard let first = errors.first else { return nil }
        let location = first.location(converter: converter)
        var message = first.message
        if errors.count > 1 {
            message += " (and \(errors.count - 1) more syntax error\(errors.count == 2 ? "" : "s"))"
        }
        return ErrorDisplay(kind: .syntax, message: message,
                            location: SourceLocation(file: chapterPath, line: cellLine + location.line - 1,
                                                     column: location.column))
    }
}

/// Checks made before parsing, against inputs that make the parser itself slow.
enum CellPrecheck {
    /// Square brackets may nest this deep (the parser's type lookahead is exponential in it).
    static let maximumBracketDepth = 16

    /// The 1-based line and column of the first `[` nested deeper than the limit, outside
    /// string literals and comments; nil when there is none.
    static func tooDeeplyNestedBracket(in code: String) -> (line: Int, column: Int)? {
        var depth = 0
        var line = 1, column = 0
        var inString = false, inLineComment = false, blockComments = 0
        var previous: UInt8 = 0
        var escaped = false
        for byte in code.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
                inLineComment = false
                previous = byte
                continue
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            defer { previous = byte }
            if inLineComment { continue }
            if blockComments > 0 {
                if previous == UInt8(ascii: "*"), byte == UInt8(ascii: "/") { blockComments -= 1 }
                if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "*") { blockComments += 1 }
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "/") where previous == UInt8(ascii: "/"): inLineComment = true
            case UInt8(ascii: "*") where previous == UInt8(ascii: "/"): blockComments = 1
            case UInt8(ascii: "["):
                depth += 1
                if depth > maximumBracketDepth { return (line, column) }
            case UInt8(ascii: "]"):
                depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
