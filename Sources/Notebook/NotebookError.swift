import Foundation

/// Errors of the chapter and course layer: reading chapters, cell info strings and `course.json`.
///
/// Every case names the file (relative to the course root where one is known), and where it
/// applies the line, the key or the offending text. ``description`` is a one-line message in
/// the `file:line: message` style of compilers.
public enum NotebookError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A chapter file is not valid UTF-8.
    case notUTF8(path: String)
    /// cmark returned no document (out of memory).
    case markdownParserFailed(path: String)
    /// A cell's info string is invalid: an unknown flag, a malformed value, a meaningless
    /// combination, a duplicate challenge id or a check for an unknown challenge.
    /// `line` is the line of the opening fence; `text` is the offending part of the info string.
    case invalidCellFlags(chapter: String, line: Int, text: String, reason: String)
    /// `course.json` is missing, is not valid JSON, or a key is missing, unknown or of the wrong type.
    /// `key` is nil when the problem is not about one key (e.g. invalid JSON).
    case invalidCourseFile(path: String, key: String?, reason: String)
    /// A `*.md` file in the chapters folder that `course.json` does not list.
    case unlistedChapter(courseFile: String, chapter: String)
    /// A chapter listed in `course.json` that does not exist.
    case missingChapter(courseFile: String, chapter: String)
    /// A chapter listed twice in `course.json`.
    case duplicateChapter(courseFile: String, chapter: String)
    /// `<details>` and `</details>` do not pair up.
    case unbalancedDetails(chapter: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unbalancedDetails(chapter, line, reason):
            return "\(chapter):\(line): \(reason)"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .notUTF8(path):
            return "\(path): the file is not valid UTF-8 text"
        case let .markdownParserFailed(path):
            return "\(path): the Markdown parser returned no document"
        case let .invalidCellFlags(chapter, line, text, reason):
            return "\(chapter):\(line): invalid cell flags `\(text)`: \(reason)"
        case let .invalidCourseFile(path, key?, reason):
            return "\(path): key \"\(key)\": \(reason)"
        case let .invalidCourseFile(path, nil, reason):
            return "\(path): \(reason)"
        case let .unlistedChapter(courseFile, chapter):
            return "\(courseFile): the chapter file \"\(chapter)\" is not listed in \"chapters\"; "
                + "add it to the list or move it out of the chapters folder"
        case let .missingChapter(courseFile, chapter):
            return "\(courseFile): \"chapters\" lists \"\(chapter)\", but there is no such file"
        case let .duplicateChapter(courseFile, chapter):
            return "\(courseFile): \"chapters\" lists \"\(chapter)\" more than once"
        }
    }

    public var errorDescription: String? { description }
}
