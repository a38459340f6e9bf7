import Foundation
import Testing
@testable import Notebook

/// The execution engine: statuses, time limits, fresh sessions, and the chapter cache.
@Suite("Chapter runner and cache", .serialized)
struct EngineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A temporary course with one chapter, an image asset and a copy of the tiny BERT model.
    struct TemporaryCourse {
        let root: URL
        var chapters: URL { root.appendingPathComponent("Chapters") }

        init(chapter: String) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("vb-course-\(UUID().uuidString)")
            let manager = FileManager.default
            try manager.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
            try manager.createDirectory(at: root.appendingPathComponent("Assets"), withIntermediateDirectories: true)
            try manager.copyItem(at: EngineTests.repository.appendingPathComponent("Assets/images/horse.png"),
                                 to: root.appendingPathComponent("Assets/horse.png"))
            try manager.copyItem(at: EngineTests.repository.appendingPathComponent("Tests/EncodersTests/Fixtures/tiny-bert"),
                                 to: root.appendingPathComponent("models/tiny-bert"))
            try Data(#"{"title": "Test course", "chapters": ["01-test.md"]}"#.utf8)
                .write(to: chapters.appendingPathComponent("course.json"))
            try write(chapter)
        }

        func write(_ chapter: String) throws {
            try Data(chapter.utf8).write(to: chapters.appendingPathComponent("01-test.md"))
        }

        func run(useCache: Bool = true) throws -> ChapterResult {
            let course = try CourseLoader.load(chaptersFolder: chapters)
            let chapter = try CourseLoader.chapters(of: course)[0]
            return try ChapterRunner(course: course, options: RunOptions(useCache: useCache)).run(chapter)
        }

        func remove() {
            try? FileManager.default.removeItem(at: root)
        }
    }

    static let chapter = """
    # Test

    ```swift
    let image = try Image(contentsOf: "Assets/horse.png")
    print(image.width, image.height)
    ```

    ```swift
    let tokenizer = try AutoTokenizer.from(pretrained: "models/tiny-bert")
    let model = try AutoModel.from(pretrained: "models/tiny-bert")
    try model(try tokenizer("hi")).lastHiddenState.shape
    ```
    """

    @Test("statuses: ok, skipped, expected error, failure, timeout, failed check, unexpected success")
    func statuses() throws {
        let course = try TemporaryCourse(chapter: """
        ```swift
        let x = 1
        ```

        ```swift norun
        this is not run
        ```

        ```swift error
        let missing = try Image(contentsOf: "Assets/missing.png")
        ```

        ```swift
        let list = [1, 2]
        print(list[5])
        ```

        ```swift timeout=0.2
        var n = 0
        while true { n += 1 }
        ```

        ```swift challenge id=c
        let answer = 41
        ```

        ```swift check for=c
        expect(answer == 42, "the answer is 42")
        ```

        ```swift error
        let fine = 2
        ```

        ```swift
        print(x + 1)
        ```
        """)
        defer { course.remove() }
        let result = try course.run(useCache: false)
        #expect(result.cells.map(\.status) == [.ok, .skipped, .expectedError, .failed, .timedOut, .ok, .checkFailed,
                                               .unexpectedSuccess, .ok])
        #expect(result.failures.count == 4)
        #expect(result.cells.last?.outputs == [.stdout("2\n")])
        // The failing cell's error names the chapter file, line and column.
        guard case let .display(.error(error))? = result.cells[3].outputs.last else {
            Issue.record("no error output")
            return
        }
        #expect(error.kind == .runtime)
        #expect(error.location?.file == "Chapters/01-test.md")
        #expect(error.location?.line == 15)
        #expect(result.cells.allSatisfy { $0.wallTime >= 0 })
        #expect(result.cells[0].peakMemory > 0)
    }

    @Test("a file outside the course folder is refused")
    func fileAccess() throws {
        let course = try TemporaryCourse(chapter: """
        ```swift
        let image = try Image(contentsOf: "../../etc/passwd")
        ```
        """)
        defer { course.remove() }
        let result = try course.run(useCache: false)
        #expect(result.cells[0].status == .failed)
        guard case let .display(.error(error))? = result.cells[0].outputs.last else {
            Issue.record("no error output")
            return
        }
        #expect(error.kind == .fileAccess)
    }

    @Test("every run is a fresh session: no state survives between runs")
    func freshSessions() throws {
        let course = try TemporaryCourse(chapter: """
        ```swift
        var counter = 0
        counter += 1
        print(counter)
        ```
        """)
        defer { course.remove() }
        #expect(try course.run(useCache: false).cells[0].outputs == [.stdout("1\n")])
        #expect(try course.run(useCache: false).cells[0].outputs == [.stdout("1\n")])
    }

    @Test("the cache is hit when nothing changed, and missed when the chapter, an asset or a model changes")
    func cache() throws {
        let course = try TemporaryCourse(chapter: Self.chapter)
        defer { course.remove() }
        let first = try course.run()
        #expect(!first.fromCache)
        #expect(first.failures.isEmpty, "\(first.cells.map(\.outputs))")
        let second = try course.run()
        #expect(second.fromCache)
        #expect(second.cells == first.cells)

        // A changed asset invalidates the outputs.
        try FileManager.default.removeItem(at: course.root.appendingPathComponent("Assets/horse.png"))
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Assets/images/camera.png"),
                                         to: course.root.appendingPathComponent("Assets/horse.png"))
        let afterAsset = try course.run()
        #expect(!afterAsset.fromCache)
        #expect(afterAsset.cells[0].outputs != first.cells[0].outputs)
        #expect(try course.run().fromCache)

        // A changed model invalidates the outputs.
        let config = course.root.appendingPathComponent("models/tiny-bert/tokenizer_config.json")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "{", with: "{\n  \"vectorbook_test\": 1,", options: [], range: text.range(of: "{"))
        try Data(text.utf8).write(to: config)
        #expect(!(try course.run().fromCache))
        #expect(try course.run().fromCache)

        // A changed chapter invalidates the outputs.
        try course.write(Self.chapter + "\n\nOne more line of prose.\n")
        #expect(!(try course.run().fromCache))
        #expect(try course.run().fromCache)
        // Without the cache nothing is read or written.
        #expect(!(try course.run(useCache: false).fromCache))
    }
}
