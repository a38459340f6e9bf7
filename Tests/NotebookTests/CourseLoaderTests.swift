import Foundation
import Testing
@testable import Notebook

@Suite("Course loader: course.json, order and listing errors")
struct CourseLoaderTests {
    /// A temporary course root with a `Chapters` folder holding `files` (name → contents).
    struct TemporaryCourse {
        let root: URL
        var chapters: URL { root.appendingPathComponent("Chapters") }

        init(courseJSON: String?, files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("vb-course-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"),
                                                    withIntermediateDirectories: true)
            if let courseJSON {
                try courseJSON.write(to: chapters.appendingPathComponent("course.json"), atomically: true,
                                     encoding: .utf8)
            }
            for (name, text) in files {
                try text.write(to: chapters.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let twoChapters = ["01-intro.md": "# Intro\n\nHello.\n", "02-text.md": "# Text\n\n```swift\n1\n```\n"]

    static func loadError(_ json: String?, files: [String: String] = twoChapters) throws -> NotebookError {
        let course = try TemporaryCourse(courseJSON: json, files: files)
        defer { course.remove() }
        do {
            _ = try CourseLoader.load(chaptersFolder: course.chapters)
        } catch let error as NotebookError {
            return error
        }
        Issue.record("expected an error for \(json ?? "no course.json")")
        struct NoError: Error {}
        throw NoError()
    }

    @Test func loadsTitleVersionOrderAndChapters() throws {
        let course = try TemporaryCourse(
            courseJSON: #"{"title": "Embeddings", "version": "1.2", "chapters": ["02-text.md", "01-intro.md"]}"#,
            files: Self.twoChapters.merging(["notes.txt": "not markdown", ".draft.md": "hidden"]) { $1 })
        defer { course.remove() }
        let loaded = try CourseLoader.load(chaptersFolder: course.chapters)
        #expect(loaded.title == "Embeddings")
        #expect(loaded.version == "1.2")
        #expect(loaded.chapterFiles == ["02-text.md", "01-intro.md"])
        #expect(loaded.root.standardizedFileURL.path == course.root.standardizedFileURL.path)
        #expect(loaded.chaptersFolder.lastPathComponent == "Chapters")

        let chapters = try CourseLoader.chapters(of: loaded)
        #expect(chapters.map(\.title) == ["Text", "Intro"])
        #expect(chapters.map(\.displayPath) == ["Chapters/02-text.md", "Chapters/01-intro.md"])
        #expect(chapters[0].cells.count == 1)
    }

    @Test func versionIsOptional() throws {
        let course = try TemporaryCourse(courseJSON: #"{"title": "T", "chapters": ["01-intro.md", "02-text.md"]}"#,
                                         files: Self.twoChapters)
        defer { course.remove() }
        #expect(try CourseLoader.load(chaptersFolder: course.chapters).version == nil)
    }

    @Test func unlistedChapterIsNamed() throws {
        let error = try Self.loadError(#"{"title": "T", "chapters": ["01-intro.md"]}"#)
        #expect(error == .unlistedChapter(courseFile: "Chapters/course.json", chapter: "02-text.md"))
        #expect(error.description.contains("\"02-text.md\" is not listed"))
    }

    @Test func missingChapterIsNamed() throws {
        let error = try Self.loadError(#"{"title": "T", "chapters": ["01-intro.md", "02-text.md", "03-gone.md"]}"#)
        #expect(error == .missingChapter(courseFile: "Chapters/course.json", chapter: "03-gone.md"))
    }

    @Test func duplicateChapterIsNamed() throws {
        let error = try Self.loadError(#"{"title": "T", "chapters": ["01-intro.md", "02-text.md", "01-intro.md"]}"#)
        #expect(error == .duplicateChapter(courseFile: "Chapters/course.json", chapter: "01-intro.md"))
    }

    @Test func malformedJSONIsReported() throws {
        let error = try Self.loadError(#"{"title": "T", "chapters": [01-intro.md"#)
        guard case let .invalidCourseFile(path, key, reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == "Chapters/course.json")
        #expect(key == nil)
        #expect(reason.hasPrefix("not valid JSON"))
    }

    @Test(arguments: [
        (#"["01-intro.md"]"#, nil as String?, "expected a JSON object"),
        (#"{"chapters": []}"#, "title", "missing"),
        (#"{"title": 3, "chapters": []}"#, "title", "expected a string"),
        (#"{"title": " ", "chapters": []}"#, "title", "must not be empty"),
        (#"{"title": "T", "version": 2, "chapters": []}"#, "version", "expected a string"),
        (#"{"title": "T"}"#, "chapters", "missing"),
        (#"{"title": "T", "chapters": "01-intro.md"}"#, "chapters", "expected an array"),
        (#"{"title": "T", "chapters": ["01-intro.md", 2]}"#, "chapters[1]", "expected a string"),
        (#"{"title": "T", "chapters": ["../01-intro.md"]}"#, "chapters[0]", "must be a file name"),
        (#"{"title": "T", "chapters": ["notes.txt"]}"#, "chapters[0]", "not a Markdown file"),
        (#"{"title": "T", "chapter": ["01-intro.md"]}"#, "chapter", "unknown key"),
    ])
    func wrongKeysAreNamed(json: String, key: String?, reason: String) throws {
        let error = try Self.loadError(json)
        guard case let .invalidCourseFile(path, actualKey, actualReason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == "Chapters/course.json")
        #expect(actualKey == key)
        #expect(actualReason.contains(reason), "\(actualReason)")
        if let key { #expect(error.description.contains("key \"\(key)\"")) }
    }

    @Test func missingCourseFileIsNamed() throws {
        let error = try Self.loadError(nil)
        guard case let .unreadableFile(path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == "Chapters/course.json")
    }

    @Test func chapterErrorsNameTheDisplayPath() throws {
        let course = try TemporaryCourse(courseJSON: #"{"title": "T", "chapters": ["01-intro.md"]}"#,
                                         files: ["01-intro.md": "# I\n\n```swift bogus\n1\n```\n"])
        defer { course.remove() }
        let loaded = try CourseLoader.load(chaptersFolder: course.chapters)
        #expect(throws: NotebookError.invalidCellFlags(chapter: "Chapters/01-intro.md", line: 3, text: "bogus",
                                                       reason: "unknown cell flag; known flags: hide, norun, "
                                                           + "error, challenge id=NAME, check for=NAME, "
                                                           + "timeout=SECONDS")) {
            try CourseLoader.chapters(of: loaded)
        }
    }
}
