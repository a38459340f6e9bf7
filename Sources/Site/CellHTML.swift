import Foundation
import Notebook

/// HTML for one cell: a header with its number, flags and status, the highlighted code (unless
/// `hide`), and its outputs.
struct CellHTML {
    let page: ChapterPage
    /// Challenge cells become text areas of the page's form, posted to `/run` (`vectorbook serve`).
    var liveChallenges = false

    /// The checks that ran for each challenge id: (passed, failed, check-cell indices).
    struct ChallengeChecks {
        var passed = 0
        var failed = 0
        var cells: [Int] = []
    }

    /// Check results of every challenge in the chapter, from the outputs of its `check` cells.
    func challengeChecks() -> [String: ChallengeChecks] {
        var checks: [String: ChallengeChecks] = [:]
        for cell in page.chapter.cells {
            guard let name = cell.flags.checkFor else { continue }
            var entry = checks[name] ?? ChallengeChecks()
            entry.cells.append(cell.index)
            if let result = page.cellResult(cell.index) {
                for case let .display(.check(check)) in result.outputs {
                    if check.passed { entry.passed += 1 } else { entry.failed += 1 }
                }
                // A check cell that threw or timed out counts as a failed check.
                if [.failed, .timedOut, .unexpectedSuccess].contains(result.status) { entry.failed += 1 }
            }
            checks[name] = entry
        }
        return checks
    }

    static func id(of index: Int) -> String { "cell-\(index)" }

    func html(_ cell: Cell, checks: [String: ChallengeChecks]) -> String {
        let result = page.cellResult(cell.index)
        let status = result?.status
        var classes = ["cell"]
        if cell.flags.hide { classes.append("cell-hidden") }
        if cell.flags.norun { classes.append("cell-norun") }
        if cell.flags.challenge != nil { classes.append("cell-challenge") }
        if cell.flags.checkFor != nil { classes.append("cell-check") }
        if let status { classes.append("cell-status-\(status.rawValue)") }
        if result?.isFailure == true { classes.append("cell-failure") }
        let open = "<div class=\"\(classes.joined(separator: " "))\" id=\"\(Self.id(of: cell.index))\">"

        let outputs = result?.outputs ?? []
        if cell.flags.hide, outputs.isEmpty, result?.isFailure != true {
            // A hidden set-up cell with nothing to show: only its anchor remains.
            return open + "</div>\n"
        }

        var html = open + "\n" + header(cell, result: result, checks: checks)
        if liveChallenges, cell.flags.challenge != nil {
            html += editor(cell)
        } else if !cell.flags.hide {
            html += "<pre class=\"code\"><code class=\"language-swift\">"
                + SwiftHighlighter.html(cell.code) + "</code></pre>\n"
        }
        if !outputs.isEmpty {
            html += "<div class=\"outputs\">\n" + outputs.map(DisplayHTML.html(for:)).joined() + "</div>\n"
        } else if result?.isFailure == true, let status {
            html += "<div class=\"outputs\"><p class=\"cell-problem\">\(HTML.escape(Self.statusText(status)))"
                + "</p></div>\n"
        }
        return html + "</div>\n"
    }

    /// The challenge's code in a text area of the page's form (see ``PageRenderer``), and a button
    /// that posts every challenge of the page to `/run`; the answer is the page re-run with those
    /// codes, scrolled to this cell.
    private func editor(_ cell: Cell) -> String {
        let lines = cell.code.split(separator: "\n", omittingEmptySubsequences: false).count
        let label = "Code of challenge \(cell.flags.challenge ?? "")"
        return "<div class=\"challenge-editor\"><textarea name=\"\(Self.codeField(cell.index))\" class=\"code\" "
            + "rows=\"\(Swift.min(Swift.max(lines + 1, 4), 40))\" spellcheck=\"false\" aria-label=\"\(HTML.escape(label))\">"
            + HTML.escape(cell.code) + "</textarea>"
            + "<p><button type=\"submit\" name=\"run\" value=\"\(cell.index)\" formaction=\"run#\(Self.id(of: cell.index))\">"
            + "Run the chapter with this code</button></p></div>\n"
    }

    /// The form field holding the code of challenge cell `index`.
    static func codeField(_ index: Int) -> String { "code-\(index)" }

    private func header(_ cell: Cell, result: CellResult?, checks: [String: ChallengeChecks]) -> String {
        var parts = ["<span class=\"cell-number\">Cell \(cell.index + 1)</span>"]
        if cell.flags.hide { parts.append(badge("code hidden", kind: "muted")) }
        if cell.flags.norun { parts.append(badge("not run", kind: "muted")) }
        if cell.flags.expectsError, result?.status != .expectedError {
            parts.append(badge("expects an error", kind: "muted"))
        }
        if let name = cell.flags.challenge {
            parts.append(badge("Challenge: \(name)", kind: "challenge"))
            parts.append(checkSummary(checks[name]))
        }
        if let name = cell.flags.checkFor {
            let target = page.chapter.cells.first { $0.flags.challenge == name }
            let link = target.map { "<a href=\"#\(Self.id(of: $0.index))\">\(HTML.escape(name))</a>" }
                ?? HTML.escape(name)
            parts.append("<span class=\"badge badge-check\">Checks for \(link)</span>")
        }
        if let result {
            if result.isFailure || result.status == .expectedError {
                let kind = result.isFailure ? "failure" : "muted"
                parts.append(badge(Self.statusText(result.status), kind: kind))
            }
            if result.status != .skipped {
                parts.append("<span class=\"cell-time\">\(NumberText.duration(result.wallTime))</span>")
            }
        } else if page.result != nil, !cell.flags.norun {
            parts.append(badge("no output recorded", kind: "muted"))
        }
        return "<p class=\"cell-header\">" + parts.joined(separator: " ") + "</p>\n"
    }

    private func checkSummary(_ checks: ChallengeChecks?) -> String {
        guard let checks, !checks.cells.isEmpty else { return badge("no checks", kind: "muted") }
        let total = checks.passed + checks.failed
        let links = checks.cells.map { "<a href=\"#\(Self.id(of: $0))\">cell \($0 + 1)</a>" }
            .joined(separator: ", ")
        if total == 0 {
            return "<span class=\"badge badge-muted\">checks not run (\(links))</span>"
        }
        let state = checks.failed == 0 ? "pass" : "failure"
        let mark = checks.failed == 0 ? "✓" : "✗"
        return "<span class=\"badge badge-\(state)\">\(mark) \(checks.passed) of \(total) "
            + "\(total == 1 ? "check" : "checks") passed (\(links))</span>"
    }

    private func badge(_ text: String, kind: String) -> String {
        "<span class=\"badge badge-\(kind)\">\(HTML.escape(text))</span>"
    }

    static func statusText(_ status: CellStatus) -> String {
        switch status {
        case .ok: return "ran"
        case .skipped: return "not run"
        case .expectedError: return "threw, as expected"
        case .failed: return "failed"
        case .timedOut: return "timed out"
        case .checkFailed: return "a check failed"
        case .unexpectedSuccess: return "expected an error, but none was thrown"
        }
    }
}
