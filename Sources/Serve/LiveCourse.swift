import Foundation
import Notebook
import Site
import Synchronization

/// The course behind `vectorbook serve`: the site with editable challenge cells, and the answers
/// to its requests (from any thread; challenge runs take turns).
///
/// - `GET /path` serves a file of the site (built once at start, with `liveChallenges`).
/// - `POST /run` with the form fields `chapter` (a chapter file name) and `code-N` (the code of
///   challenge cell N, one field per challenge of the page) re-runs that chapter with those cells'
///   code replaced, check cells included, and answers with the chapter's page showing the new
///   outputs. The edits live in that answer only: the chapter file on disk is never written.
public final class LiveCourse: Sendable {
    public let course: Course
    public let siteFolder: URL
    private let chapters: [Chapter]
    private let results: [ChapterResult]
    /// Runs edited chapters; never uses the output cache (an edit does not change the file the
    /// cache is keyed on).
    private let editRunner: ChapterRunner
    private let options = SiteOptions(liveChallenges: true)
    /// One challenge run at a time: each runs a whole chapter on the machine's cores.
    private let runLock = Mutex(())
    /// `host:port` values a request may name in `Host` (and, as `http://…`, in `Origin`).
    private let hosts: Set<String>

    /// Runs every chapter with `runner` (cached outputs are reused), writes the site into
    /// `siteFolder` and keeps the results for re-runs. `progress` hears each chapter's name.
    ///
    /// Requests must name `127.0.0.1:port` or `localhost:port` as their host, and a run posted
    /// from a page must come from one of those origins: another web site open in the learner's
    /// browser cannot make the server run code (cross-site requests and DNS rebinding get 403).
    public init(course: Course, runner: ChapterRunner, siteFolder: URL, port: Int,
                progress: (String) -> Void = { _ in }) throws {
        self.course = course
        hosts = ["127.0.0.1:\(port)", "localhost:\(port)"]
        self.siteFolder = siteFolder
        chapters = try CourseLoader.chapters(of: course)
        var results: [ChapterResult] = []
        for chapter in chapters {
            progress(chapter.displayPath)
            results.append(try runner.run(chapter))
        }
        self.results = results
        var editOptions = runner.options
        editOptions.useCache = false
        editRunner = ChapterRunner(course: course, options: editOptions)
        try SiteBuilder(course: course, chapters: chapters, results: results, options: options).build(into: siteFolder)
    }

    /// The answer to one request.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let host = request.headers["host"], hosts.contains(host.lowercased()) else {
            return .text(403, "This server answers only requests for \(hosts.sorted().joined(separator: " or ")).\n")
        }
        if let origin = request.headers["origin"], !hosts.contains(where: { "http://\($0)" == origin.lowercased() }) {
            return .text(403, "Challenges run only from the course's own pages, not from \(origin).\n")
        }
        switch (request.method, request.path) {
        case ("POST", "/run"): return run(request.formFields())
        case ("GET", _): return file(at: request.path)
        default:
            return .text(405, "\(request.method) \(request.path) is not supported: pages are read with GET and challenges run with POST /run.\n")
        }
    }

    private func file(at path: String) -> HTTPResponse {
        let relative = path == "/" ? "index.html" : String(path.dropFirst())
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else {
            return .text(404, "No such page: \(path)\n")
        }
        let url = siteFolder.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: url.path) else {
            return .text(404, "No such page: \(path)\n")
        }
        return HTTPResponse(status: 200, contentType: Self.contentType(of: url.pathExtension), body: data)
    }

    private func run(_ fields: [String: String]) -> HTTPResponse {
        guard let name = fields["chapter"], let position = chapters.firstIndex(where: { $0.file.lastPathComponent == name }) else {
            return .text(400, "Unknown chapter \(fields["chapter"] ?? "(none)"); the course has \(chapters.map(\.file.lastPathComponent).joined(separator: ", ")).\n")
        }
        var edited = chapters[position]
        var replaced = 0
        for (field, code) in fields.sorted(by: { $0.key < $1.key }) where field.hasPrefix("code-") {
            guard let index = Int(field.dropFirst("code-".count)),
                  edited.cells.contains(where: { $0.index == index && $0.flags.challenge != nil }) else {
                return .text(400, "Cell \(field.dropFirst("code-".count)) of \(name) is not a challenge cell; only challenges can be edited.\n")
            }
            edited = edited.replacingCode(ofCell: index, with: code.replacingOccurrences(of: "\r\n", with: "\n"))
            replaced += 1
        }
        guard replaced > 0 else { return .text(400, "The form holds no challenge code (fields code-N).\n") }
        do {
            var runChapters = chapters, runResults = results
            runChapters[position] = edited
            runResults[position] = try runLock.withLock { _ in try editRunner.run(edited) }
            let page = try SiteBuilder(course: course, chapters: runChapters, results: runResults, options: options)
                .chapterPage(at: position)
            return .text(200, page.html, type: "text/html; charset=utf-8")
        } catch {
            return .text(500, "Running \(name) failed: \(error.localizedDescription)\n")
        }
    }

    static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "svg": return "image/svg+xml"
        case "ico": return "image/x-icon"
        case "wav": return "audio/wav"
        case "avi": return "video/x-msvideo"
        case "md", "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
