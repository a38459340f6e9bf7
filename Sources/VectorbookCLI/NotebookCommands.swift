import ArgumentParser
import Foundation
import Notebook
import Site
import Vectorbook

/// Where the course is: `--course DIR` (the folder with course.json), else ./Chapters.
struct CourseOptions: ParsableArguments {
    @Option(help: "The chapters folder (with course.json). Default: ./Chapters.")
    var course: String?

    @Flag(help: "Ignore and do not write cached outputs (.vectorbook/cache).")
    var noCache = false

    /// The course for `chapterFiles` (their folder when given), else the course folder.
    func loadCourse(near chapterFiles: [String] = []) throws -> Course {
        let folder: URL
        if let course {
            folder = URL(fileURLWithPath: course, isDirectory: true)
        } else if let first = chapterFiles.first {
            folder = URL(fileURLWithPath: first).deletingLastPathComponent()
        } else {
            folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Chapters", isDirectory: true)
        }
        return try CourseLoader.load(chaptersFolder: folder.standardizedFileURL)
    }

    func runner(for course: Course) -> ChapterRunner {
        ChapterRunner(course: course, options: RunOptions(useCache: !noCache))
    }
}

/// Colours for terminal output: on for a terminal unless NO_COLOR is set.
func terminalColors() -> Bool {
    ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
}

/// The chapters named on the command line, parsed; all of the course's when none are named.
func selectChapters(_ files: [String], in course: Course) throws -> [Chapter] {
    let all = try CourseLoader.chapters(of: course)
    guard !files.isEmpty else { return all }
    return try files.map { file in
        let url = URL(fileURLWithPath: file).standardizedFileURL
        guard let chapter = all.first(where: { $0.file.standardizedFileURL == url }) else {
            throw CLIError("\(file) is not a chapter of \(course.chaptersFolder.appendingPathComponent("course.json").path)")
        }
        return chapter
    }
}

/// `vectorbook run CHAPTER.md`: runs one chapter and prints its cells and outputs.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run one chapter and print its outputs.")

    @Argument(help: "The chapter file.")
    var chapter: String

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            let course = try courseOptions.loadCourse(near: [chapter])
            let parsed = try selectChapters([chapter], in: course)[0]
            let renderer = TerminalRenderer(colors: terminalColors())
            let result = try courseOptions.runner(for: course).run(parsed)
            for (cell, record) in zip(parsed.cells, result.cells) {
                Terminal.output(CellPrinter.header(cell, in: parsed, result: record, colors: terminalColors()))
                if !cell.flags.hide { Terminal.output(CellPrinter.code(cell)) }
                for output in record.outputs { Terminal.output(renderer.render(output)) }
            }
            let failed = result.failures.count
            Terminal.note("\(parsed.displayPath): \(result.cells.count) cells, \(failed) failed"
                          + (result.fromCache ? " (outputs from cache)" : String(format: ", %.1f s", result.wallTime)))
            if failed > 0 { throw ExitCode.failure }
        }
    }
}

/// `vectorbook check [CHAPTER.md…]`: runs chapters and fails on errors and failed checks.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run chapters; fail on unexpected errors and failed checks.")

    @Argument(help: "Chapter files (default: every chapter of the course).")
    var chapters: [String] = []

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            let course = try courseOptions.loadCourse(near: chapters)
            let selected = try selectChapters(chapters, in: course)
            let runner = courseOptions.runner(for: course)
            let renderer = TerminalRenderer(colors: false)
            var passed = 0, failed = 0
            for chapter in selected {
                let result = try runner.run(chapter)
                let failures = result.failures
                failed += failures.count
                passed += result.cells.count - failures.count
                let mark = failures.isEmpty ? "✓" : "✗"
                let timing = result.fromCache ? "cached" : String(format: "%.1f s", result.wallTime)
                Terminal.output("\(mark) \(chapter.displayPath)  \(result.cells.count) cells  \(timing)")
                for failure in failures {
                    let cell = chapter.cells[failure.cellIndex]
                    Terminal.output("    cell \(failure.cellIndex + 1) (\(chapter.displayPath):\(cell.line)) \(failure.status.rawValue)")
                    for output in failure.outputs {
                        if case .display(.error) = output { Terminal.output(indent(renderer.render(output))) }
                        if case let .display(.check(check)) = output, !check.passed { Terminal.output(indent(renderer.render(output))) }
                    }
                }
            }
            Terminal.output("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode.failure }
        }
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    }
}

/// `vectorbook build [--output _site]`: runs every chapter and writes the static site.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Run every chapter and write the static site.")

    @Option(help: "Where to write the site.")
    var output = "_site"

    @Flag(help: "Write the site even when cells fail (their errors are shown on the pages).")
    var keepGoing = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            let course = try courseOptions.loadCourse()
            let chapters = try CourseLoader.chapters(of: course)
            let runner = courseOptions.runner(for: course)
            var results: [ChapterResult] = []
            for (index, chapter) in chapters.enumerated() {
                Terminal.note("[\(index + 1)/\(chapters.count)] \(chapter.displayPath)")
                let result = try runner.run(chapter)
                if !result.failures.isEmpty {
                    Terminal.note("    \(result.failures.count) cell(s) failed" + (keepGoing ? "" : " (see `vectorbook check`)"))
                }
                results.append(result)
            }
            let failures = results.reduce(0) { $0 + $1.failures.count }
            if failures > 0 && !keepGoing {
                throw CLIError("\(failures) cell(s) failed; the site was not written (use --keep-going to write it anyway)")
            }
            let destination = URL(fileURLWithPath: output).standardizedFileURL
            try SiteBuilder(course: course, chapters: chapters, results: results, options: SiteOptions()).build(into: destination)
            Terminal.output("site written to \(destination.path)/index.html")
        }
    }
}

/// Terminal text for cell headers and code.
enum CellPrinter {
    static func header(_ cell: Cell, in chapter: Chapter, result: CellResult, colors: Bool) -> String {
        let status = result.status == .ok ? "" : "  [\(result.status.rawValue)]"
        let text = "── cell \(cell.index + 1) · \(chapter.displayPath):\(cell.line)\(status) " + String(repeating: "─", count: 8)
        return colors ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    static func code(_ cell: Cell) -> String {
        cell.code.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
