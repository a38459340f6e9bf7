import Foundation
@testable import Notebook
import Testing

/// Cells share state like notebook cells, and a cell's last expression is displayed.
@Suite("Interpreter: state across cells and displays")
struct InterpreterStateTests {
    @Test("a let of cell 1 is used in cell 3; a func of cell 2 is used in cell 3")
    func sharedState() {
        let runner = CellRunner()
        #expect(runner.run("let greeting = \"hi\"\nvar counter = 1").error == nil)
        #expect(runner.run("func shout(_ s: String) -> String { s.uppercased() + \"!\" }\ncounter += 1").error == nil)
        let third = runner.run("print(shout(greeting), counter)")
        #expect(third.error == nil)
        #expect(third.stdout == "HI! 2\n")
    }

    @Test("functions see globals as they are when called; closures capture globals by reference")
    func globalsByReference() {
        let runner = CellRunner()
        runner.run("var scale = 2\nfunc scaled(_ x: Int) -> Int { x * scale }\nlet f = { scale * 10 }")
        runner.run("scale = 5")
        #expect(runner.run("print(scaled(3), f())").stdout == "15 50\n")
    }

    @Test("a top-level function can be called before its declaration in the same cell, and recursively")
    func hoisting() {
        #expect(printed("print(twice(4))\nfunc twice(_ x: Int) -> Int { x * 2 }") == "8\n")
        #expect(printed("func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }\nprint(fib(15))") == "610\n")
    }

    @Test("re-running a cell re-declares its names; a cell that fails to compile declares nothing")
    func rerun() {
        let runner = CellRunner()
        runner.run("let x = 1")
        #expect(runner.run("let x = 2\nprint(x)").stdout == "2\n")
        #expect(runner.run("let y = 3\nstruct S {}").error?.kind == .unsupported)
        #expect(runner.run("print(y)").error?.message == "cannot find 'y' in scope")
    }

    @Test("globals assigned before a runtime error keep their values")
    func partialCell() {
        let runner = CellRunner()
        let failing = runner.run("var done = 1\nlet a: [Int] = []\nlet b = a[0]\ndone = 2")
        #expect(failing.error?.kind == .runtime)
        #expect(runner.run("print(done)").stdout == "1\n")
        #expect(runner.run("print(b)").error?.message == "cannot find 'b' in scope")
    }

    @Test("annotations of earlier cells keep typing literals")
    func hintsAcrossCells() {
        let runner = CellRunner()
        runner.run("var total: Float = 0\nvar maybe: Int? = nil\nvar values: [Double] = []")
        let run = runner.run("total += 1\ntotal = 2\nmaybe = 3\nvalues.append(1)\nprint(total, maybe as Any, values)")
        #expect(run.stdout == "2.0 Optional(3) [1.0]\n")
    }

    @Test("the last expression is displayed: scalars as text with their type")
    func displayScalars() {
        let runner = CellRunner()
        #expect(runner.run("1 + 2").displays == [.text("3", type: "Int")])
        #expect(runner.run("let f: Float = 1 / 3\nf").displays == [.text("0.33333334", type: "Float")])
        #expect(runner.run("\"hi\"").displays == [.text("hi", type: "String")])
        #expect(runner.run("Int(\"4\")").displays == [.text("Optional(4)", type: "Int?")])
        #expect(runner.run("3 > 2").displays == [.text("true", type: "Bool")])
        #expect(runner.run("0..<3").displays == [.text("0..<3", type: "Range<Int>")])
    }

    @Test("collections display item by item, at most 100 items; short lists of scalars on one line")
    func displayCollections() {
        let runner = CellRunner()
        #expect(runner.run("[1, 2]").displays == [.text("[1, 2]", type: "[Int]")])
        #expect(runner.run("[[1], [2]]").displays == [.collection(CollectionDisplay(
            kind: .array, keys: nil, items: [.text("[1]", type: "[Int]"), .text("[2]", type: "[Int]")], omitted: 0,
            type: "[[Int]]"))])
        guard case .collection(let seventeen)? = runner.run("Array(0..<17)").displays.first else {
            Issue.record("17 numbers should display item by item")
            return
        }
        #expect(seventeen.items.count == 17)
        #expect(runner.run("[\"b\": 2.5, \"a\": 1]").displays == [.collection(CollectionDisplay(
            kind: .dictionary, keys: ["a", "b"], items: [.text("1.0", type: "Double"), .text("2.5", type: "Double")], omitted: 0,
            type: "[String: Double]"))])
        #expect(runner.run("(x: 1, \"s\")").displays == [.collection(CollectionDisplay(
            kind: .tuple, keys: ["x", "1"], items: [.text("1", type: "Int"), .text("s", type: "String")], omitted: 0,
            type: "(x: Int, String)"))])
        guard case .collection(let big)? = runner.run("Array(0..<250)").displays.first else {
            Issue.record("expected a collection")
            return
        }
        #expect(big.items.count == 100)
        #expect(big.omitted == 150)
        #expect(runner.run("let e: [Float] = []\ne").displays == [.text("[]", type: "[Float]")])
    }

    @Test("declarations, assignments, Void calls and statements display nothing; print comes first")
    func noDisplay() {
        let runner = CellRunner()
        #expect(runner.run("let a = 1").displays.isEmpty)
        #expect(runner.run("var b = 1\nb = 2").displays.isEmpty)
        #expect(runner.run("var c = [1]\nc.append(2)").displays.isEmpty)
        #expect(runner.run("print(\"x\")").displays.isEmpty)
        #expect(runner.run("if true { 5 }").displays.isEmpty)
        #expect(runner.run("func f() {}\nf()").displays.isEmpty)
        let both = runner.run("print(\"one\")\nprint(\"two\")\n42")
        #expect(both.outputs == [.stdout("one\ntwo\n"), .display(.text("42", type: "Int"))])
    }
}
