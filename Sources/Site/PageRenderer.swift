import Foundation
import Notebook

/// Renders the index page and the chapter pages.
struct PageRenderer {
    let layout: PageLayout
    let links: LinkResolver
    let pages: [ChapterPage]

    /// A rendered chapter page and its search sections.
    struct RenderedChapter {
        var html: String
        var searchEntries: [SearchEntry]
    }

    // MARK: Chapter pages

    func chapterPage(at position: Int) -> RenderedChapter {
        let page = pages[position]
        let cellIDs = Set(page.chapter.cells.map { CellHTML.id(of: $0.index) })
        var ids = PageIDs(reserved: PageLayout.reservedIDs.union(cellIDs))
        let cells = CellHTML(page: page, liveChallenges: layout.options.liveChallenges)
        let checks = cells.challengeChecks()
        var search = SearchSections(chapterTitle: page.chapter.title, pageFile: page.fileName)
        var headings: [Heading] = []

        // Live pages (`vectorbook serve`) hold the chapter in one form, so that a run posts the code of
        // every challenge on the page and no edit is lost when another challenge runs.
        let live = layout.options.liveChallenges && page.chapter.cells.contains { $0.flags.challenge != nil }
        var body = "<article class=\"chapter-body\">\n" + notices(for: page)
        if live {
            body += "<form class=\"live-chapter\" method=\"post\" action=\"run\">"
                + "<input type=\"hidden\" name=\"chapter\" value=\"\(HTML.escape(page.chapter.file.lastPathComponent))\">\n"
        }
        for block in page.chapter.blocks {
            switch block {
            case let .prose(prose):
                let processed = ProseHTML.process(prose.html, ids: &ids, links: links)
                guard !processed.html.isEmpty else { continue }
                headings += processed.headings.map(\.heading)
                search.add(prose: processed)
                body += Self.proseDivs(processed.html)
            case let .cell(cell):
                if !cell.flags.hide { search.add(code: cell.code) }
                body += cells.html(cell, checks: checks)
            }
        }
        if live { body += "</form>\n" }
        body += "</article>\n" + pager(position)

        let html = layout.document(title: page.chapter.title, current: page, sections: headings, main: body,
                                   footerNote: "<p>\(layout.outputsNote(for: page))</p>\n")
        return RenderedChapter(html: html, searchEntries: search.entries)
    }

    /// Prose HTML in `<div class="prose">` blocks, with the chapter's `<details>` markup (which
    /// the parser rebuilt, one element per line) left outside them so that a disclosure can
    /// enclose prose and cells alike.
    static func proseDivs(_ html: String) -> String {
        var output = "", pending = ""
        func flush() {
            if !pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                output += "<div class=\"prose\">\n\(pending)</div>\n"
            }
            pending = ""
        }
        for line in html.split(separator: "\n", omittingEmptySubsequences: false) {
            let isMarkup = line == "<details>" || line == "<details open>" || line == "</details>"
                || (line.hasPrefix("<summary>") && line.hasSuffix("</summary>"))
            if isMarkup {
                flush()
                output += line + "\n"
            } else {
                pending += line + "\n"
            }
        }
        flush()
        return output
    }

    private func notices(for page: ChapterPage) -> String {
        guard let result = page.result else {
            return "<p class=\"notice\">This chapter has not been run, so its outputs are missing.</p>\n"
        }
        let failures = result.failures
        guard !failures.isEmpty else { return "" }
        let links = failures.map { "<a href=\"#\(CellHTML.id(of: $0.cellIndex))\">cell \($0.cellIndex + 1)</a>" }
        let noun = failures.count == 1 ? "cell did" : "cells did"
        return "<p class=\"notice notice-failure\">\(failures.count) \(noun) not run as expected: "
            + links.joined(separator: ", ") + ".</p>\n"
    }

    private func pager(_ position: Int) -> String {
        var html = "<nav class=\"pager\" aria-label=\"Previous and next chapters\">\n"
        if position > 0 {
            let previous = pages[position - 1]
            html += "<a class=\"pager-prev\" rel=\"prev\" href=\"\(HTML.escape(previous.fileName))\">"
                + "<span class=\"pager-label\">Previous</span> \(HTML.escape(previous.chapter.title))</a>\n"
        } else {
            html += "<a class=\"pager-prev\" rel=\"prev\" href=\"index.html\">"
                + "<span class=\"pager-label\">Previous</span> Contents</a>\n"
        }
        if position + 1 < pages.count {
            let next = pages[position + 1]
            html += "<a class=\"pager-next\" rel=\"next\" href=\"\(HTML.escape(next.fileName))\">"
                + "<span class=\"pager-label\">Next</span> \(HTML.escape(next.chapter.title))</a>\n"
        }
        return html + "</nav>\n"
    }

    // MARK: Index

    func indexPage() -> String {
        var main = "<h1>\(HTML.escape(layout.courseTitle))</h1>\n"
        var meta = "\(pages.count) \(pages.count == 1 ? "chapter" : "chapters")"
        if let version = layout.courseVersion, !version.isEmpty { meta = "Version \(HTML.escape(version)) · " + meta }
        main += "<p class=\"course-meta\">\(meta)</p>\n"
        main += "<ol class=\"chapter-list\">\n"
        for page in pages {
            main += "<li>\n<h2 class=\"chapter-title\"><a href=\"\(HTML.escape(page.fileName))\">"
                + "\(HTML.escape(page.chapter.title))</a></h2>\n"
            if let summary = Self.summary(of: page.chapter) {
                main += "<p class=\"summary\">\(HTML.escape(summary))</p>\n"
            }
            main += "<p class=\"chapter-meta\">\(chapterMeta(page))</p>\n</li>\n"
        }
        main += "</ol>\n"
        return layout.document(title: nil, current: nil, sections: [], main: main, footerNote: "")
    }

    private func chapterMeta(_ page: ChapterPage) -> String {
        let cellCount = page.chapter.cells.count
        var parts = ["\(cellCount) \(cellCount == 1 ? "cell" : "cells")"]
        let challenges = page.chapter.cells.count { $0.flags.challenge != nil }
        if challenges > 0 { parts.append("\(challenges) \(challenges == 1 ? "challenge" : "challenges")") }
        if let failures = page.result?.failures.count, failures > 0 {
            parts.append("<span class=\"badge badge-failure\">\(failures) failing</span>")
        }
        parts.append(layout.outputsNote(for: page))
        return parts.joined(separator: " · ")
    }

    /// The first prose paragraph's text, shortened to one line (at most 200 characters).
    static func summary(of chapter: Chapter) -> String? {
        for case let .prose(prose) in chapter.blocks {
            var rest = Substring(prose.html)
            while let open = rest.range(of: "<p>") {
                guard let close = rest[open.upperBound...].range(of: "</p>") else { break }
                let text = HTML.plainText(String(rest[open.upperBound..<close.lowerBound]))
                if !text.isEmpty { return HTML.truncate(text, limit: 200) }
                rest = rest[close.upperBound...]
            }
        }
        return nil
    }
}
