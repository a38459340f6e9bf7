import Foundation
import Notebook
import Testing
@testable import Site

@Suite("Site builder: files, pages, navigation and search")
struct SiteBuilderTests {
    static let pages = ["index.html", "01-intro.html", "02-displays.html", "03-challenge.html"]

    @Test func writesEveryFile() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        for file in Self.pages + ["style.css", "search.js", "search-index.js", ".vectorbook-site",
                                  "Assets/images/dot.png"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path), "\(file)")
        }
        // Nothing but the site is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["_site"])
    }

    @Test func everyLocalLinkAndFragmentResolves() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        var ids: [String: Set<String>] = [:]
        for page in Self.pages {
            ids[page] = Set(SiteFixture.attributeValues("id", in: try SiteFixture.read(site, page)))
        }
        for page in Self.pages {
            let html = try SiteFixture.read(site, page)
            let targets = SiteFixture.attributeValues("href", in: html) + SiteFixture.attributeValues("src", in: html)
            for target in targets where !target.hasPrefix("https:") && !target.hasPrefix("data:") {
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? page : String(parts[0])
                #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path),
                        "\(page) links to missing \(target)")
                if parts.count == 2, file.hasSuffix(".html") {
                    #expect(ids[file]?.contains(String(parts[1])) == true, "\(page) links to missing \(target)")
                }
            }
        }
    }

    @Test func pagesAreValidHTML5Documents() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        for page in Self.pages {
            let html = try SiteFixture.read(site, page)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), "\(page)")
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(html.contains("<meta name=\"viewport\""))
            #expect(html.contains("<title>") && html.contains("</title>"))
            #expect(html.hasSuffix("</body>\n</html>\n"))
            let ids = SiteFixture.attributeValues("id", in: html)
            #expect(ids.count == Set(ids).count, "duplicate ids in \(page): \(ids)")
            let images = html.components(separatedBy: "<img ").dropFirst()
            for image in images {
                let tag = image.prefix { $0 != ">" }
                #expect(tag.contains(" alt=\"") || tag.hasPrefix("alt=\""), "image without alt in \(page)")
            }
            for external in ["http://", "//cdn", "fonts.googleapis"] {
                #expect(!html.contains("src=\"\(external)"), "external resource in \(page)")
                #expect(!html.contains("<link rel=\"stylesheet\" href=\"\(external)"))
            }
        }
        let css = try SiteFixture.read(site, "style.css")
        #expect(css.contains("prefers-color-scheme: dark"))
        #expect(css.contains("@media (max-width: 48rem)"))
        #expect(!css.contains("@import") && !css.contains("url("))
    }

    @Test func indexHasTitleOutlineSummariesAndCacheState() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        let index = try SiteFixture.read(site, "index.html")
        #expect(index.contains("<title>Embeddings &lt;by&gt; Example</title>"))
        #expect(index.contains("<h1>Embeddings &lt;by&gt; Example</h1>"))
        #expect(index.contains("Version 0.3.1 · 3 chapters"))
        let intro = try #require(index.range(of: "href=\"01-intro.html\">Introduction</a>"))
        let displays = try #require(index.range(of: "href=\"02-displays.html\">Displays</a>"))
        let challenge = try #require(index.range(of: "href=\"03-challenge.html\">A challenge</a>"))
        #expect(intro.lowerBound < displays.lowerBound && displays.lowerBound < challenge.lowerBound)
        #expect(index.contains("<p class=\"summary\">Embeddings map text &amp; images to vectors, so that similar "
                               + "things end up close together.</p>"))
        #expect(index.contains("Outputs from the cache, computed <time datetime=\"2025-02-28T12:00:00Z\">"
                               + "2025-02-28 12:00 UTC</time>"))
        #expect(index.contains("during this build"))
        #expect(index.contains("1 challenge"))
        #expect(index.contains("2 failing"))
        #expect(index.contains("Built <time datetime=\"2025-03-01T12:05:00Z\">2025-03-01 12:05 UTC</time>"))
    }

    @Test func chapterPageHasProseCellsNavigationAndFooter() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        let intro = try SiteFixture.read(site, "01-intro.html")
        #expect(intro.contains("<title>Introduction · Embeddings &lt;by&gt; Example</title>"))
        #expect(intro.contains("<h1 id=\"introduction\">Introduction</h1>"))
        #expect(intro.contains("<h2 id=\"setting-up\">Setting up</h2>"))
        // Sidebar: every chapter, the current one marked, its sections listed.
        #expect(intro.contains("<a href=\"01-intro.html\" aria-current=\"page\">Introduction</a>"))
        #expect(intro.contains("<a href=\"02-displays.html\">Displays</a>"))
        #expect(intro.contains("<li><a href=\"#what-is-next\">What is next</a></li>"))
        // Pager.
        #expect(intro.contains("rel=\"prev\" href=\"index.html\""))
        #expect(intro.contains("rel=\"next\" href=\"02-displays.html\""))
        let last = try SiteFixture.read(site, "03-challenge.html")
        #expect(last.contains("rel=\"prev\" href=\"02-displays.html\""))
        #expect(!last.contains("rel=\"next\""))
        // Links and images written for the Markdown files point into the site.
        #expect(intro.contains("<img src=\"Assets/images/dot.png\" alt=\"A red dot\" />"))
        #expect(intro.contains("<a href=\"02-displays.html#tokens\">the displays</a>"))
        #expect(intro.contains("<a href=\"https://example.com/docs\">the docs</a>"))
        // Footer.
        #expect(intro.contains("Built <time datetime=\"2025-03-01T12:05:00Z\">2025-03-01 12:05 UTC</time> with "
                               + "Vectorbook · Course version 0.3.1"))
        #expect(intro.contains("Outputs from the cache, computed"))
        let displays = try SiteFixture.read(site, "02-displays.html")
        #expect(displays.contains("Outputs computed <time datetime=\"2025-02-28T12:00:00Z\">2025-02-28 12:00 UTC"
                                  + "</time> during this build (3.25 s)."))
        // Repeated headings get unique ids.
        #expect(displays.contains("<h2 id=\"setting-up\">Setting up</h2>"))
        #expect(displays.contains("<h2 id=\"setting-up-1\">Setting up</h2>"))
    }

    @Test func cellsShowFlagsAndOutputs() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        let intro = try SiteFixture.read(site, "01-intro.html")
        // hide: the code is not shown, its output is.
        #expect(!intro.contains("hidden setup code"))
        #expect(intro.contains("hidden output value"))
        #expect(intro.contains("class=\"cell cell-hidden cell-status-ok\" id=\"cell-0\""))
        // norun: shown with a marker.
        #expect(intro.contains("class=\"cell cell-norun cell-status-skipped\" id=\"cell-2\""))
        #expect(intro.contains("<span class=\"badge badge-muted\">not run</span>"))
        #expect(intro.contains("never-run"))
        #expect(intro.contains("<pre class=\"stdout\" aria-label=\"Printed output\">Hello\n</pre>"))
        // Highlighted code.
        #expect(intro.contains("<pre class=\"code\"><code class=\"language-swift\"><span class=\"hl-kw\">let</span> "
                               + "<span class=\"hl-id\">greeting</span> = <span class=\"hl-str\">&quot;Hello&quot;</span>"))
        #expect(intro.contains("<span class=\"hl-com\">// a comment</span>"))
        #expect(intro.contains("<span class=\"hl-num\">42</span>"))
        #expect(intro.contains("<span class=\"hl-type\">AutoModel</span>"))

        // Every display kind reaches the page.
        let displays = try SiteFixture.read(site, "02-displays.html")
        for marker in ["<table class=\"token-table\">", "<div class=\"collection collection-array\">",
                       "<div class=\"collection collection-dictionary\">", "<div class=\"tensor\">",
                       "<svg class=\"sparkline\"", "<table class=\"similarity-table\">",
                       "<img src=\"data:image/png;base64,", "<div class=\"error-output error-expected\">",
                       "<span class=\"location\">Chapters/02-displays.md:20:5</span>"] {
            #expect(displays.contains(marker), "\(marker)")
        }
        #expect(displays.contains("<span class=\"badge badge-muted\">threw, as expected</span>"))
        #expect(!displays.contains("expects an error"))

        let challenge = try SiteFixture.read(site, "03-challenge.html")
        #expect(challenge.contains("<span class=\"badge badge-challenge\">Challenge: dimension</span>"))
        #expect(challenge.contains("✗ 1 of 2 checks passed (<a href=\"#cell-1\">cell 2</a>)"))
        #expect(challenge.contains("Checks for <a href=\"#cell-0\">dimension</a>"))
        #expect(challenge.contains("<p class=\"check check-passed\">"))
        #expect(challenge.contains("<p class=\"check check-failed\">"))
        #expect(challenge.contains("<span class=\"badge badge-failure\">timed out</span>"))
        #expect(challenge.contains("2 cells did not run as expected: <a href=\"#cell-1\">cell 2</a>, "
                                   + "<a href=\"#cell-2\">cell 3</a>."))
    }

    @Test func chapterWithoutResultsSaysSo() throws {
        let (course, chapters) = try SiteFixture.course()
        let parent = try SiteFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        try SiteBuilder(course: course, chapters: chapters, results: [],
                        options: SiteOptions(buildDate: SiteFixture.buildDate, includeSearch: false, copyAssets: false))
            .build(into: site)
        let intro = try SiteFixture.read(site, "01-intro.html")
        #expect(intro.contains("This chapter has not been run"))
        #expect(intro.contains("Not run: this chapter has no outputs yet."))
        #expect(!intro.contains("search"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("search-index.js").path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Assets").path))
    }

    @Test func searchIndexIsAScriptWithChapterTextAndCode() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        let script = try SiteFixture.read(site, "search-index.js")
        #expect(script.contains("window.VECTORBOOK_SEARCH = ["))
        #expect(script.hasSuffix("];\n"))
        #expect(script.contains("Embeddings map text & images to vectors"))
        #expect(script.contains("\"section\":\"Tokens\""))
        #expect(script.contains("\"url\":\"02-displays.html#tokens\""))
        #expect(script.contains("tokenizer.tokenize"))
        // Code of hidden cells is not searchable; markup cannot appear.
        #expect(!script.contains("hidden setup code"))
        #expect(!script.contains("<"))
        let json = String(script.drop { $0 != "[" }.dropLast(2))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        #expect(entries.contains { $0["chapter"] == "Introduction" && $0["section"] == "Introduction"
            && $0["url"] == "01-intro.html#introduction" })
        #expect(entries.allSatisfy { Set($0.keys) == ["chapter", "section", "url", "text", "code"] })
        let page = try SiteFixture.read(site, "01-intro.html")
        #expect(page.contains("<script src=\"search-index.js\" defer></script>"))
        #expect(page.contains("<form class=\"search\" role=\"search\" action=\"index.html\" hidden>"))
        #expect(try SiteFixture.read(site, "search.js").contains("textContent"))
    }

    @Test func maliciousTextIsEscapedEverywhere() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        for page in Self.pages {
            let html = try SiteFixture.read(site, page)
            #expect(!html.contains("<script>"), "\(page)")
            #expect(!html.contains("alert(\"markdown\")"), "raw HTML from Markdown leaked into \(page)")
        }
        let intro = try SiteFixture.read(site, "01-intro.html")
        #expect(intro.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(intro.contains("<!-- raw HTML omitted -->"))
        let displays = try SiteFixture.read(site, "02-displays.html")
        #expect(displays.contains("no such file: &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(displays.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"))
        #expect(displays.contains("a &lt;dog&gt;"))
    }

    @Test func versionOverrideAndPageNames() throws {
        let (parent, site) = try SiteFixture.build(options: SiteOptions(buildDate: SiteFixture.buildDate,
                                                                         courseVersion: "2.0-beta"))
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(try SiteFixture.read(site, "index.html").contains("Version 2.0-beta"))
        let chapter = Chapter(file: URL(fileURLWithPath: "/c/Chapters/index.md"), displayPath: "Chapters/index.md",
                              title: "T", blocks: [], source: "")
        let odd = Chapter(file: URL(fileURLWithPath: "/c/Chapters/ä b.md"), displayPath: "Chapters/ä b.md",
                          title: "U", blocks: [], source: "")
        let plan = try SitePlan(chapters: [chapter, odd], results: [])
        #expect(plan.pages.map(\.fileName) == ["index-1.html", "b.html"])
        #expect(throws: SiteError.self) { try SitePlan(chapters: [chapter, chapter], results: []) }
    }

    @Test func linksForMarkdownFilesAreMappedIntoTheSite() {
        let resolver = LinkResolver(chaptersFolder: URL(fileURLWithPath: "/course/Chapters"),
                                    root: URL(fileURLWithPath: "/course"),
                                    pages: ["01-intro.md": "01-intro.html"])
        #expect(resolver.resolve("../Assets/images/a%20b.png") == "Assets/images/a%20b.png")
        #expect(resolver.resolve("./../Assets/x/../y.png?v=1#top") == "Assets/y.png?v=1#top")
        #expect(resolver.resolve("01-intro.md#setting-up") == "01-intro.html#setting-up")
        #expect(resolver.resolve("./01-intro.md") == "01-intro.html")
        for unchanged in ["Assets/images/cat.png", "../README.md", "02-missing.md", "#local", "/abs/path.png",
                          "https://example.com/a.md", "mailto:someone@example.com", ""] {
            #expect(resolver.resolve(unchanged) == unchanged)
        }
    }
}
