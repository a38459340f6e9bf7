import Foundation
import Notebook
import Serve
import Site
import Testing

/// A temporary course with one chapter holding a challenge and its check.
private struct ChallengeCourse {
    let root: URL
    var chapters: URL { root.appendingPathComponent("Chapters") }

    static let chapter = """
    # Squares

    Sum the squares of 1 to 4.

    ```swift
    let numbers = [1, 2, 3, 4]
    ```

    ```swift challenge id=squares
    let total = numbers.reduce(0, +)
    print("total:", total)
    ```

    ```swift check for=squares
    expect(total == 30, "the sum of the squares of 1…4 is 30")
    ```

    ```swift challenge id=cubes
    let cubes = numbers.map { $0 * $0 * $0 }.reduce(0, +)
    ```

    ```swift check for=cubes
    expect(cubes == 100, "the sum of the cubes of 1…4 is 100")
    ```
    """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vb-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try Data(#"{"title": "Serve test", "chapters": ["01-squares.md"]}"#.utf8)
            .write(to: chapters.appendingPathComponent("course.json"))
        try Data(Self.chapter.utf8).write(to: chapters.appendingPathComponent("01-squares.md"))
    }

    func live() throws -> LiveCourse {
        let course = try CourseLoader.load(chaptersFolder: chapters)
        return try LiveCourse(course: course, runner: ChapterRunner(course: course, options: RunOptions(useCache: false)),
                              siteFolder: root.appendingPathComponent("site"), port: 8000)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

private func form(_ fields: [(String, String)]) -> Data {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return Data(fields.map { name, value in
        let encode = { (text: String) in
            text.addingPercentEncoding(withAllowedCharacters: allowed.union(.init(charactersIn: " ")))!
                .replacingOccurrences(of: " ", with: "+")
        }
        return encode(name) + "=" + encode(value)
    }.joined(separator: "&").utf8)
}

private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

/// A request as the learner's browser sends it to the server on port 8000.
private func local(_ method: String, _ path: String, body: Data = Data(), origin: String? = nil) -> HTTPRequest {
    var headers = ["host": "127.0.0.1:8000"]
    headers["origin"] = origin
    return HTTPRequest(method: method, path: path, headers: headers, body: body)
}

@Suite("vectorbook serve: requests, the live site and challenge runs")
struct ServeTests {
    @Test("a request is parsed only when complete; paths are decoded; bad requests are told apart")
    func parsing() throws {
        let head = "POST /run%20x?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 7\r\n\r\n"
        #expect(throws: HTTPRequest.ParseError.incomplete) { try HTTPRequest.parse(Data(head.utf8)) }
        let request = try HTTPRequest.parse(Data((head + "a=1&b=2").utf8))
        #expect(request.method == "POST" && request.path == "/run x" && request.headers["host"] == "localhost")
        #expect(request.formFields() == ["a": "1", "b": "2"])
        #expect(throws: HTTPRequest.ParseError.malformed("the request line is not `METHOD PATH HTTP/1.x`")) {
            try HTTPRequest.parse(Data("GET\r\n\r\n".utf8))
        }
        #expect(throws: HTTPRequest.ParseError.tooLarge(1 << 30)) {
            try HTTPRequest.parse(Data("POST / HTTP/1.1\r\nContent-Length: \(1 << 30)\r\n\r\n".utf8))
        }
        let encoded = HTTPRequest(method: "POST", path: "/run", body: Data("code=let+x+%3D+1%0D%0Aprint%28x%29&cell=2".utf8))
        #expect(encoded.formFields() == ["code": "let x = 1\r\nprint(x)", "cell": "2"])
        let serialized = String(decoding: HTTPResponse.text(404, "no").serialized(), as: UTF8.self)
        #expect(serialized.hasPrefix("HTTP/1.1 404 Not Found\r\n") && serialized.contains("Content-Length: 2\r\n") && serialized.hasSuffix("\r\n\r\nno"))
    }

    @Test("the live site has a form for the challenge; files are served, paths outside the site are not")
    func site() throws {
        let course = try ChallengeCourse()
        defer { course.remove() }
        let live = try course.live()
        let page = live.handle(local("GET", "/01-squares.html"))
        #expect(page.status == 200 && page.contentType.hasPrefix("text/html"))
        let html = text(page)
        #expect(html.contains("<form class=\"live-chapter\" method=\"post\" action=\"run\"><input type=\"hidden\" name=\"chapter\" value=\"01-squares.md\">"))
        #expect(html.contains("<textarea name=\"code-1\"") && html.contains("let total = numbers.reduce(0, +)"))
        #expect(html.contains("name=\"run\" value=\"1\" formaction=\"run#cell-1\""))
        #expect(html.contains("✗ 0 of 1 check passed"))
        #expect(live.handle(local("GET", "/")).status == 200)
        #expect(live.handle(local("GET", "/style.css")).contentType.hasPrefix("text/css"))
        for path in ["/../Chapters/course.json", "/.vectorbook-site", "/missing.html", "/a//b"] {
            #expect(live.handle(local("GET", path)).status == 404, "\(path)")
        }
        #expect(live.handle(local("DELETE", "/")).status == 405)

        // The static site (no `liveChallenges`) shows the same cell as code, with no form.
        let loaded = try CourseLoader.load(chaptersFolder: course.chapters)
        let chapters = try CourseLoader.chapters(of: loaded)
        let results = try chapters.map { try ChapterRunner(course: loaded, options: RunOptions(useCache: false)).run($0) }
        let staticPage = try SiteBuilder(course: loaded, chapters: chapters, results: results, options: SiteOptions()).chapterPage(at: 0)
        #expect(staticPage.fileName == "01-squares.html")
        #expect(!staticPage.html.contains("challenge-editor") && staticPage.html.contains("<pre class=\"code\">"))
    }

    @Test("POST /run re-runs the chapter with the edited challenge; the checks follow; the file on disk is untouched")
    func run() throws {
        let course = try ChallengeCourse()
        defer { course.remove() }
        let live = try course.live()
        let code = "let total = numbers.map { $0 * $0 }.reduce(0, +)\r\nprint(\"total:\", total)"
        let answer = live.handle(local("POST", "/run", body: form([("chapter", "01-squares.md"), ("code-1", code), ("run", "1")]),
                                       origin: "http://127.0.0.1:8000"))
        #expect(answer.status == 200)
        let html = text(answer)
        #expect(html.contains("total: 30"))
        #expect(html.contains("✓ 1 of 1 check passed"))
        #expect(html.contains("numbers.map { $0 * $0 }"))
        let foreign = live.handle(local("POST", "/run", body: form([("chapter", "01-squares.md"), ("code-1", code), ("run", "1")]),
                                        origin: "https://example.com"))
        #expect(foreign.status == 403 && text(foreign).contains("https://example.com"))
        #expect(live.handle(HTTPRequest(method: "GET", path: "/", headers: ["host": "attacker.example:8000"])).status == 403)
        #expect(live.handle(HTTPRequest(method: "GET", path: "/")).status == 403)
        let onDisk = try String(contentsOf: course.chapters.appendingPathComponent("01-squares.md"), encoding: .utf8)
        #expect(onDisk == ChallengeCourse.chapter)

        // Both challenges of the page are posted together: each edit is kept, each check follows its own.
        let both = text(live.handle(local("POST", "/run", body: form([("chapter", "01-squares.md"), ("code-1", code),
                                                                      ("code-3", "let cubes = 99"), ("run", "3")]))))
        #expect(both.contains("✓ 1 of 1 check passed") && both.contains("✗ 0 of 1 check passed"))
        #expect(both.contains("numbers.map { $0 * $0 }") && both.contains(">let cubes = 99</textarea>"))

        let broken = text(live.handle(local("POST", "/run",
                                                  body: form([("chapter", "01-squares.md"), ("code-1", "let total = ")]))))
        #expect(broken.contains("cell-failure"))
        #expect(live.handle(local("POST", "/run", body: form([("chapter", "02-x.md"), ("code-1", "")])))
            .status == 400)
        let notChallenge = live.handle(local("POST", "/run",
                                                   body: form([("chapter", "01-squares.md"), ("code-0", "")])))
        #expect(notChallenge.status == 400 && text(notChallenge).contains("not a challenge cell"))
        #expect(live.handle(local("POST", "/run", body: form([("chapter", "01-squares.md")]))).status == 400)
    }

    @Test("the loopback server answers a real connection")
    func socket() throws {
        let server = try LoopbackServer(port: 0)
        #expect(server.port > 0)
        let thread = Thread {
            server.serveOne { request in .text(200, "you asked for \(request.path)") }
        }
        thread.start()
        let url = URL(string: "http://127.0.0.1:\(server.port)/hello")!
        let body = try String(contentsOf: url, encoding: .utf8)
        #expect(body == "you asked for /hello")
        #expect(throws: LoopbackServer.Failure.self) { try LoopbackServer(port: 70000) }
    }
}
