import Foundation
import Testing
@testable import Notebook

@Suite("Chapter parser: blocks, lines, prose HTML and titles")
struct ChapterParserTests {
    static func fixture(_ name: String) throws -> URL {
        let resources = try #require(Bundle.module.resourceURL)
        return resources.appendingPathComponent("Fixtures/chapters/\(name)")
    }

    static func parseFixture() throws -> Chapter {
        try ChapterParser.parse(contentsOf: fixture("01-basics.md"), displayPath: "Chapters/01-basics.md")
    }

    static func parse(_ markdown: String, path: String = "Chapters/t.md") throws -> Chapter {
        try ChapterParser.parse(markdown: markdown, file: URL(fileURLWithPath: "/course/\(path)"), displayPath: path)
    }

    /// "prose@LINE" or "cell@LINE" for each block.
    static func layout(_ chapter: Chapter) -> [String] {
        chapter.blocks.map { block in
            switch block {
            case let .prose(prose): return "prose@\(prose.line)"
            case let .cell(cell): return "cell\(cell.index)@\(cell.line)"
            }
        }
    }

    static func prose(_ chapter: Chapter) -> [Prose] {
        chapter.blocks.compactMap { if case let .prose(prose) = $0 { return prose } else { return nil } }
    }

    @Test func blocksComeInDocumentOrderWithLineNumbers() throws {
        let chapter = try Self.parseFixture()
        #expect(Self.layout(chapter) == [
            "prose@1", "cell0@13", "prose@17", "cell1@24", "cell2@27", "prose@30", "cell3@33", "cell4@37",
            "cell5@41", "prose@44",
        ])
        #expect(chapter.displayPath == "Chapters/01-basics.md")
        #expect(chapter.cells.map(\.index) == [0, 1, 2, 3, 4, 5])
    }

    @Test func cellCodeHasNoFencesAndNoTrailingNewline() throws {
        let cells = try Self.parseFixture().cells
        #expect(cells[0].code == "let x = 1\nx + 1")
        #expect(cells[0].infoString == "swift")
        #expect(cells[1].code == "let hidden = 2")
        #expect(cells[1].infoString == "swift hide timeout=5")
        #expect(cells[3].infoString == "swift challenge id=dimension")
    }

    @Test func proseKeepsItsSourceLinesAndRendersHTML() throws {
        let prose = Self.prose(try Self.parseFixture())
        #expect(prose[0].markdown.hasPrefix("# Getting *started* with `Vectorbook`\n"))
        #expect(prose[0].markdown.hasSuffix("- two\n"))
        #expect(prose[0].html.contains("<h1>Getting <em>started</em> with <code>Vectorbook</code></h1>"))
        #expect(prose[0].html.contains("<h2>Tokens</h2>"))
        #expect(prose[0].html.contains("<li>one</li>"))
        // Smart typography.
        #expect(prose[0].html.contains("\u{201C}vectors\u{201D} \u{2013} lists"))
        // The non-Swift code block stays prose.
        #expect(prose[1].markdown.contains("```python"))
        #expect(prose[1].html.contains("<pre><code class=\"language-python\">print(&quot;not a cell&quot;)"))
        // A reference definition later in the chapter still resolves.
        #expect(prose[1].html.contains("<a href=\"https://example.com\">link</a>"))
        #expect(prose[3].markdown == "## Last section\n\nClosing words.\n")
        #expect(prose[3].html == "<h2>Last section</h2>\n<p>Closing words.</p>\n")
    }

    @Test func rawHTMLIsNotPassedThrough() throws {
        let html = Self.prose(try Self.parseFixture()).map(\.html).joined()
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        let chapter = try Self.parse("[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n")
        let only = try #require(Self.prose(chapter).first)
        #expect(!only.html.contains("javascript:"))
        #expect(!only.html.contains("onerror"))
    }

    @Test func titleIsFirstLevelOneHeadingElseFileName() throws {
        #expect(try Self.parseFixture().title == "Getting started with Vectorbook")
        #expect(try Self.parse("## Second level\n\ntext\n\n# Real title\n# Later\n").title == "Real title")
        #expect(try Self.parse("Setext title\n============\n").title == "Setext title")
        #expect(try Self.parse("no heading\n", path: "Chapters/02-text.md").title == "02-text")
    }

    @Test func nonSwiftAndNestedCodeStaysProse() throws {
        let markdown = """
            ```swiftly
            not a cell
            ```

            ```
            plain
            ```

                indented swift code

            - item

              ```swift
              let nested = 1
              ```

            > ```swift
            > let quoted = 1
            > ```
            """
        let chapter = try Self.parse(markdown)
        #expect(chapter.cells.isEmpty)
        #expect(Self.layout(chapter) == ["prose@1"])
    }

    @Test func emptyChapterAndChapterWithOnlyCells() throws {
        #expect(try Self.parse("").blocks.isEmpty)
        let chapter = try Self.parse("```swift\n1\n```\n\n\n```swift\n2\n```")
        #expect(Self.layout(chapter) == ["cell0@2", "cell1@7"])
        #expect(chapter.cells.map(\.code) == ["1", "2"])
    }

    @Test func windowsLineEndingsKeepLineNumbers() throws {
        let chapter = try Self.parse("# T\r\n\r\ntext\r\n\r\n```swift\r\nlet a = 1\r\n```\r\nafter\r\n")
        #expect(Self.layout(chapter) == ["prose@1", "cell0@6", "prose@8"])
        #expect(chapter.cells[0].code == "let a = 1")
        #expect(chapter.source.contains("\r\n"))
    }

    @Test func unclosedFenceRunsToTheEnd() throws {
        let chapter = try Self.parse("intro\n\n```swift\nlet a = 1\nlet b = 2\n")
        #expect(Self.layout(chapter) == ["prose@1", "cell0@4"])
        #expect(chapter.cells[0].code == "let a = 1\nlet b = 2")
    }

    @Test func tildeFencesAndLongerFencesAreCells() throws {
        let chapter = try Self.parse("~~~swift hide\nlet a = 1\n~~~\n\n````swift\n```\n````\n")
        #expect(chapter.cells.count == 2)
        #expect(chapter.cells[0].flags.hide)
        #expect(chapter.cells[1].code == "```")
    }

    @Test func unreadableAndNonUTF8FilesNameThePath() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/99-none.md")
        #expect {
            try ChapterParser.parse(contentsOf: missing, displayPath: "Chapters/99-none.md")
        } throws: { error in
            guard case let .unreadableFile(path, _) = error as? NotebookError else { return false }
            return path == "Chapters/99-none.md"
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb-parser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.md")
        try Data([0x23, 0x20, 0xFF, 0xFE, 0x0A]).write(to: file)
        #expect(throws: NotebookError.notUTF8(path: "Chapters/bad.md")) {
            try ChapterParser.parse(contentsOf: file, displayPath: "Chapters/bad.md")
        }
    }
}
