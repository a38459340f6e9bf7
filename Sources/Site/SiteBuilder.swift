import Foundation
import Notebook

/// Writes the static course site.
///
/// The site is a flat folder that works from `file://` and from any static web server:
/// - `index.html`: the course title, version and outline (each chapter's title, a one-line summary
///   from its first paragraph, its cell and challenge counts, failing cells, and where its outputs
///   came from);
/// - one page per chapter (`01-intro.html` for `01-intro.md`): prose, highlighted code, every
///   cell's outputs, challenge check results, a sidebar outline, previous/next links, and a footer
///   with the build date, the course version and whether the outputs came from the cache;
/// - `style.css` (light and dark themes, no external resources);
/// - with search: `search-index.js` (`window.VECTORBOOK_SEARCH = [...]`) and `search.js`;
/// - `Assets/`: a copy of the course's `Assets/` folder, when it exists.
///
/// The site is built in a temporary folder and moved into place only when complete; see
/// ``build(into:)``.
public struct SiteBuilder: Sendable {
    /// The steps of a build, in order (used by tests to make a build fail midway).
    enum Step: String, CaseIterable, Sendable {
        case stylesheet, chapterPages, index, search, assets
    }

    /// The course whose site is built.
    public let course: Course
    /// The chapters, in reading order.
    public let chapters: [Chapter]
    /// Run records, matched to chapters by ``Notebook/ChapterResult/chapter`` (the display path).
    public let results: [ChapterResult]
    /// Build date, version, search and assets switches.
    public let options: SiteOptions
    /// Called after each step inside the temporary folder; a thrown error aborts the build.
    var afterStep: (@Sendable (Step, URL) throws -> Void)?

    /// - Parameters:
    ///   - course: the course (title, version, folders).
    ///   - chapters: the parsed chapters in reading order.
    ///   - results: the chapters' run records, matched to chapters by display path; a chapter
    ///     without one is shown with its code and a "not run" notice.
    ///   - options: build date, version override, search and assets switches.
    public init(course: Course, chapters: [Chapter], results: [ChapterResult], options: SiteOptions) {
        self.course = course
        self.chapters = chapters
        self.results = results
        self.options = options
    }

    /// Builds the site into `output`, replacing a previous site there.
    ///
    /// Everything is written into a hidden temporary folder next to `output` and moved into
    /// place only when complete. On any error the previous site (if any) is untouched and no
    /// temporary folder remains. An existing `output` that is a file, or a non-empty folder that is
    /// not a Vectorbook site, is never replaced.
    /// - Throws: ``SiteError``.
    public func build(into output: URL) throws {
        let plan = try SitePlan(chapters: chapters, results: results)
        let layout = PageLayout(courseTitle: course.title, courseVersion: options.courseVersion ?? course.version,
                                options: options, pages: plan.pages)
        let links = LinkResolver(chaptersFolder: course.chaptersFolder, root: course.root, pages: plan.pageNames)
        let renderer = PageRenderer(layout: layout, links: links, pages: plan.pages)

        try AtomicFolder.write(to: output) { folder in
            try write(SiteStyle.css, to: folder.appendingPathComponent(SiteAssets.styleFile))
            try afterStep?(.stylesheet, folder)

            var searchEntries: [SearchEntry] = []
            for position in plan.pages.indices {
                let rendered = renderer.chapterPage(at: position)
                try write(rendered.html, to: folder.appendingPathComponent(plan.pages[position].fileName))
                searchEntries += rendered.searchEntries
            }
            try afterStep?(.chapterPages, folder)

            try write(renderer.indexPage(), to: folder.appendingPathComponent(SiteAssets.indexFile))
            try afterStep?(.index, folder)

            if options.includeSearch {
                let index: String
                do {
                    index = try SearchIndex.javaScript(searchEntries)
                } catch {
                    throw SiteError.writeFailed(path: SiteAssets.searchIndexFile, reason: AtomicFolder.reason(error))
                }
                try write(index, to: folder.appendingPathComponent(SiteAssets.searchIndexFile))
                try write(SiteAssets.searchScript, to: folder.appendingPathComponent(SiteAssets.searchScriptFile))
            }
            try afterStep?(.search, folder)

            if options.copyAssets { try copyAssets(into: folder) }
            try afterStep?(.assets, folder)
        }
    }

    /// The page of `chapters[index]` exactly as ``build(into:)`` writes it, and its file name (for
    /// `vectorbook serve`, which answers a challenge run with the re-run chapter's page).
    public func chapterPage(at index: Int) throws -> (fileName: String, html: String) {
        let plan = try SitePlan(chapters: chapters, results: results)
        guard plan.pages.indices.contains(index) else {
            throw SiteError.invalidInput("there is no chapter \(index + 1): the course has \(plan.pages.count)")
        }
        let layout = PageLayout(courseTitle: course.title, courseVersion: options.courseVersion ?? course.version,
                                options: options, pages: plan.pages)
        let links = LinkResolver(chaptersFolder: course.chaptersFolder, root: course.root, pages: plan.pageNames)
        let renderer = PageRenderer(layout: layout, links: links, pages: plan.pages)
        return (plan.pages[index].fileName, renderer.chapterPage(at: index).html)
    }

    private func write(_ text: String, to file: URL) throws {
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            throw SiteError.writeFailed(path: file.lastPathComponent, reason: AtomicFolder.reason(error))
        }
    }

    /// Copies `<course root>/Assets` to `<site>/Assets`, if the course has one.
    private func copyAssets(into folder: URL) throws {
        let source = course.root.appendingPathComponent(SiteAssets.assetsFolder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory),
              isDirectory.boolValue else { return }
        do {
            try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(SiteAssets.assetsFolder))
        } catch {
            throw SiteError.writeFailed(path: source.path, reason: AtomicFolder.reason(error))
        }
    }
}
