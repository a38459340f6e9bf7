import ArgumentParser
import Foundation
import Notebook
import Serve

/// `vectorbook serve [--port 8000]`: the course site on 127.0.0.1, with challenge cells that are
/// edited in the page and re-run by the server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the course locally; challenge cells can be edited and re-run in the page.",
        discussion: """
        Runs every chapter (cached outputs are reused), writes the site with editable challenge cells to \
        <course>/.vectorbook/serve, and serves it on http://127.0.0.1:PORT/ (this machine only). \
        "Run" re-runs the chapter with the edited challenge and its checks; chapter files are never \
        changed. Stop with Ctrl-C.
        """
    )

    @Option(help: "The port on 127.0.0.1 (0: any free port).")
    var port = 8000

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            let course = try courseOptions.loadCourse()
            let server = try LoopbackServer(port: port)
            let folder = course.root.appendingPathComponent(".vectorbook/serve", isDirectory: true)
            let live = try LiveCourse(course: course, runner: courseOptions.runner(for: course), siteFolder: folder,
                                      port: server.port) {
                Terminal.note("running \($0)")
            }
            Terminal.output("Serving \(course.title) at http://127.0.0.1:\(server.port)/ (Ctrl-C stops)")
            server.run { request in
                let response = live.handle(request)
                if request.method == "POST" { Terminal.note("\(request.method) \(request.path) → \(response.status)") }
                return response
            }
        }
    }
}
