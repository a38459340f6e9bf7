import CCmark
import Foundation

/// Turns a Markdown chapter into prose blocks and Swift cells.
///
/// The chapter is parsed once with cmark (safe mode: raw HTML is omitted from the rendered
/// prose, and `javascript:`-style links are dropped). The document's top-level nodes are walked
/// in order: a fenced code block whose info string's first word is `swift` becomes a ``Cell``;
/// every run of nodes between cells becomes one ``Prose`` block, whose Markdown is the source
/// lines of the run and whose HTML is cmark's rendering of exactly those nodes (link reference
/// definitions anywhere in the chapter still resolve).
///
/// Swift code blocks nested inside a list or a block quote, indented code blocks and code blocks
/// in other languages are not cells: they stay in the prose and are shown, never run.
///
/// All cmark calls of the package live in this file; no C pointer leaves it.
public enum ChapterParser {
    /// Reads and parses a chapter file.
    /// - Parameters:
    ///   - url: the Markdown file.
    ///   - displayPath: the path used in messages, relative to the course root
    ///     (e.g. `Chapters/01-intro.md`).
    /// - Throws: ``NotebookError`` when the file cannot be read, is not UTF-8, or a cell's
    ///   info string is invalid.
    public static func parse(contentsOf url: URL, displayPath: String) throws -> Chapter {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NotebookError.unreadableFile(path: displayPath, reason: Self.reason(error))
        }
        guard let markdown = String(data: data, encoding: .utf8) else {
            throw NotebookError.notUTF8(path: displayPath)
        }
        return try parse(markdown: markdown, file: url, displayPath: displayPath)
    }

    /// Parses chapter Markdown that is already in memory.
    /// - Parameters:
    ///   - markdown: the chapter source.
    ///   - file: the chapter file (kept in ``Chapter/file``; its name is the title fallback).
    ///   - displayPath: the path used in messages.
    /// - Throws: ``NotebookError/invalidCellFlags(chapter:line:text:reason:)`` for a bad info
    ///   string, naming the fence's line.
    public static func parse(markdown: String, file: URL, displayPath: String) throws -> Chapter {
        let lines = SourceLines(markdown)
        let nodes = try MarkdownDocument.topLevelNodes(of: lines.normalized, displayPath: displayPath)

        var blocks: [ChapterBlock] = []
        var title: String?
        var flagsParser = CellFlagsParser(chapter: displayPath)
        var pendingProse: [MarkdownNode] = []
        var cellCount = 0
        // The first source line that belongs to the next prose run.
        var proseStartLine = 1

        func flushProse(before endLine: Int) {
            defer { pendingProse.removeAll() }
            let range = lines.trimmedRange(from: proseStartLine, through: endLine)
            guard let range else { return }
            let html = pendingProse.map(\.html).joined()
            blocks.append(.prose(Prose(markdown: lines.text(of: range), html: html, line: range.lowerBound)))
        }

        var openDisclosures: [Int] = []
        for node in nodes {
            if case let .disclosure(change) = node.kind {
                if change > 0 { openDisclosures += Array(repeating: node.startLine, count: change) }
                for _ in 0 ..< max(0, -change) {
                    guard openDisclosures.popLast() != nil else {
                        throw NotebookError.unbalancedDetails(chapter: displayPath, line: node.startLine,
                                                              reason: "</details> closes nothing")
                    }
                }
            }
            if title == nil, case let .heading(level, text) = node.kind, level == 1 {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { title = trimmed }
            }
            guard case let .swiftCell(info, literal) = node.kind else {
                pendingProse.append(node)
                continue
            }
            flushProse(before: node.startLine - 1)
            let flags = try flagsParser.parse(infoString: info, fenceLine: node.startLine)
            let cell = Cell(index: cellCount, code: Self.code(fromLiteral: literal),
                            line: node.startLine + 1, flags: flags, infoString: info)
            blocks.append(.cell(cell))
            cellCount += 1
            proseStartLine = node.endLine + 1
        }
        flushProse(before: lines.count)
        if let line = openDisclosures.last {
            throw NotebookError.unbalancedDetails(chapter: displayPath, line: line, reason: "<details> is never closed")
        }

        let fallback = file.deletingPathExtension().lastPathComponent
        return Chapter(file: file, displayPath: displayPath, title: title ?? fallback, blocks: blocks,
                       source: markdown)
    }

    /// Whether an info string opens a Swift cell: its first word is exactly `swift`.
    static func isSwiftCell(info: String) -> Bool {
        info.split(whereSeparator: \.isWhitespace).first == "swift"
    }

    /// cmark's literal ends with the newline before the closing fence; the cell's code does not.
    static func code(fromLiteral literal: String) -> String {
        literal.hasSuffix("\n") ? String(literal.dropLast()) : literal
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}

// MARK: - Source lines

/// The chapter source split into lines the way cmark counts them (`\n`, `\r\n` and `\r` end a line).
struct SourceLines {
    /// The source with every line ending turned into `\n` and without a byte-order mark.
    let normalized: String
    private let lines: [Substring]

    init(_ source: String) {
        var text = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        normalized = text
        var split = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { split.removeLast() }
        lines = split
    }

    var count: Int { lines.count }

    /// Lines `from...through` (1-based) without leading and trailing blank lines; nil when all are blank.
    func trimmedRange(from: Int, through: Int) -> ClosedRange<Int>? {
        var lower = max(from, 1)
        var upper = min(through, lines.count)
        while lower <= upper, isBlank(lower) { lower += 1 }
        while upper >= lower, isBlank(upper) { upper -= 1 }
        return lower <= upper ? lower...upper : nil
    }

    func text(of range: ClosedRange<Int>) -> String {
        lines[(range.lowerBound - 1)...(range.upperBound - 1)].joined(separator: "\n") + "\n"
    }

    private func isBlank(_ line: Int) -> Bool {
        lines[line - 1].allSatisfy { $0 == " " || $0 == "\t" }
    }
}

// MARK: - cmark

/// A top-level Markdown block, copied out of cmark's tree.
struct MarkdownNode {
    enum Kind {
        case swiftCell(info: String, literal: String)
        case heading(level: Int, text: String)
        /// `<details>` markup; `depthChange` is opened minus closed elements.
        case disclosure(depthChange: Int)
        case other
    }

    var kind: Kind
    var startLine: Int
    var endLine: Int
    /// cmark's HTML for this node alone (empty for Swift cells, which the site renders itself).
    var html: String
}

/// The cmark wrapper. Options: `CMARK_OPT_DEFAULT` (safe: raw HTML omitted, unsafe link schemes
/// dropped) plus `CMARK_OPT_SMART` for typographic quotes and dashes. Never `CMARK_OPT_UNSAFE`.
enum MarkdownDocument {
    static let options: Int32 = CMARK_OPT_DEFAULT | CMARK_OPT_SMART

    static func topLevelNodes(of markdown: String, displayPath: String) throws -> [MarkdownNode] {
        var bytes = Array(markdown.utf8)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, options)
                }
            } ?? cmark_parse_document("", 0, options)
        }
        guard let document else { throw NotebookError.markdownParserFailed(path: displayPath) }
        defer { cmark_node_free(document) }

        var nodes: [MarkdownNode] = []
        var current = cmark_node_first_child(document)
        while let node = current {
            nodes.append(copy(node))
            current = cmark_node_next(node)
        }
        return nodes
    }

    private static func copy(_ node: OpaquePointer) -> MarkdownNode {
        let start = Int(cmark_node_get_start_line(node))
        let end = max(start, Int(cmark_node_get_end_line(node)))
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_CODE_BLOCK {
            let info = string(cmark_node_get_fence_info(node))
            let literal = string(cmark_node_get_literal(node))
            // Indented code blocks have no info string, so only fenced blocks can be cells.
            if ChapterParser.isSwiftCell(info: info) {
                return MarkdownNode(kind: .swiftCell(info: info, literal: literal), startLine: start, endLine: end,
                                    html: "")
            }
            return MarkdownNode(kind: .other, startLine: start, endLine: end, html: render(node))
        }
        if type == CMARK_NODE_HTML_BLOCK,
           let markup = DisclosureMarkup(rawBlock: string(cmark_node_get_literal(node))) {
            // `<details>` / `<summary>` / `</details>` lines are the one raw HTML allowed (rebuilt, escaped).
            return MarkdownNode(kind: .disclosure(depthChange: markup.depthChange), startLine: start, endLine: end,
                                html: markup.html)
        }
        if type == CMARK_NODE_HEADING {
            let level = Int(cmark_node_get_heading_level(node))
            return MarkdownNode(kind: .heading(level: level, text: plainText(node)), startLine: start, endLine: end,
                                html: render(node))
        }
        return MarkdownNode(kind: .other, startLine: start, endLine: end, html: render(node))
    }

    private static func render(_ node: OpaquePointer) -> String {
        guard let html = cmark_render_html(node, options) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(html) }
        return String(cString: html)
    }

    /// The text of a node's inline content (text, code spans, image descriptions); breaks become spaces.
    private static func plainText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += string(cmark_node_get_literal(current))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
