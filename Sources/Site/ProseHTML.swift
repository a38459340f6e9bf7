import Foundation

/// A heading on a chapter page.
struct Heading: Equatable {
    var level: Int
    var text: String
    var id: String
}

/// Prose HTML ready for a page: headings carry unique ids and relative links point into the site.
struct ProcessedProse {
    var html: String
    /// Headings in order, with the UTF-8 offset in `html` where each one starts.
    var headings: [(heading: Heading, offset: Int)]
}

/// Post-processes cmark's HTML for prose (which is already safe: cmark escapes text and omits
/// raw HTML). Only two things change: `<hN>` tags get an `id`, and `href`/`src` values that
/// point at a course chapter or into the course's `Assets/` folder are rewritten for the site.
enum ProseHTML {
    static func process(_ html: String, ids: inout PageIDs, links: LinkResolver) -> ProcessedProse {
        var output = ""
        output.reserveCapacity(html.utf8.count + 64)
        var headings: [(heading: Heading, offset: Int)] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            let tag = rest[open...close]
            rest = rest[rest.index(after: close)...]
            if let level = headingLevel(tag) {
                let end = rest.range(of: "</h\(level)>")?.lowerBound ?? rest.endIndex
                let text = HTML.plainText(String(rest[..<end]))
                let id = ids.unique(slugOf: text)
                headings.append((Heading(level: level, text: text, id: id), output.utf8.count))
                output += "<h\(level) id=\"\(HTML.escape(id))\">"
            } else {
                output += rewriteURLs(in: tag, links: links)
            }
        }
        output += rest
        return ProcessedProse(html: output, headings: headings)
    }

    /// `<h1>` … `<h6>` exactly as cmark writes them (no attributes).
    private static func headingLevel(_ tag: Substring) -> Int? {
        let bytes = Array(tag.utf8)
        guard bytes.count == 4, bytes[1] == UInt8(ascii: "h"), (49...54).contains(bytes[2]) else { return nil }
        return Int(bytes[2]) - 48
    }

    private static func rewriteURLs(in tag: Substring, links: LinkResolver) -> String {
        var result = String(tag)
        for attribute in [" href=\"", " src=\""] {
            guard let start = result.range(of: attribute),
                  let end = result[start.upperBound...].firstIndex(of: "\"") else { continue }
            let value = HTML.decodeEntities(String(result[start.upperBound..<end]))
            let rewritten = links.resolve(value)
            if rewritten != value {
                result.replaceSubrange(start.upperBound..<end, with: HTML.escape(rewritten))
            }
        }
        return result
    }
}

/// Maps links written for the Markdown files (relative to the chapters folder) to links that work
/// in the site: `../Assets/images/cat.png` → `Assets/images/cat.png`, `02-text.md#tokens` →
/// `02-text.html#tokens`. Anything else (absolute URLs, fragments, other files) is left alone.
struct LinkResolver {
    let chaptersFolder: [String]
    let assetsFolder: [String]
    /// Chapter file name → page file name.
    let pages: [String: String]

    init(chaptersFolder: URL, root: URL, pages: [String: String]) {
        self.chaptersFolder = Self.components(of: chaptersFolder.path)
        assetsFolder = Self.components(of: root.path) + ["Assets"]
        self.pages = pages
    }

    /// Path components with `.` and `..` resolved lexically. (Foundation's `standardizedFileURL`
    /// also resolves symbolic links when a path has `..`, which would make paths incomparable.)
    static func components(of path: String, relativeTo base: [String] = []) -> [String] {
        var result = path.hasPrefix("/") ? [] : base
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(String(component))
            }
        }
        return result
    }

    func resolve(_ url: String) -> String {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/"), !hasScheme(url) else { return url }
        var path = Substring(url)
        var suffix = ""
        if let mark = path.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            suffix = String(path[mark...])
            path = path[..<mark]
        }
        guard !path.isEmpty else { return url }
        let decoded = String(path).removingPercentEncoding ?? String(path)
        let target = Self.components(of: decoded, relativeTo: chaptersFolder)
        if target.count > assetsFolder.count, Array(target.prefix(assetsFolder.count)) == assetsFolder {
            let inside = target.dropFirst(assetsFolder.count).map { encodeComponent(Substring($0)) }
            return (["Assets"] + inside).joined(separator: "/") + suffix
        }
        if target.count == chaptersFolder.count + 1, Array(target.dropLast()) == chaptersFolder,
           let name = target.last, let page = pages[name] {
            return encodeComponent(Substring(page)) + suffix
        }
        return url
    }

    private func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    private func encodeComponent(_ component: Substring) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return component.addingPercentEncoding(withAllowedCharacters: allowed) ?? String(component)
    }
}
