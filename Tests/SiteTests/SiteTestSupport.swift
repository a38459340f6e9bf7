import Foundation
import Notebook
import Testing
@testable import Site

/// The fixture course, hand-made results, and helpers to build and read a site.
enum SiteFixture {
    static let malicious = "<script>alert(1)</script>"
    static let thumbnail = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOQkzsBRAwQCgAZ1gQRShBSHAAAAABJRU5ErkJggg=="
    static let buildDate = Date(timeIntervalSince1970: 1_740_830_700)  // 2025-03-01 12:05 UTC
    static let computedDate = Date(timeIntervalSince1970: 1_740_744_000)  // 2025-02-28 12:00 UTC

    static func chaptersFolder() throws -> URL {
        let resources = try #require(Bundle.module.resourceURL)
        return resources.appendingPathComponent("Fixtures/course/Chapters")
    }

    static func course() throws -> (Course, [Chapter]) {
        let course = try CourseLoader.load(chaptersFolder: chaptersFolder())
        return (course, try CourseLoader.chapters(of: course))
    }

    static let tensor = TensorDisplay(shape: [1, 768], dtype: "float32", leading: [0.1234, -0.5, 2, 0, 0.25, 1, 3, -1],
                                      count: 768, norm: 12.5, minimum: -1.5, maximum: 3.25,
                                      sparkline: [0, 1, -1, 2, .nan, 0.5, 3.25, -1.5])
    static let tokens = TokenTableDisplay(sequences: [[
        .init(token: "[CLS]", id: 101, attentionMask: 1),
        .init(token: "multi", id: 4800, attentionMask: 1),
        .init(token: malicious, id: 7, attentionMask: 1),
        .init(token: "[PAD]", id: 0, attentionMask: 0),
    ]])
    static let similarity = SimilarityDisplay(rows: ["cat", "dog"], columns: ["a cat", "a <dog>"],
                                              values: [[0.9, 0.1], [0.2, 0.8]], title: "Text × image")
    static let image = ImageDisplay(width: 640, height: 480, mode: "RGB", thumbnailPNG: thumbnail, caption: "cat.png")
    static let collection = CollectionDisplay(kind: .array, keys: nil,
                                              items: [.text("1", type: "Int"), .text(malicious, type: "String")],
                                              omitted: 3, type: "[String]")
    static let dictionary = CollectionDisplay(kind: .dictionary, keys: ["width", "height"],
                                              items: [.text("640", type: "Int"), .text("480", type: "Int")],
                                              omitted: 0, type: "[String: Int]")
    static let errorLocation = SourceLocation(file: "Chapters/02-displays.md", line: 20, column: 5)

    static func results() -> [ChapterResult] {
        func cell(_ index: Int, _ status: CellStatus, _ outputs: [CellOutput]) -> CellResult {
            CellResult(cellIndex: index, status: status, outputs: outputs, wallTime: 0.25, peakMemory: 1 << 20)
        }
        let intro = ChapterResult(chapter: "Chapters/01-intro.md", cells: [
            cell(0, .ok, [.display(.text("hidden output value", type: "String"))]),
            cell(1, .ok, [.stdout("Hello\n"), .display(.text(malicious, type: "String"))]),
            cell(2, .skipped, []),
        ], computedAt: computedDate, fromCache: true, wallTime: 1.5)
        let displays = ChapterResult(chapter: "Chapters/02-displays.md", cells: [
            cell(0, .ok, [.display(.tokens(tokens)), .display(.collection(collection)),
                          .display(.collection(dictionary))]),
            cell(1, .ok, [.display(.tensor(tensor)), .display(.similarity(similarity)), .display(.image(image))]),
            cell(2, .expectedError, [.display(.error(ErrorDisplay(
                kind: .expected, message: "no such file: \(malicious)", location: errorLocation)))]),
        ], computedAt: computedDate, fromCache: false, wallTime: 3.25)
        let challenge = ChapterResult(chapter: "Chapters/03-challenge.md", cells: [
            cell(0, .ok, []),
            cell(1, .checkFailed, [
                .display(.check(CheckDisplay(passed: true, message: "the dimension is 768", location: nil))),
                .display(.check(CheckDisplay(passed: false, message: "the dimension is large",
                                             location: SourceLocation(file: "Chapters/03-challenge.md", line: 13,
                                                                      column: 1)))),
            ]),
            cell(2, .timedOut, [.display(.error(ErrorDisplay(kind: .timeout, message: "stopped after 1 s",
                                                             location: nil)))]),
        ], computedAt: computedDate, fromCache: false, wallTime: 1.25)
        return [intro, displays, challenge]
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func builder(options: SiteOptions = SiteOptions(buildDate: buildDate)) throws -> SiteBuilder {
        let (course, chapters) = try course()
        return SiteBuilder(course: course, chapters: chapters, results: results(), options: options)
    }

    /// Builds the fixture site into a new temporary folder; returns (parent, site).
    static func build(options: SiteOptions = SiteOptions(buildDate: buildDate)) throws -> (URL, URL) {
        let parent = try temporaryFolder()
        let site = parent.appendingPathComponent("_site")
        try builder(options: options).build(into: site)
        return (parent, site)
    }

    static func read(_ site: URL, _ file: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
    }

    /// Values of `attribute="…"` in `html`, decoded.
    static func attributeValues(_ attribute: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = Substring(html)
        let marker = " \(attribute)=\""
        while let start = rest.range(of: marker) {
            guard let end = rest[start.upperBound...].firstIndex(of: "\"") else { break }
            values.append(HTML.decodeEntities(String(rest[start.upperBound..<end])))
            rest = rest[end...]
        }
        return values
    }
}
