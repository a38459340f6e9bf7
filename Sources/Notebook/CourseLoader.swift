import Foundation

/// Loads a course: `course.json` in the chapters folder, and the chapters it lists.
///
/// `course.json` is an object with exactly these keys:
/// - `"title"`: a non-empty string (required);
/// - `"version"`: a string (optional; `null` counts as absent);
/// - `"chapters"`: an array of chapter file names in reading order (required), each a plain
///   `*.md` file name inside the chapters folder (no folders, no hidden files).
///
/// Every `*.md` file in the chapters folder must be listed (hidden files are ignored), every
/// listed file must exist, and no file may be listed twice. The course root is the parent of
/// the chapters folder; chapter display paths are relative to it (`Chapters/01-intro.md`).
public enum CourseLoader {
    /// The name of the course file inside the chapters folder.
    public static let courseFileName = "course.json"

    /// Reads and checks `course.json` in `chaptersFolder`.
    /// - Throws: ``NotebookError`` naming `course.json` and the key, entry or file at fault.
    public static func load(chaptersFolder: URL) throws -> Course {
        let folder = chaptersFolder.standardizedFileURL
        let root = folder.deletingLastPathComponent()
        let courseFile = folder.appendingPathComponent(courseFileName)
        let shownPath = displayPath(folderName: folder.lastPathComponent, file: courseFileName)

        let data: Data
        do {
            data = try Data(contentsOf: courseFile)
        } catch {
            throw NotebookError.unreadableFile(path: shownPath, reason: ChapterParser.reason(error))
        }
        let manifest = try CourseManifest(data: data, path: shownPath)
        try checkListing(manifest.chapters, in: folder, courseFile: shownPath)
        return Course(title: manifest.title, version: manifest.version, chaptersFolder: folder, root: root,
                      chapterFiles: manifest.chapters)
    }

    /// Parses the course's chapters, in order.
    /// - Throws: the first chapter's ``NotebookError`` (unreadable file, invalid cell flags, …).
    public static func chapters(of course: Course) throws -> [Chapter] {
        try course.chapterFiles.map { file in
            try ChapterParser.parse(contentsOf: course.chaptersFolder.appendingPathComponent(file),
                                    displayPath: displayPath(of: file, in: course))
        }
    }

    /// The display path of a chapter file, relative to the course root (e.g. `Chapters/01-intro.md`).
    public static func displayPath(of chapterFile: String, in course: Course) -> String {
        displayPath(folderName: course.chaptersFolder.lastPathComponent, file: chapterFile)
    }

    private static func displayPath(folderName: String, file: String) -> String {
        folderName.isEmpty || folderName == "/" ? file : "\(folderName)/\(file)"
    }

    private static func checkListing(_ listed: [String], in folder: URL, courseFile: String) throws {
        var seen: Set<String> = []
        for name in listed where !seen.insert(name).inserted {
            throw NotebookError.duplicateChapter(courseFile: courseFile, chapter: name)
        }
        let present: [String]
        do {
            present = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw NotebookError.unreadableFile(path: folder.lastPathComponent, reason: ChapterParser.reason(error))
        }
        let markdownFiles = Set(present.filter { name in
            guard !name.hasPrefix("."), (name as NSString).pathExtension.lowercased() == "md" else { return false }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path,
                                                        isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        })
        for name in listed where !markdownFiles.contains(name) {
            throw NotebookError.missingChapter(courseFile: courseFile, chapter: name)
        }
        if let unlisted = markdownFiles.subtracting(seen).sorted().first {
            throw NotebookError.unlistedChapter(courseFile: courseFile, chapter: unlisted)
        }
    }
}

/// The decoded and checked contents of `course.json`.
struct CourseManifest {
    static let keys = ["title", "version", "chapters"]

    var title: String
    var version: String?
    var chapters: [String]

    init(data: Data, path: String) throws {
        func fail(_ key: String?, _ reason: String) -> NotebookError {
            .invalidCourseFile(path: path, key: key, reason: reason)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let nsError = error as NSError
            let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
            throw fail(nil, "not valid JSON: \(detail)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw fail(nil, "expected a JSON object with the keys \"title\", \"version\" and \"chapters\"")
        }
        if let unknown = dictionary.keys.filter({ !Self.keys.contains($0) }).sorted().first {
            throw fail(unknown, "unknown key; expected \"title\", \"version\" (optional) and \"chapters\"")
        }

        guard let titleValue = dictionary["title"] else { throw fail("title", "missing; the course title is required") }
        guard let title = titleValue as? String else { throw fail("title", "expected a string") }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw fail("title", "must not be empty")
        }
        self.title = title

        switch dictionary["version"] {
        case nil, is NSNull:
            version = nil
        case let value as String:
            version = value
        default:
            throw fail("version", "expected a string")
        }

        guard let chaptersValue = dictionary["chapters"] else {
            throw fail("chapters", "missing; list the chapter files in reading order")
        }
        guard let list = chaptersValue as? [Any] else { throw fail("chapters", "expected an array of file names") }
        chapters = try list.enumerated().map { index, entry in
            let key = "chapters[\(index)]"
            // JSONSerialization may bridge numbers and booleans; only real strings are accepted.
            guard let name = entry as? String, !(entry is NSNumber) else { throw fail(key, "expected a string") }
            guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\\") else {
                throw fail(key, "\"\(name)\" must be a file name inside the chapters folder, e.g. \"01-intro.md\"")
            }
            guard (name as NSString).pathExtension.lowercased() == "md" else {
                throw fail(key, "\"\(name)\" is not a Markdown file (*.md)")
            }
            return name
        }
    }
}
