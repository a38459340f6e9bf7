import Foundation
import Testing
@testable import Notebook

@Suite("Chapter parser: cell flags and their errors")
struct ChapterParserFlagTests {
    static func parse(_ markdown: String) throws -> Chapter {
        try ChapterParser.parse(markdown: markdown, file: URL(fileURLWithPath: "/course/Chapters/03-flags.md"),
                                displayPath: "Chapters/03-flags.md")
    }

    static func flags(_ info: String) throws -> CellFlags {
        try #require(try parse("```\(info)\nlet a = 1\n```\n").cells.first).flags
    }

    /// Parses `markdown` expecting an invalid-flags error; returns (line, text, reason, description).
    static func flagError(_ markdown: String) throws -> (line: Int, text: String, reason: String, message: String) {
        do {
            _ = try parse(markdown)
        } catch let error as NotebookError {
            guard case let .invalidCellFlags(chapter, line, text, reason) = error else {
                Issue.record("unexpected error \(error)")
                throw error
            }
            #expect(chapter == "Chapters/03-flags.md")
            return (line, text, reason, error.description)
        }
        Issue.record("expected an invalid-flags error for:\n\(markdown)")
        struct NoError: Error {}
        throw NoError()
    }

    @Test func plainSwiftHasNoFlags() throws {
        #expect(try Self.flags("swift") == CellFlags())
    }

    @Test func eachFlag() throws {
        #expect(try Self.flags("swift hide").hide)
        #expect(try Self.flags("swift norun").norun)
        #expect(try Self.flags("swift error").expectsError)
        #expect(try Self.flags("swift challenge id=dimension").challenge == "dimension")
        #expect(try Self.flags("swift timeout=2.5").timeout == 2.5)
        #expect(try Self.flags("swift timeout=30").timeout == 30)
        let chapter = try Self.parse("""
            ```swift challenge id=pool_1
            let p = 1
            ```

            ```swift check for=pool_1 hide timeout=10
            expect(p == 1, "p")
            ```

            ```swift check for=pool_1
            expect(p > 0, "positive")
            ```
            """)
        let check = chapter.cells[1].flags
        #expect(check.checkFor == "pool_1")
        #expect(check.hide)
        #expect(check.timeout == 10)
        #expect(chapter.cells[2].flags.checkFor == "pool_1")
    }

    @Test func flagsInAnyOrderWithExtraSpaces() throws {
        let flags = try Self.flags("swift   timeout=1   hide  error")
        #expect(flags.hide && flags.expectsError && flags.timeout == 1)
    }

    @Test(arguments: [
        ("swift hidden", "hidden", "unknown cell flag"),
        ("swift timeout=abc", "timeout=abc", "positive number"),
        ("swift timeout=0", "timeout=0", "positive number"),
        ("swift timeout=-3", "timeout=-3", "positive number"),
        ("swift timeout=inf", "timeout=inf", "positive number"),
        ("swift timeout=", "timeout=", "positive number"),
        ("swift challenge", "challenge", "followed by `id=NAME`"),
        ("swift challenge name=x", "challenge", "followed by `id=NAME`"),
        ("swift challenge id=", "challenge id=", "letters, digits"),
        ("swift challenge id=a<b", "challenge id=a<b", "letters, digits"),
        ("swift check", "check", "followed by `for=NAME`"),
        ("swift id=x", "id=x", "directly follow `challenge`"),
        ("swift hide hide", "hide", "given twice"),
        ("swift timeout=1 timeout=2", "timeout=2", "given twice"),
        ("swift norun hide", "norun hide", "neither run nor show"),
        ("swift norun error", "norun error", "cannot throw"),
        ("swift norun challenge id=a", "norun challenge id=a", "must run"),
        ("swift norun timeout=3", "norun timeout=3", "no time limit"),
        ("swift challenge id=a hide", "challenge id=a hide", "must be visible"),
        ("swift challenge id=a error", "challenge id=a error", "not be expected to throw"),
    ])
    func invalidInfoStringsNameLineAndText(info: String, text: String, reason: String) throws {
        let error = try Self.flagError("# Title\n\ntext\n\n```\(info)\nlet a = 1\n```\n")
        #expect(error.line == 5)
        #expect(error.text == text)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(error.message.hasPrefix("Chapters/03-flags.md:5: invalid cell flags `\(text)`"))
    }

    @Test func checkNeedsAnEarlierChallenge() throws {
        let later = try Self.flagError("""
            ```swift check for=dim
            expect(true, "x")
            ```

            ```swift challenge id=dim
            let d = 1
            ```
            """)
        #expect(later.line == 1)
        #expect(later.text == "check for=dim")
        #expect(later.reason.contains("no earlier cell"))
        let unknown = try Self.flagError("```swift challenge id=a\n1\n```\n\n```swift check for=b\n2\n```\n")
        #expect(unknown.line == 5)
        #expect(unknown.text == "check for=b")
    }

    @Test func challengeAndCheckOnOneCellOrWithErrorAreRejected() throws {
        let both = try Self.flagError("```swift challenge id=a check for=a\n1\n```\n")
        #expect(both.reason.contains("either a `challenge` or a `check`"))
        let checkError = try Self.flagError("```swift challenge id=a\n1\n```\n```swift check for=a error\n2\n```\n")
        #expect(checkError.line == 4)
        #expect(checkError.reason.contains("not by throwing"))
        let normNoCheck = try Self.flagError("```swift challenge id=a\n1\n```\n```swift norun check for=a\n2\n```\n")
        #expect(normNoCheck.reason.contains("checks must run"))
    }

    @Test func duplicateChallengeIdsNameBothLines() throws {
        let error = try Self.flagError("""
            # T

            ```swift challenge id=dim
            let d = 1
            ```

            ```swift challenge id=dim
            let d = 2
            ```
            """)
        #expect(error.line == 7)
        #expect(error.text == "challenge id=dim")
        #expect(error.reason.contains("already used by the cell at line 3"))
    }

    @Test func fixtureFlags() throws {
        let cells = try ChapterParserTests.parseFixture().cells
        #expect(cells[1].flags.hide && cells[1].flags.timeout == 5)
        #expect(cells[2].flags.norun)
        #expect(cells[3].flags.challenge == "dimension")
        #expect(cells[4].flags.checkFor == "dimension")
        #expect(cells[5].flags.expectsError)
    }
}
