import Foundation
import Testing
@testable import Notebook

/// Every cell of every chapter (except `norun` and `error` cells) must be valid Swift for
/// the real `Vectorbook` API: the cells of a chapter are joined into one function with
/// `#sourceLocation` lines pointing at the chapter, and type-checked with `swiftc`.
/// This keeps the interpreter and the library honest to each other.
@Suite("Chapters type-check against the Vectorbook module")
struct CompileVerificationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("every chapter of the course compiles")
    func course() throws {
        let course = try CourseLoader.load(chaptersFolder: Self.repository.appendingPathComponent("Chapters"))
        let chapters = try CourseLoader.chapters(of: course)
        #expect(!chapters.isEmpty)
        let checker = try SwiftTypeChecker()
        for chapter in chapters {
            let diagnostics = try checker.check(CompileVerification.source(for: chapter), name: chapter.file.lastPathComponent)
            #expect(diagnostics.isEmpty, "\(chapter.displayPath) does not type-check:\n\(diagnostics)")
        }
    }

    @Test("a cell that is not valid Swift fails with the chapter's file and line")
    func catchesInvalidCells() throws {
        let markdown = """
        # Broken

        ```swift
        let tensor = Tensor([1, 2, 3])
        ```

        Some prose.

        ```swift
        let shape: String = tensor.shape
        ```
        """
        let file = Self.repository.appendingPathComponent("Chapters/99-broken.md")
        let chapter = try ChapterParser.parse(markdown: markdown, file: file, displayPath: "Chapters/99-broken.md")
        let diagnostics = try SwiftTypeChecker().check(CompileVerification.source(for: chapter), name: "broken")
        #expect(diagnostics.contains("Chapters/99-broken.md:10:"), "\(diagnostics)")
    }

    @Test("norun and error cells are left out; check cells follow their challenge")
    func selection() throws {
        let markdown = """
        ```swift norun
        this is not swift
        ```

        ```swift error
        let image = try Image(contentsOf: "missing.png")
        ```

        ```swift challenge id=dim
        let dimension = 384
        ```

        ```swift check for=dim
        expect(dimension == 384, "the dimension")
        ```
        """
        let file = Self.repository.appendingPathComponent("Chapters/98-select.md")
        let chapter = try ChapterParser.parse(markdown: markdown, file: file, displayPath: "Chapters/98-select.md")
        let source = CompileVerification.source(for: chapter)
        #expect(!source.contains("this is not swift"))
        #expect(!source.contains("missing.png"))
        #expect(source.contains("#sourceLocation(file: \"Chapters/98-select.md\", line: 10)"))
        #expect(try SwiftTypeChecker().check(source, name: "select").isEmpty)
    }
}

/// Runs `swiftc -typecheck` against the modules this test run was built with.
struct SwiftTypeChecker {
    let arguments: [String]

    init() throws {
        // The resource bundle sits in the products folder, next to Modules/ and the C targets' module maps.
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        let modules = products.appendingPathComponent("Modules")
        var arguments = ["-typecheck", "-swift-version", "6", "-I", modules.path]
        for name in ["CBLAS", "CCmark", "CTurboJPEG", "CPNG", "CSndFile"] {
            let map = CompileVerificationTests.repository.appendingPathComponent("Sources/\(name)/module.modulemap")
            if FileManager.default.fileExists(atPath: map.path) { arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"] }
        }
        let generated = products.appendingPathComponent("CKernels.build/module.modulemap")
        arguments += ["-Xcc", "-fmodule-map-file=\(generated.path)"]
        for flag in try Self.pkgConfigIncludes() { arguments += ["-Xcc", flag] }
        self.arguments = arguments
    }

    /// `-I` flags of the system libraries (their headers are outside the default paths).
    static func pkgConfigIncludes() throws -> [String] {
        let output = try run("/usr/bin/env", ["pkg-config", "--cflags-only-I", "openblas", "libturbojpeg", "libpng16", "libcmark"])
        return output.output.split(separator: " ").map(String.init).filter { $0.hasPrefix("-I") }
    }

    /// Type-checks `source`; returns the compiler's diagnostics (empty when it is valid Swift).
    func check(_ source: String, name: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vb-typecheck-\(name)-\(UUID().uuidString).swift")
        try Data(source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.run("/usr/bin/env", ["swiftc"] + arguments + [file.path])
        return result.status == 0 ? "" : result.output
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
