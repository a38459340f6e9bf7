import Foundation
import Notebook

/// One chapter's page in the site.
struct ChapterPage {
    /// 1-based position in the course.
    let number: Int
    let chapter: Chapter
    /// The page's file name at the site root, e.g. `01-intro.html`.
    let fileName: String
    /// The chapter's run record, matched by display path; nil when the chapter was not run.
    let result: ChapterResult?

    /// The result of the cell with this index.
    func cellResult(_ index: Int) -> CellResult? {
        result?.cells.first { $0.cellIndex == index }
    }
}

/// The pages of a site: names, order and the results that belong to each chapter.
struct SitePlan {
    static let reservedPageNames: Set<String> = ["index"]

    let pages: [ChapterPage]
    /// Chapter file name (as in `course.json`) → page file name.
    let pageNames: [String: String]

    init(chapters: [Chapter], results: [ChapterResult]) throws {
        var seenPaths: Set<String> = []
        for chapter in chapters where !seenPaths.insert(chapter.displayPath).inserted {
            throw SiteError.invalidInput("the chapter \(chapter.displayPath) is given twice")
        }
        var resultsByChapter: [String: ChapterResult] = [:]
        for result in results { resultsByChapter[result.chapter] = result }

        var names = PageIDs(reserved: Self.reservedPageNames)
        var pages: [ChapterPage] = []
        var pageNames: [String: String] = [:]
        for (offset, chapter) in chapters.enumerated() {
            let fileName = names.unique(Self.pageStem(for: chapter)) + ".html"
            pages.append(ChapterPage(number: offset + 1, chapter: chapter, fileName: fileName,
                                     result: resultsByChapter[chapter.displayPath]))
            pageNames[chapter.file.lastPathComponent] = fileName
        }
        self.pages = pages
        self.pageNames = pageNames
    }

    /// The chapter file's name without `.md`, reduced to characters that are safe in a URL
    /// (`A-Z a-z 0-9 - _ .`); anything else becomes `-`.
    static func pageStem(for chapter: Chapter) -> String {
        let stem = chapter.file.deletingPathExtension().lastPathComponent
        let safe = String(stem.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
                ? character : "-"
        })
        let trimmed = safe.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return trimmed.isEmpty ? "chapter" : trimmed
    }
}
