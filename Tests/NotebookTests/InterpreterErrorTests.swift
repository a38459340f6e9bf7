import Foundation
@testable import Notebook
import Testing

/// Syntax errors, unsupported constructs, runtime errors, time limits, recursion and files:
/// each becomes an `ErrorDisplay` with the chapter location, never a crash.
@Suite("Interpreter: errors")
struct InterpreterErrorTests {
    @Test("a syntax error is reported at the chapter's line and column, and nothing of the cell runs")
    func syntaxError() {
        let run = CellRunner().run("print(\"ran\")\nlet y = (1 +\n", line: 20)
        #expect(run.outputs.isEmpty)
        #expect(run.error?.kind == .syntax)
        #expect(run.error?.message.contains("expected expression") == true)
        #expect(run.error?.location == SourceLocation(file: "Chapters/test.md", line: 21, column: 13))
    }

    @Test("unsupported constructs are named, located, and stop the whole cell before it runs",
          arguments: [
              ("struct S {}", "struct declarations", 1, 1),
              ("print(1)\nclass C {}", "class declarations", 2, 1),
              ("print(1)\n  protocol P {}", "protocol declarations", 2, 3),
              ("extension Int {}", "extensions", 1, 1),
              ("func f() {\n    defer { }\n}", "'defer'", 2, 5),
              ("let f = { (x: inout Int) in x }", "inout parameters", 1, 15),
              ("func g<T>(_ x: T) {}", "generic functions", 1, 7),
              ("let k = \\String.count", "key paths", 1, 9),
              ("#if DEBUG\nprint(1)\n#endif", "#if", 1, 1),
              ("import UIKit", "import of 'UIKit'", 1, 1),
              ("func h() async {}", "async functions", 1, 10),
              ("let t = await h()", "async/await", 1, 9),
              ("@MainActor var x = 1", "attributes and property wrappers", 1, 1),
              ("enum E { case a }", "enum declarations", 1, 1),
              ("actor A {}", "actors", 1, 1),
              ("typealias T = Int", "typealias declarations", 1, 1),
              ("throw CellError()", "'throw'", 1, 1),
              ("var x: Int { 3 }", "computed properties", 1, 12),
              ("let a = [1].map { [x = 1] in x }", "closure capture lists", 1, 19),
          ])
    func unsupported(code: String, what: String, line: Int, column: Int) {
        let run = CellRunner().run(code, line: 40)
        #expect(run.outputs.isEmpty)
        #expect(run.error?.kind == .unsupported)
        #expect(run.error?.message.hasPrefix("not supported in cells: \(what)") == true, "\(run.error?.message ?? "no error")")
        #expect(run.error?.location == SourceLocation(file: "Chapters/test.md", line: 39 + line, column: column))
    }

    @Test("unknown names are reported before the cell runs")
    func unknownName() {
        let run = CellRunner().run("print(\"first\")\nprint(undefinedName)", line: 5)
        #expect(run.outputs.isEmpty)
        #expect(run.error?.message == "cannot find 'undefinedName' in scope")
        #expect(run.error?.location == SourceLocation(file: "Chapters/test.md", line: 6, column: 7))
    }

    @Test("runtime errors keep the outputs printed before them and point at the failing expression",
          arguments: [
              ("let a = [1, 2, 3]\nprint(\"before\")\nprint(a[5])", "Index out of range", 3, 8),
              ("let z: Int? = nil\nprint(\"before\")\nprint(z!)", "Unexpectedly found nil while unwrapping an Optional value", 3, 8),
              ("let q = 0\nprint(\"before\")\nprint(10 / q)", "Division by zero", 3, 10),
              ("var big = Int.max\nprint(\"before\")\nbig += 1", "Arithmetic overflow", 3, 5),
              ("print(\"before\")\nlet x = Int(Double.nan)", "cannot be converted to Int", 2, 9),
              ("print(\"before\")\nvar a: [Int] = []\na.removeLast()", "Can't remove last element from an empty collection", 3, 3),
              ("print(\"before\")\nlet d = [\"a\": 1]\nlet v = d[\"b\"]! + 1", "Unexpectedly found nil", 3, 15),
          ])
    func runtimeErrors(code: String, message: String, line: Int, column: Int) {
        let run = CellRunner().run(code, line: 100)
        #expect(run.stdout == "before\n")
        #expect(run.error?.kind == .runtime)
        #expect(run.error?.message.contains(message) == true, "\(run.error?.message ?? "no error")")
        #expect(run.error?.location == SourceLocation(file: "Chapters/test.md", line: 99 + line, column: column))
    }

    @Test("an error thrown by a binding is located at its call; try! reports it as a runtime error")
    func thrownErrors() {
        let registry = BindingRegistry()
        registry.function("load", [Parameter(nil, type: "String")]) { _, _ in
            throw CellRuntimeError("model 'x' is not installed")
        }
        let runner = CellRunner(registry: registry)
        let plain = runner.run("print(\"a\")\nlet m = try load(\"x\")", line: 10)
        #expect(plain.stdout == "a\n")
        #expect(plain.error == ErrorDisplay(kind: .runtime, message: "model 'x' is not installed",
                                            location: SourceLocation(file: "Chapters/test.md", line: 11, column: 13)))
        let forced = runner.run("let m = try! load(\"x\")", line: 20)
        #expect(forced.error?.kind == .runtime)
        #expect(forced.error?.message == "'try!' expression unexpectedly raised an error: model 'x' is not installed")
        #expect(forced.error?.location?.line == 20)
        let optional = runner.run("let m = try? load(\"x\")\nprint(m == nil)", line: 30)
        #expect(optional.error == nil)
        #expect(optional.stdout == "true\n")
    }

    @Test("a trap is not caught by try? or do/catch")
    func trapsAreNotCaught() {
        let run = CellRunner().run("let a: [Int] = []\ndo { print(try? a[3] as Any) } catch { print(\"caught\") }")
        #expect(run.error?.message.contains("Index out of range") == true)
        #expect(run.stdout.isEmpty)
    }

    @Test("unknown members name the type")
    func unknownMember() {
        #expect(printed("let a = [1]\na.foo()") == "error: value of type '[Int]' has no member 'foo'")
        #expect(printed("let s = \"x\"\nprint(s.bar)") == "error: value of type 'String' has no member 'bar'")
        #expect(printed("let o: Int? = 1\nprint(o.description)").contains("must be unwrapped"))
    }

    @Test("assigning to a let is refused; mutating a let is refused")
    func constants() {
        #expect(printed("let x = 1\nx = 2") == "error: cannot assign to value: 'x' is a 'let' constant")
        #expect(printed("let a = [1]\na.append(2)").contains("cannot use mutating member 'append'"))
    }

    @Test("a huge loop stops at the time limit with a timeout error, quickly")
    func timeout() {
        let runner = CellRunner()
        let started = ContinuousClock.now
        let run = runner.run("print(\"start\")\nfor _ in 0..<1_000_000_000 {}", line: 7, timeLimit: .milliseconds(200))
        let elapsed = ContinuousClock.now - started
        #expect(run.error?.kind == .timeout)
        #expect(run.error?.message.hasPrefix("stopped after 0.2 s: the cell's time limit (timeout=0.2)") == true)
        #expect(run.stdout == "start\n")
        #expect(elapsed < .seconds(3))
    }

    @Test("other endless cells stop too: while true, recursion-free closures, sequence building")
    func otherTimeouts() {
        let runner = CellRunner()
        for code in ["while true {}", "var n = 0\nrepeat { n += 1 } while n >= 0",
                     "let f = { (x: Int) -> Int in x + 1 }\nvar i = 0\nwhile i >= 0 { i = f(i) % 10 }",
                     "let xs = (0..<40_000_000).map { $0 * 2 }"] {
            let run = runner.run(code, timeLimit: .milliseconds(150))
            #expect(run.error?.kind == .timeout, "\(code)")
        }
    }

    @Test("deep recursion ends with the depth-limit error, not a crash; moderate recursion works")
    func recursion() {
        let runner = CellRunner()
        let deep = runner.run("func r(_ n: Int) -> Int { r(n + 1) }\nr(0)", line: 50)
        #expect(deep.error?.kind == .runtime)
        #expect(deep.error?.message.contains("maximum call depth of 500") == true)
        #expect(deep.error?.location?.line == 50)
        let fine = runner.run("func sum(_ n: Int) -> Int { n == 0 ? 0 : n + sum(n - 1) }\nprint(sum(400))")
        #expect(fine.error == nil)
        #expect(fine.stdout == "80200\n")
        let closures = runner.run("var f: (Int) -> Int = { $0 }\nf = { n in n > 0 ? f(n - 1) : 0 }\nprint(f(10_000))")
        #expect(closures.error?.message.contains("maximum call depth") == true)
    }

    @Test("deeply nested expressions do not crash the interpreter")
    func deepNesting() {
        let sum = Array(repeating: "1", count: 5000).joined(separator: " + ")
        #expect(printed("print(\(sum))") == "5000\n")
        let parens = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        let run = CellRunner().run("print(\(parens))")
        #expect(run.error != nil || run.stdout == "1\n")
    }

    @Test("inputs that make the parser slow are refused quickly; long chains compile in linear time")
    func pathologicalInputs() {
        let brackets = CellRunner().run("print(" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + ")",
                                        line: 9)
        #expect(brackets.error?.kind == .unsupported)
        #expect(brackets.error?.message.contains("brackets nested more than 16 levels") == true)
        #expect(brackets.error?.location == SourceLocation(file: "Chapters/test.md", line: 9, column: 23))
        #expect(CellRunner().run("let s = \"" + String(repeating: "[", count: 40) + "\"\nprint(s.count)").stdout == "40\n")
        let started = ContinuousClock.now
        let chain = CellRunner().run("let n = 1" + String(repeating: ".description.count", count: 3000))
        #expect(chain.error == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
        let huge = CellRunner().run(String(repeating: "// comment\n", count: 10_000))
        #expect(huge.error?.message.contains("cells longer than") == true)
    }

    @Test("arbitrary text never crashes the interpreter", arguments: [
        "}", "{", "let", "let x =", "func", "(((", "\"unterminated", "for in", "x.", ".", "[1,", "a ? b", "?", "!",
        "let (a, b) = 1", "for (a, b) in [1] {}", "switch 1 {}", "case 1:", "return 5", "break", "continue",
        "fallthrough", "let x: = 1", "1 +* 2", "$0", "_ = 1", "_", "let _ = 3", "var x: Int\nprint(x)",
        "let s = \"\\(\"", "#warning(\"x\")", "@", "x = = 1", "[:]", "[1: 2, 1: 3]", "(1, 2).5", "Int.nope",
        "let f = { $0 }\nf()", "print(1, terminator: 5)", "zip(1, 2)", "\"a\"[0]", "nil!", "let t: (Int, Int) = (1, 2, 3)",
    ])
    func garbage(code: String) {
        let run = CellRunner().run(code, timeLimit: .seconds(5))
        _ = run.outputs
        #expect(run.error == nil || !(run.error?.message.isEmpty ?? true))
    }

    @Test("files: reads inside the course folder are recorded; paths outside it are refused")
    func files() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vb-interp-\(UUID().uuidString)")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("vb-outside-\(UUID().uuidString).txt")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Assets"), withIntermediateDirectories: true)
        try "hello".write(to: root.appendingPathComponent("Assets/a.txt"), atomically: true, encoding: .utf8)
        try "secret".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Assets/link.txt"), withDestinationURL: outside)
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        let registry = BindingRegistry()
        registry.function("readText", [Parameter(nil, type: "String")]) { arguments, context in
            guard case .string(let path) = arguments[0] else { throw CellRuntimeError("path") }
            return .string(try String(contentsOf: context.resolveFile(path), encoding: .utf8))
        }
        let runner = CellRunner(registry: registry, courseRoot: root)
        let inside = runner.run("print(try readText(\"Assets/a.txt\"))")
        #expect(inside.stdout == "hello\n")
        #expect(inside.filesRead.map(\.lastPathComponent) == ["a.txt"])
        for path in ["../\(outside.lastPathComponent)", outside.path, "Assets/link.txt", "Assets/../../\(outside.lastPathComponent)"] {
            let refused = runner.run("print(\"before\")\nlet t = try readText(\"\(path)\")", line: 60)
            #expect(refused.error?.kind == .fileAccess, "\(path)")
            #expect(refused.error?.message.contains("inside the course folder") == true)
            #expect(refused.error?.location?.line == 61)
            #expect(refused.stdout == "before\n")
            #expect(refused.filesRead.isEmpty)
        }
        let refusedQuietly = runner.run("let t = try? readText(\"../\(outside.lastPathComponent)\")")
        #expect(refusedQuietly.error?.kind == .fileAccess)
        let missing = runner.run("let t = try readText(\"Assets/none.txt\")")
        #expect(missing.error?.kind == .fileAccess)
        #expect(missing.error?.message.contains("no such file") == true)
    }
}
