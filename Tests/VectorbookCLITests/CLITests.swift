import Foundation
import Testing
import Vectorbook

/// Runs the built `vectorbook` binary end to end.
struct CLI {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary() throws -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [beside, beside.deletingLastPathComponent(), repository.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("vectorbook") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "vectorbook binary not found in \(candidates.map(\.path))")
    }

    static func fixture(_ name: String) -> String {
        repository.appendingPathComponent("Tests/EncodersTests/Fixtures/\(name)").path
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable ?? binary()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["HF_HUB_OFFLINE"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                      error: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("vectorbook command line")
struct CLITests {
    @Test("embed text --json prints the embedder's vectors")
    func embedJSON() throws {
        let folder = CLI.fixture("tiny-sentence-transformers")
        let result = try CLI.run(["embed", "text", "--model", folder, "--json", "Where is the library?", "Hi"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["model"] as? String == folder)
        #expect(object["dim"] as? Int == 32)
        let rows = try #require(object["embeddings"] as? [[Double]])
        #expect(rows.count == 2)
        let expected = try SentenceEmbedder(folder: URL(fileURLWithPath: folder)).encode(["Where is the library?", "Hi"])
        for (i, row) in rows.enumerated() {
            let vector = Tensor(row.map(Float.init))
            #expect(vector.maxAbsDifference(expected[i]) < 1e-6)
        }
    }

    @Test("embed text with --pooling cls --normalize and an input file")
    func embedOptions() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vb-cli-\(UUID().uuidString).txt")
        try Data("first line\n\n   \nsecond line\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run(["embed", "text", "--model", CLI.fixture("tiny-bert"), "--pooling", "cls", "--normalize",
                                  "--input-file", file.path, "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let rows = try #require(object["embeddings"] as? [[Double]])
        #expect(rows.count == 2)
        for row in rows {
            #expect(abs(row.reduce(0) { $0 + $1 * $1 }.squareRoot() - 1) < 1e-5)
        }
    }

    @Test("embed image --json runs the processor and the vision model; CLS by default, patch mean on request")
    func embedImage() throws {
        let model = CLI.fixture("vision/tiny-dinov2")
        let cat = CLI.repository.appendingPathComponent("Assets/images/cat.png").path
        let coffee = CLI.repository.appendingPathComponent("Assets/images/coffee.png").path
        let result = try CLI.run(["embed", "image", "--model", model, "--json", cat, coffee])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["dim"] as? Int == 32)
        let rows = try #require(object["embeddings"] as? [[Double]])
        #expect(rows.count == 2)
        let images = try [cat, coffee].map { try Image(contentsOf: $0) }
        let pixels = try ImageProcessor(folder: URL(fileURLWithPath: model))(images)
        let hidden = try AutoModel.from(folder: URL(fileURLWithPath: model))(pixels).lastHiddenState
        for (i, row) in rows.enumerated() {
            #expect(Tensor(row.map(Float.init)).maxAbsDifference(hidden[i, 0]) < 1e-5)
        }
        let mean = try CLI.run(["embed", "image", "--model", model, "--pooling", "mean", "--normalize", "--json", cat])
        let meanRows = try #require((try JSONSerialization.jsonObject(with: Data(mean.output.utf8)) as? [String: Any])?["embeddings"] as? [[Double]])
        #expect(Tensor(meanRows[0].map(Float.init)).maxAbsDifference(hidden[0, 1...].mean(dim: 0).normalized()) < 1e-5)

        let notImage = try CLI.run(["embed", "image", "--model", model, CLI.repository.appendingPathComponent("README.md").path])
        #expect(notImage.status == 1)
        #expect(notImage.error.contains("unsupported image format"))
        let textModel = try CLI.run(["embed", "image", "--model", CLI.fixture("tiny-bert"), cat])
        #expect(textModel.status == 1)
        #expect(textModel.error.contains("is not an image model"))
    }

    @Test("tokenize --json gives tokens and ids with special tokens")
    func tokenizeJSON() throws {
        let result = try CLI.run(["tokenize", "--model", CLI.fixture("tiny-bert"), "--json", "Hi"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["tokens"] as? [[String]] == [["[CLS]", "h", "##i", "[SEP]"]])
        #expect(object["ids"] as? [[Int]] == [[2, 24, 77, 3]])
    }

    @Test("bad input fails with one clear line on stderr and a non-zero status")
    func errors() throws {
        let empty = try CLI.run(["embed", "text", "--model", CLI.fixture("tiny-bert"), ""])
        #expect(empty.status == 1)
        #expect(empty.error.contains("error: text argument 1 is empty"))
        #expect(empty.output.isEmpty)

        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("vb-cli-cache-\(UUID().uuidString)")
        let missing = try CLI.run(["embed", "text", "--model", "nobody/nothing", "--offline", "text"],
                                  environment: ["HF_HUB_CACHE": cache.path])
        #expect(missing.status == 1)
        #expect(missing.error.contains("nobody/nothing"))
        #expect(missing.error.contains(cache.path))
        #expect(missing.error.contains("vectorbook models install nobody/nothing"))

        let noFile = try CLI.run(["tokenize", "--model", CLI.fixture("tiny-bert"), "--input-file", "/nonexistent/texts.txt"])
        #expect(noFile.status == 1)
        #expect(noFile.error.contains("/nonexistent/texts.txt"))

        let badBatch = try CLI.run(["embed", "text", "--model", CLI.fixture("tiny-bert"), "--batch-size", "0", "x"])
        #expect(badBatch.status != 0)
        #expect(badBatch.error.contains("--batch-size"))

        let where_ = try CLI.run(["models", "where", "foo/bar"], environment: ["HF_HUB_CACHE": cache.path])
        #expect(where_.status == 1)
        #expect(where_.error.contains("foo/bar is not installed"))
    }

    @Test("models list shows the offline packs of the installation script")
    func packsAgreeWithScript() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("vb-cli-cache-\(UUID().uuidString)")
        let script = CLI.repository.appendingPathComponent("Scripts/install-models")
        let python = try CLI.run(["python3", script.path, "--list", "--json"], environment: ["HF_HUB_CACHE": cache.path],
                                 executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(python.status == 0, "\(python.error)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(python.output.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == ModelPack.catalogue.map(\.id))
        #expect(rows.compactMap { $0["package"] as? String } == ModelPack.catalogue.map(\.package))
        #expect(rows.compactMap { $0["license"] as? String } == ModelPack.catalogue.map(\.license))
        #expect(rows.allSatisfy { $0["installed"] as? Bool == false })

        let list = try CLI.run(["models", "list"], environment: ["HF_HUB_CACHE": cache.path])
        #expect(list.status == 0)
        for pack in ModelPack.catalogue { #expect(list.output.contains(pack.id)) }
    }

    /// A throw-away course folder with one chapter.
    static func course(_ chapter: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vb-cli-course-\(UUID().uuidString)")
        let chapters = root.appendingPathComponent("Chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try Data(#"{"title": "CLI course", "chapters": ["01-one.md"]}"#.utf8).write(to: chapters.appendingPathComponent("course.json"))
        try Data(chapter.utf8).write(to: chapters.appendingPathComponent("01-one.md"))
        return root
    }

    @Test("check prints a summary and fails on a failing cell; run prints code and outputs")
    func checkAndRun() throws {
        let root = try Self.course("# One\n\n```swift\nprint(\"hello\")\n```\n\n```swift\nlet xs = [1]\nxs[3]\n```\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("Chapters").path
        let check = try CLI.run(["check", "--course", chapters, "--no-cache"])
        #expect(check.status == 1)
        #expect(check.output.contains("1 passed, 1 failed"), "\(check.output)")
        #expect(check.output.contains("Chapters/01-one.md:9:"), "\(check.output)")
        let run = try CLI.run(["run", root.appendingPathComponent("Chapters/01-one.md").path, "--no-cache"],
                              environment: ["NO_COLOR": "1"])
        #expect(run.output.contains("print(\"hello\")"))
        #expect(run.output.contains("hello\n"))
        #expect(!run.output.contains("\u{1B}["))
        #expect(run.status == 1)
    }

    @Test("build writes the whole site, or nothing when a chapter fails")
    func buildIsAllOrNothing() throws {
        let root = try Self.course("# One\n\n```swift\nlet xs = [1]\nxs[3]\n```\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("Chapters").path
        let site = root.appendingPathComponent("_site")
        let failing = try CLI.run(["build", "--course", chapters, "--output", site.path])
        #expect(failing.status == 1)
        #expect(failing.error.contains("the site was not written"))
        #expect(!FileManager.default.fileExists(atPath: site.path))

        try Data("# One\n\n```swift\nlet xs = [1]\nxs[0]\n```\n".utf8)
            .write(to: root.appendingPathComponent("Chapters/01-one.md"))
        let passing = try CLI.run(["build", "--course", chapters, "--output", site.path])
        #expect(passing.status == 0, "\(passing.error)")
        #expect(passing.error.contains("[1/1] Chapters/01-one.md"))
        let page = try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8)

        try Data("# One\n\n```swift\nlet xs = [1]\nxs[7]\n```\n".utf8)
            .write(to: root.appendingPathComponent("Chapters/01-one.md"))
        #expect(try CLI.run(["build", "--course", chapters, "--output", site.path]).status == 1)
        #expect(try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8) == page)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") && $0 != ".vectorbook" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
