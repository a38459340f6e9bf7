import Foundation
@testable import Notebook

/// Runs cells of one pretend chapter (`Chapters/test.md`) in one interpreter, as the engine does.
final class CellRunner {
    let interpreter: Interpreter
    let chapterPath = "Chapters/test.md"
    /// The chapter line the next cell starts on.
    private var nextLine = 3

    init(registry: BindingRegistry = BindingRegistry(), courseRoot: URL = FileManager.default.temporaryDirectory) {
        interpreter = Interpreter(registry: registry, courseRoot: courseRoot, chapterPath: chapterPath)
    }

    /// Runs `code` as the next cell (cells start on chapter lines 3, 13, 23, … unless `line` is given).
    @discardableResult
    func run(_ code: String, line: Int? = nil, timeLimit: Duration = .seconds(30)) -> CellRun {
        let start = line ?? nextLine
        nextLine = start + 10
        let cell = Cell(index: 0, code: code, line: start, flags: CellFlags(), infoString: "swift")
        return interpreter.run(cell, timeLimit: timeLimit)
    }
}

extension CellRun {
    /// Everything `print` wrote.
    var stdout: String {
        outputs.map { output -> String in
            if case .stdout(let text) = output { return text }
            return ""
        }.joined()
    }

    /// The displayed values, in order.
    var displays: [Display] {
        outputs.compactMap { output -> Display? in
            if case .display(let display) = output { return display }
            return nil
        }
    }

    /// The text of the last displayed value, when it is shown as text.
    var shownText: String? {
        guard case .text(let text, _)? = displays.last else { return nil }
        return text
    }

    /// The type of the last displayed value, when it is shown as text.
    var shownType: String? {
        guard case .text(_, let type)? = displays.last else { return nil }
        return type
    }
}

/// The `print` output of one cell run alone (an error is appended as `error: message`).
func printed(_ code: String) -> String {
    let run = CellRunner().run(code)
    if let error = run.error { return run.stdout + "error: \(error.message)" }
    return run.stdout
}

/// The text shown for a one-cell run's last expression.
func shown(_ code: String) -> String? {
    let run = CellRunner().run(code)
    if let error = run.error { return "error: \(error.message)" }
    return run.shownText
}
