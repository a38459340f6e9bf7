import Foundation

/// The one piece of raw HTML chapters may use: collapsible hints and solutions,
///
///     <details>
///     <summary>Hint</summary>
///     …Markdown and cells…
///     </details>
///
/// A raw HTML block is accepted only when every line is `<details>`, `<details open>`,
/// `<summary>text</summary>` or `</details>`; the markup is then rebuilt with the summary
/// text escaped, so nothing else from the source reaches the page. Any other raw HTML
/// is dropped, as cmark's safe mode does.
struct DisclosureMarkup: Equatable {
    /// The rebuilt HTML.
    let html: String
    /// Opened minus closed `<details>` elements.
    let depthChange: Int

    init?(rawBlock: String) {
        var parts: [String] = []
        var depth = 0
        for rawLine in rawBlock.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let lower = line.lowercased()
            if line.isEmpty { continue }
            if lower == "<details>" || lower == "<details open>" {
                parts.append(lower)
                depth += 1
            } else if lower == "</details>" {
                parts.append("</details>")
                depth -= 1
            } else if lower.hasPrefix("<summary>"), lower.hasSuffix("</summary>") {
                let text = line.dropFirst("<summary>".count).dropLast("</summary>".count)
                guard !text.contains("<") else { return nil }
                parts.append("<summary>" + Self.escape(String(text)) + "</summary>")
            } else {
                return nil
            }
        }
        guard !parts.isEmpty else { return nil }
        html = parts.joined(separator: "\n") + "\n"
        depthChange = depth
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
