import Foundation
import Notebook
import Testing
@testable import Site

@Suite("Display HTML: every kind, escaped")
struct DisplayHTMLTests {
    static let malicious = SiteFixture.malicious
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"

    @Test func textAndStdout() {
        let html = DisplayHTML.html(for: .display(.text(Self.malicious, type: "Array<\"T\">")))
        #expect(html.contains("<pre class=\"value\">\(Self.escaped)</pre>"))
        #expect(html.contains("<span class=\"value-type\">Array&lt;&quot;T&quot;&gt;</span>"))
        let printed = DisplayHTML.html(for: .stdout("a < b & c\n"))
        #expect(printed == "<pre class=\"stdout\" aria-label=\"Printed output\">a &lt; b &amp; c\n</pre>\n")
    }

    @Test func tensorShowsShapeDtypeValuesNormAndSparkline() {
        let html = DisplayHTML.html(for: .tensor(SiteFixture.tensor))
        #expect(html.contains("<code class=\"tensor-shape\" title=\"shape\">[1, 768]</code>"))
        #expect(html.contains("<span class=\"tensor-dtype\">float32</span>"))
        #expect(html.contains("768 values"))
        #expect(html.contains("norm 12.5000"))
        #expect(html.contains("min -1.5000 · max 3.2500"))
        #expect(html.contains("[0.1234, -0.5000, 2.0000, 0.0000, 0.2500, 1.0000, 3.0000, -1.0000, …]"))
        #expect(html.contains("<svg class=\"sparkline\""))
        #expect(html.contains("role=\"img\" aria-label=\"Sparkline of 8 sampled values"))
        #expect(html.contains("<path d=\"M0.0 "))
        #expect(html.contains("class=\"sparkline-zero\""))
        // The NaN sample breaks the line: a second "M" starts after it.
        let path = html.components(separatedBy: "<path d=\"")[1].prefix { $0 != "\"" }
        #expect(path.filter { $0 == "M" }.count == 2)
        #expect(!path.contains("nan"))
    }

    @Test func sparklineEdgeCases() {
        #expect(TensorHTML.sparkline([]) == "")
        #expect(TensorHTML.sparkline([.nan, .infinity]) == "")
        #expect(TensorHTML.sparkline([2]).contains("<path d=\"M116.0 20.0 L124.0 20.0\""))
        #expect(TensorHTML.sparkline([1, 1, 1]).contains("M0.0 20.0 L120.0 20.0 L240.0 20.0"))
    }

    @Test func tokenTable() {
        let html = DisplayHTML.html(for: .tokens(SiteFixture.tokens))
        #expect(html.contains("<table class=\"token-table\"><caption>4 tokens (1 padding)</caption>"))
        #expect(html.contains("<th scope=\"col\">Token</th><th scope=\"col\">ID</th><th scope=\"col\">Mask</th>"))
        #expect(html.contains("<tr><td>1</td><td><code>multi</code></td><td>4800</td><td>1</td></tr>"))
        #expect(html.contains("<tr class=\"token-padding\"><td>3</td><td><code>[PAD]</code></td>"))
        #expect(html.contains("<code>\(Self.escaped)</code>"))
        #expect(!html.contains("Type</th>"))
        let typed = DisplayHTML.html(for: .tokens(TokenTableDisplay(sequences: [
            [.init(token: "a", id: 1, attentionMask: 1, typeID: 0)], [.init(token: "b", id: 2, attentionMask: 1)],
        ])))
        #expect(typed.contains("Sequence 1 of 2 · 1 token"))
        #expect(typed.contains("<th scope=\"col\">Type</th>"))
    }

    @Test func similarityTableIsColourScaledWithLabelsAndLegend() {
        let html = DisplayHTML.html(for: .similarity(SiteFixture.similarity))
        #expect(html.contains("<caption>Text × image</caption>"))
        #expect(html.contains("<th scope=\"col\">a cat</th><th scope=\"col\">a &lt;dog&gt;</th>"))
        #expect(html.contains("<th scope=\"row\">cat</th>"))
        // Highest value: darkest colour and white text; lowest: lightest.
        #expect(html.contains("<td class=\"row-max\" style=\"background-color: #08306b; color: #ffffff\" "
                              + "title=\"cat × a cat: 0.9000\">0.90</td>"))
        #expect(html.contains("style=\"background-color: #f7fbff; color: #0b1a2e\" title=\"cat × a &lt;dog&gt;: "
                              + "0.1000\">0.10</td>"))
        #expect(html.contains("<figcaption class=\"legend\"><span class=\"legend-low\">0.10</span>"))
        #expect(html.contains("<span class=\"legend-high\">0.90</span>"))
        #expect(html.contains("linear-gradient(to right, #f7fbff"))
        // Ragged or non-finite input does not break the table.
        let ragged = DisplayHTML.html(for: .similarity(SimilarityDisplay(rows: ["x"], columns: ["p", "q"],
                                                                         values: [[.nan], [1, 2]])))
        #expect(ragged.contains("<td class=\"sim-missing\" title=\"x × p: nan\">nan</td>"))
        #expect(ragged.contains("<th scope=\"row\">1</th>"))
    }

    @Test func imageIsAnInlinePNGThumbnailWithCaption() {
        let html = DisplayHTML.html(for: .image(SiteFixture.image))
        #expect(html.contains("<img src=\"data:image/png;base64,\(SiteFixture.thumbnail)\" "
                              + "alt=\"cat.png (640 × 480 px, RGB)\" width=\"320\" height=\"240\""))
        #expect(html.contains("<figcaption>cat.png · 640 × 480 px, RGB</figcaption>"))
        let broken = DisplayHTML.html(for: .image(ImageDisplay(width: 1, height: 1, mode: "L",
                                                               thumbnailPNG: "\" onerror=\"alert(1)")))
        #expect(!broken.contains("<img"))
        #expect(broken.contains("not valid base64"))
    }

    @Test func collections() {
        let array = DisplayHTML.html(for: .collection(SiteFixture.collection))
        #expect(array.contains("<span class=\"value-type\">[String]</span> 5 items"))
        #expect(array.contains("<ol class=\"collection-items\" start=\"0\"><li><code class=\"value\">1</code></li>"))
        #expect(array.contains("<li><code class=\"value\">\(Self.escaped)</code></li>"))
        #expect(array.contains("… and 3 more"))
        let dictionary = DisplayHTML.html(for: .collection(SiteFixture.dictionary))
        #expect(dictionary.contains("<tr><th scope=\"row\">width</th><td><code class=\"value\">640</code></td></tr>"))
        let tuple = DisplayHTML.html(for: .collection(CollectionDisplay(
            kind: .tuple, keys: ["", "name"], items: [.text("1", type: "Int"), .tensor(SiteFixture.tensor)],
            omitted: 0, type: "(Int, name: Tensor)")))
        #expect(tuple.contains("<th scope=\"row\">.0</th>"))
        #expect(tuple.contains("<th scope=\"row\">name</th><td><div class=\"tensor\">"))
    }

    @Test func checksAndErrors() {
        let passed = DisplayHTML.html(for: .check(CheckDisplay(passed: true, message: "ok <3", location: nil)))
        #expect(passed.contains("<p class=\"check check-passed\"><span class=\"check-mark\" aria-hidden=\"true\">✓"))
        #expect(passed.contains("ok &lt;3"))
        let failed = DisplayHTML.html(for: .check(CheckDisplay(
            passed: false, message: "too small", location: SourceLocation(file: "C/a.md", line: 3, column: 7))))
        #expect(failed.contains("check-failed"))
        #expect(failed.contains("✗"))
        #expect(failed.contains("<span class=\"location\">C/a.md:3:7</span>"))

        let error = DisplayHTML.html(for: .error(ErrorDisplay(kind: .runtime, message: Self.malicious,
                                                              location: SiteFixture.errorLocation)))
        #expect(error.contains("<div class=\"error-output error-runtime\">"))
        #expect(error.contains("<span class=\"error-kind\">Error</span> "
                               + "<span class=\"location\">Chapters/02-displays.md:20:5</span>"))
        #expect(error.contains("<pre class=\"error-message\">\(Self.escaped)</pre>"))
        for kind in [ErrorDisplay.Kind.syntax, .unsupported, .timeout, .fileAccess, .expected] {
            let html = DisplayHTML.html(for: .error(ErrorDisplay(kind: kind, message: "m", location: nil)))
            #expect(html.contains("error-\(kind.rawValue)"))
            #expect(html.contains(DisplayHTML.errorTitle(kind)))
        }
    }

    @Test func escapingHelpers() {
        #expect(HTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.decodeEntities("&lt;b&gt; &amp;amp; &#65;&#x42; &unknown; & x") == "<b> &amp; AB &unknown; & x")
        #expect(HTML.plainText("<p>One <em>two</em>\n three &amp; four</p>") == "One two three & four")
        #expect(HTML.truncate("one two three four", limit: 9) == "one two…")
    }
}

@Suite("Public HTML fragments")
struct SiteHTMLTests {
    @Test func fragmentsMatchThePages() {
        let outputs: [CellOutput] = [.stdout("hi\n"), .display(.text(SiteFixture.malicious, type: "String"))]
        let html = SiteHTML.outputs(outputs)
        #expect(html.hasPrefix("<div class=\"outputs\">\n<pre class=\"stdout\""))
        #expect(html.contains("&lt;script&gt;"))
        #expect(SiteHTML.outputs([]).isEmpty)
        #expect(SiteHTML.output(.stdout("x")) == DisplayHTML.html(for: .stdout("x")))
        #expect(SiteHTML.highlightedSwift("let a = 1").hasPrefix("<span class=\"hl-kw\">let</span>"))
        #expect(SiteHTML.escape("<&>") == "&lt;&amp;&gt;")
        #expect(SiteHTML.stylesheet.contains(".hl-kw"))
    }
}
