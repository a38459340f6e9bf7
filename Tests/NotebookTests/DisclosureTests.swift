import Foundation
import Testing
@testable import Notebook

/// `<details>` hints and solutions: the only raw HTML chapters may use.
@Suite("Details blocks in chapters")
struct DisclosureTests {
    static func parse(_ markdown: String) throws -> Chapter {
        try ChapterParser.parse(markdown: markdown, file: URL(fileURLWithPath: "/course/Chapters/01-x.md"),
                                displayPath: "Chapters/01-x.md")
    }

    @Test("details and summary are rebuilt with the summary escaped; a cell inside stays a cell")
    func rebuilt() throws {
        let chapter = try Self.parse("""
        Text.

        <details>
        <summary>Hint & "tip"</summary>

        Use `zip`.

        ```swift norun
        let pairs = zip([1], [2])
        ```

        </details>
        """)
        #expect(chapter.cells.count == 1)
        let html = chapter.blocks.compactMap { block -> String? in
            if case let .prose(prose) = block { return prose.html } else { return nil }
        }.joined()
        #expect(html.contains("<details>\n<summary>Hint &amp; &quot;tip&quot;</summary>\n"))
        #expect(html.contains("</details>"))
    }

    @Test("other raw HTML is still dropped, even next to details")
    func otherHTMLDropped() throws {
        let chapter = try Self.parse("""
        <details>
        <summary onclick="x()">Hint</summary>
        <script>alert(1)</script>
        </details>
        """)
        let html = chapter.blocks.compactMap { block -> String? in
            if case let .prose(prose) = block { return prose.html } else { return nil }
        }.joined()
        #expect(!html.contains("<script"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("<details>"))
    }

    @Test("unbalanced details are an error naming the chapter and line")
    func unbalanced() throws {
        #expect(throws: NotebookError.unbalancedDetails(chapter: "Chapters/01-x.md", line: 3,
                                                        reason: "<details> is never closed")) {
            try Self.parse("Text.\n\n<details>\n<summary>Hint</summary>\n\nMore text.\n")
        }
        #expect(throws: NotebookError.unbalancedDetails(chapter: "Chapters/01-x.md", line: 1,
                                                        reason: "</details> closes nothing")) {
            try Self.parse("</details>\n")
        }
    }
}
