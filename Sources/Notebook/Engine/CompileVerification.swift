import Foundation

/// Turns a chapter's cells into one Swift source file that the compiler can type-check
/// against the `Vectorbook` module: the cells, in order, become the body of one throwing
/// function (so they share state as in the notebook), each preceded by a
/// `#sourceLocation` naming the chapter file and the cell's first line. `norun` and
/// `error` cells are left out.
public enum CompileVerification {
    public static func source(for chapter: Chapter) -> String {
        var lines = ["import Foundation", "import Vectorbook", "", "func vectorbookChapter() throws {"]
        for cell in chapter.cells where !cell.flags.norun && !cell.flags.expectsError {
            lines.append("#sourceLocation(file: \"\(chapter.displayPath)\", line: \(cell.line))")
            lines.append(cell.code)
            lines.append("#sourceLocation()")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
