import Foundation
import Notebook

/// The frame shared by every page: head, header with the (script-enabled) search box, the
/// sidebar outline, and the footer with the build date and course version.
struct PageLayout {
    let courseTitle: String
    let courseVersion: String?
    let options: SiteOptions
    let pages: [ChapterPage]

    /// Ids the layout itself uses; page content must not reuse them.
    static let reservedIDs: Set<String> = ["content", "search-input", "search-results"]

    /// A complete HTML document.
    /// - Parameters:
    ///   - title: the page title (before the course title).
    ///   - current: the chapter this page shows (nil for the index, which has no sidebar).
    ///   - sections: the current chapter's headings for the sidebar.
    ///   - main: the `<main>` content (already HTML).
    ///   - footerNote: extra footer paragraphs (already HTML).
    func document(title: String?, current: ChapterPage?, sections: [Heading], main: String,
                  footerNote: String) -> String {
        let fullTitle = title.map { "\($0) · \(courseTitle)" } ?? courseTitle
        var html = """
            <!DOCTYPE html>
            <html lang="\(HTML.escape(options.language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Vectorbook">
            <title>\(HTML.escape(fullTitle))</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="\(SiteAssets.styleFile)">

            """
        if options.includeSearch {
            html += "<script src=\"\(SiteAssets.searchIndexFile)\" defer></script>\n"
            html += "<script src=\"\(SiteAssets.searchScriptFile)\" defer></script>\n"
        }
        html += "</head>\n<body>\n<a class=\"skip-link\" href=\"#content\">Skip to the content</a>\n"
        html += header()
        html += "<div class=\"layout\(current == nil ? " layout-wide" : "")\">\n"
        if let current { html += sidebar(current: current, sections: sections) }
        html += "<main id=\"content\" class=\"\(current == nil ? "index" : "chapter")\">\n\(main)</main>\n</div>\n"
        html += footer(note: footerNote)
        html += "</body>\n</html>\n"
        return html
    }

    private func header() -> String {
        var html = "<header class=\"site-header\">\n"
        html += "<a class=\"site-title\" href=\"index.html\">\(HTML.escape(courseTitle))</a>\n"
        if options.includeSearch {
            html += """
                <form class="search" role="search" action="index.html" hidden>
                <label class="visually-hidden" for="search-input">Search the course</label>
                <input id="search-input" name="q" type="search" placeholder="Search the course" autocomplete="off">
                </form>
                <div id="search-results" class="search-results" aria-live="polite" hidden></div>

                """
        }
        return html + "</header>\n"
    }

    private func sidebar(current: ChapterPage, sections: [Heading]) -> String {
        var html = "<nav class=\"sidebar\" aria-label=\"Chapters\">\n"
        html += "<p class=\"sidebar-title\"><a href=\"index.html\">Contents</a></p>\n<ol class=\"outline\">\n"
        for page in pages {
            let isCurrent = page.fileName == current.fileName
            html += "<li\(isCurrent ? " class=\"current\"" : "")><a href=\"\(HTML.escape(page.fileName))\""
                + "\(isCurrent ? " aria-current=\"page\"" : "")>\(HTML.escape(page.chapter.title))</a>"
            let outline = sections.filter { $0.level == 2 }
            if isCurrent, !outline.isEmpty {
                html += "\n<ol class=\"outline-sections\">\n"
                for heading in outline {
                    html += "<li><a href=\"#\(HTML.escape(heading.id))\">\(HTML.escape(heading.text))</a></li>\n"
                }
                html += "</ol>\n"
            }
            html += "</li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    private func footer(note: String) -> String {
        var html = "<footer class=\"site-footer\">\n<p>Built \(time(options.buildDate)) with Vectorbook"
        if let courseVersion, !courseVersion.isEmpty {
            html += " · Course version \(HTML.escape(courseVersion))"
        }
        html += "</p>\n\(note)</footer>\n"
        return html
    }

    /// A `<time>` element in UTC.
    func time(_ date: Date) -> String {
        "<time datetime=\"\(NumberText.isoDate(date))\">\(NumberText.date(date))</time>"
    }

    /// Where a chapter's outputs came from, as footer or index text (HTML).
    func outputsNote(for page: ChapterPage) -> String {
        guard let result = page.result else { return "Not run: this chapter has no outputs yet." }
        let took = NumberText.duration(result.wallTime)
        if result.fromCache {
            return "Outputs from the cache, computed \(time(result.computedAt)) (run took \(took))."
        }
        return "Outputs computed \(time(result.computedAt)) during this build (\(took))."
    }
}
