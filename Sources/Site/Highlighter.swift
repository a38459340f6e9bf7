import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Swift syntax highlighting with swift-syntax's classifier: every classified range becomes a
/// `<span>` with a CSS class; the text in between is escaped as is. Code that does not parse
/// is still highlighted as far as the parser recovers, and never dropped.
enum SwiftHighlighter {
    /// CSS class per classification (`nil`: plain text).
    static func cssClass(for kind: SyntaxClassification, text: Substring) -> String? {
        switch kind {
        case .keyword: return "hl-kw"
        case .identifier:
            // swift-syntax calls `AutoModel` in `AutoModel.from(…)` an identifier; by Swift's naming
            // conventions a capitalised identifier names a type.
            return text.first?.isUppercase == true ? "hl-type" : "hl-id"
        case .type: return "hl-type"
        case .dollarIdentifier: return "hl-id"
        case .stringLiteral, .regexLiteral: return "hl-str"
        case .integerLiteral, .floatLiteral: return "hl-num"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return "hl-com"
        case .operator: return "hl-op"
        case .attribute, .ifConfigDirective: return "hl-attr"
        case .argumentLabel: return "hl-label"
        case .editorPlaceholder: return "hl-placeholder"
        case .none: return nil
        @unknown default: return nil
        }
    }

    /// The code as HTML (escaped, with highlight spans), for use inside `<pre><code>`.
    static func html(_ code: String) -> String {
        let tree = Parser.parse(source: code)
        let bytes = Array(code.utf8)
        var html = ""
        html.reserveCapacity(bytes.count * 2)
        var position = 0

        func text(_ range: Range<Int>) -> Substring {
            Substring(decoding: bytes[range], as: UTF8.self)
        }

        for classified in tree.classifications {
            let start = max(position, min(classified.range.lowerBound.utf8Offset, bytes.count))
            let end = min(max(start, classified.range.upperBound.utf8Offset), bytes.count)
            if position < start { html += HTML.escape(String(text(position..<start))) }
            guard start < end else { continue }
            let piece = text(start..<end)
            if let cssClass = cssClass(for: classified.kind, text: piece) {
                html += "<span class=\"\(cssClass)\">\(HTML.escape(String(piece)))</span>"
            } else {
                html += HTML.escape(String(piece))
            }
            position = end
        }
        if position < bytes.count { html += HTML.escape(String(text(position..<bytes.count))) }
        return html
    }
}
