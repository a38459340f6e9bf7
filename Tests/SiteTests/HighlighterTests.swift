import Foundation
import Testing
@testable import Site

@Suite("Swift highlighting with swift-syntax classifications")
struct HighlighterTests {
    @Test func classifiesKeywordsIdentifiersTypesLiteralsAndComments() {
        let html = SwiftHighlighter.html("""
            let model = try AutoModel.from(pretrained: "bert <base>") // load
            var n: Int = 42 + 1.5
            """)
        #expect(html.contains("<span class=\"hl-kw\">let</span>"))
        #expect(html.contains("<span class=\"hl-kw\">try</span>"))
        #expect(html.contains("<span class=\"hl-id\">model</span>"))
        #expect(html.contains("<span class=\"hl-type\">AutoModel</span>"))
        #expect(html.contains("<span class=\"hl-type\">Int</span>"))
        #expect(html.contains("<span class=\"hl-label\">pretrained</span>"))
        #expect(html.contains("<span class=\"hl-str\">&quot;bert &lt;base&gt;&quot;</span>")
            || html.contains("<span class=\"hl-str\">bert &lt;base&gt;</span>"))
        #expect(html.contains("<span class=\"hl-num\">42</span>"))
        #expect(html.contains("<span class=\"hl-num\">1.5</span>"))
        #expect(html.contains("<span class=\"hl-com\">// load</span>"))
    }

    @Test func keepsEveryCharacterAndEscapes() {
        let code = "let s = \"<script>alert(1)</script>\"\n/* é ✓ */ let t = s.count >= 1 && true\n"
        let html = SwiftHighlighter.html(code)
        #expect(!html.contains("<script>"))
        #expect(HTML.decodeEntities(html.replacingOccurrences(of: #"<span class="[a-z-]+">"#, with: "",
                                                              options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: "")) == code)
    }

    @Test func brokenCodeIsStillShown() {
        let code = "let = = (\n}}} \"unterminated"
        let html = SwiftHighlighter.html(code)
        let text = HTML.decodeEntities(html.replacingOccurrences(of: #"<span class="[a-z-]+">"#, with: "",
                                                                 options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: ""))
        #expect(text == code)
    }
}
