import Notebook

/// HTML fragments for tools that show chapter content outside a built site, such as
/// `vectorbook serve` re-rendering a challenge cell after an edit. The fragments use the classes of
/// ``stylesheet`` and are exactly what the site's pages contain; all text is escaped.
public enum SiteHTML {
    /// One cell output (printed text or a display).
    public static func output(_ output: CellOutput) -> String {
        DisplayHTML.html(for: output)
    }

    /// A cell's outputs, in order, inside `<div class="outputs">` (empty when there are none).
    public static func outputs(_ outputs: [CellOutput]) -> String {
        outputs.isEmpty ? "" : "<div class=\"outputs\">\n" + outputs.map(DisplayHTML.html(for:)).joined() + "</div>\n"
    }

    /// Swift code with `hl-*` highlight spans, escaped, for use inside `<pre><code>`.
    public static func highlightedSwift(_ code: String) -> String {
        SwiftHighlighter.html(code)
    }

    /// Text escaped for HTML element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        HTML.escape(text)
    }

    /// The site's `style.css`.
    public static var stylesheet: String { SiteStyle.css }
}
