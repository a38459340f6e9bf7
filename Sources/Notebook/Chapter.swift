import Foundation

/// A course: `course.json` in a chapters folder, naming the title and the chapter order.
public struct Course: Sendable {
    /// The course title.
    public let title: String
    /// An optional version string shown on pages.
    public let version: String?
    /// The folder that holds `course.json` and the chapter files.
    public let chaptersFolder: URL
    /// The course root: the folder that contains the chapters folder. Cells resolve relative
    /// paths (e.g. `Assets/images/cat.png`) against it and may read files only inside it.
    public let root: URL
    /// Chapter file names in reading order, relative to `chaptersFolder`.
    public let chapterFiles: [String]

    public init(title: String, version: String?, chaptersFolder: URL, root: URL, chapterFiles: [String]) {
        self.title = title
        self.version = version
        self.chaptersFolder = chaptersFolder
        self.root = root
        self.chapterFiles = chapterFiles
    }
}

/// One Markdown chapter: prose and Swift cells in document order.
public struct Chapter: Sendable {
    /// The chapter file.
    public let file: URL
    /// The path shown in messages (relative to the course root, e.g. `Chapters/01-intro.md`).
    public let displayPath: String
    /// The first level-1 heading's text, or the file name.
    public let title: String
    /// Prose and cells, in order.
    public let blocks: [ChapterBlock]
    /// The chapter's Markdown source.
    public let source: String

    public init(file: URL, displayPath: String, title: String, blocks: [ChapterBlock], source: String) {
        self.file = file
        self.displayPath = displayPath
        self.title = title
        self.blocks = blocks
        self.source = source
    }

    /// The cells, in order.
    public var cells: [Cell] {
        blocks.compactMap { if case let .cell(cell) = $0 { return cell } else { return nil } }
    }
}

/// A run of Markdown between cells.
public enum ChapterBlock: Sendable, Equatable {
    case prose(Prose)
    case cell(Cell)
}

/// Markdown prose, with the HTML cmark renders for it (safe mode: raw HTML is not passed through).
public struct Prose: Sendable, Equatable, Codable {
    public let markdown: String
    public let html: String
    /// Line of the first Markdown line in the chapter file (1-based).
    public let line: Int

    public init(markdown: String, html: String, line: Int) {
        self.markdown = markdown
        self.html = html
        self.line = line
    }
}

/// A fenced code block whose info string starts with `swift`.
public struct Cell: Sendable, Equatable, Hashable, Codable {
    /// Position among the chapter's cells (0-based).
    public let index: Int
    /// The code, without the fences.
    public let code: String
    /// Line of the first code line in the chapter file (1-based).
    public let line: Int
    /// The info-string flags.
    public let flags: CellFlags
    /// The full info string, e.g. `swift challenge id=dimension`.
    public let infoString: String

    public init(index: Int, code: String, line: Int, flags: CellFlags, infoString: String) {
        self.index = index
        self.code = code
        self.line = line
        self.flags = flags
        self.infoString = infoString
    }
}

/// Flags after `swift` in a cell's info string, separated by spaces, in any order:
/// `hide`, `norun`, `error`, `challenge id=NAME`, `check for=NAME`, `timeout=SECONDS`.
///
/// Rules (``ChapterParser`` throws ``NotebookError/invalidCellFlags(chapter:line:text:reason:)``,
/// naming the fence's line, when one is broken):
/// - each flag appears at most once; any other word is an unknown flag;
/// - `NAME` is letters, digits, `-` and `_`; `id=`/`for=` directly follow `challenge`/`check`;
/// - `SECONDS` is a finite number greater than zero (`timeout=0.5` is fine, `timeout=abc` is not);
/// - `norun` stands alone: with `hide` the cell would neither run nor show, and `error`,
///   `challenge`, `check` and `timeout` only mean something for a cell that runs;
/// - a cell is a `challenge` or a `check`, not both; a challenge may not be `hide` (an exercise
///   must be visible) or `error`; a check may not be `error` (checks report through `expect`);
/// - `hide` with `error` or `check` is allowed (a hidden grader whose results are shown);
/// - challenge ids are unique in a chapter, and `check for=NAME` needs an earlier
///   `challenge id=NAME` in the same chapter (several check cells may name one challenge).
public struct CellFlags: Sendable, Equatable, Hashable, Codable {
    /// Run, but do not show the code.
    public var hide = false
    /// Show only; never run (and not compiler-checked).
    public var norun = false
    /// The cell is expected to throw; its error is its output (not compiler-checked).
    public var expectsError = false
    /// An editable exercise with this id.
    public var challenge: String?
    /// Assertions (`expect`) that run after the challenge with this id.
    public var checkFor: String?
    /// Per-cell time limit in seconds (default 60).
    public var timeout: Double?

    public init() {}
}

extension Chapter {
    /// This chapter with the code of cell `index` replaced (an edited challenge to re-run);
    /// everything else, flags and lines included, stays as it was.
    public func replacingCode(ofCell index: Int, with code: String) -> Chapter {
        let edited = blocks.map { block -> ChapterBlock in
            guard case let .cell(cell) = block, cell.index == index else { return block }
            return .cell(Cell(index: cell.index, code: code, line: cell.line, flags: cell.flags, infoString: cell.infoString))
        }
        return Chapter(file: file, displayPath: displayPath, title: title, blocks: edited, source: source)
    }
}
