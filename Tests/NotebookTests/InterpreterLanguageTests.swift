import Foundation
@testable import Notebook
import Testing

/// The Swift subset cells use; expected outputs are what real Swift prints for the same code.
@Suite("Interpreter: the cell language")
struct InterpreterLanguageTests {
    @Test("let and var with annotations, assignment and compound assignment")
    func declarations() {
        #expect(printed("""
            let a = 1
            var b: Int = 2
            b += a
            b *= 10
            b -= 4
            b /= 2
            b %= 7
            var c: [Float] = []
            c += [1]
            var d: [String: Int] = [:]
            d["x"] = 1
            var e: Int? = nil
            e = 5
            var (f, g) = (1, "two")
            f += 1
            print(a, b, c, d, e as Any, f, g)
            """) == "1 6 [1.0] [\"x\": 1] Optional(5) 2 two\n")
    }

    @Test("literals: integers, floating point, strings, booleans, nil, arrays, dictionaries")
    func literals() {
        #expect(printed("print(42, 1_000, 0xFF, 0b101, 0o17, 2.5, 1e-5, true, false)") == "42 1000 255 5 15 2.5 1e-05 true false\n")
        #expect(printed("print([1, 2], [\"a\": 1], [Int](), [String: Int](), [1.5, 2])") == "[1, 2] [\"a\": 1] [] [:] [1.5, 2.0]\n")
        #expect(printed("let x: Int? = nil\nprint(x as Any)") == "nil\n")
        #expect(printed(#"print("tab\tquote\"back\\slash \u{1F600}")"#) == "tab\tquote\"back\\slash 😀\n")
        #expect(printed(##"print(#"raw \n string"#)"##) == "raw \\n string\n")
    }

    @Test("string interpolation, including multi-line strings")
    func interpolation() {
        #expect(printed(#"let n = 3; let name = "x"; print("n = \(n), name = \(name), sum = \(n + 1), opt = \(Int("4") as Any)")"#)
            == "n = 3, name = x, sum = 4, opt = Optional(4)\n")
        #expect(printed(#"""
            let multi = """
                Line one
                  indented \(1 + 1)
                end \
                joined
                """
            print(multi)
            """#) == "Line one\n  indented 2\nend joined\n")
    }

    @Test("tuples: labels, .0, destructuring, nested")
    func tuples() {
        #expect(printed("""
            let t = (name: "a", score: 0.5)
            print(t, t.name, t.1)
            let (x, y) = (1, (2, 3))
            print(x, y, y.1)
            var p = (1, 2)
            p.0 += 5
            print(p)
            var (u, v) = (1, 2)
            (u, v) = (v, u)
            print(u, v)
            """) == "(name: \"a\", score: 0.5) a 0.5\n1 (2, 3) 3\n(6, 2)\n2 1\n")
    }

    @Test("optionals: ?., !, ??, if let, guard let, if let shorthand, optional printing")
    func optionals() {
        #expect(printed("""
            let s: String? = nil
            let t: String? = "hey"
            print(s?.count as Any, t?.count as Any, s ?? "default", t!.uppercased())
            if let t { print("got", t) }
            if let u = s { print(u) } else { print("none") }
            func f(_ v: Int?) -> String {
                guard let v else { return "nil" }
                return "v=\\(v)"
            }
            print(f(nil), f(2))
            let arr: [Int]? = [1, 2]
            print(arr?.first as Any, arr?.count ?? 0)
            print(Optional(Optional(3)) as Any, [Optional(1), nil])
            """) == "nil Optional(3) default HEY\ngot hey\nnone\nnil v=2\nOptional(1) 2\nOptional(Optional(3)) [Optional(1), nil]\n")
    }

    @Test("calls: argument labels, default arguments, trailing closures, recursion")
    func functions() {
        #expect(printed("""
            func greet(_ name: String, greeting: String = "Hello") -> String { "\\(greeting), \\(name)!" }
            print(greet("A"), greet("B", greeting: "Hi"))
            func fact(_ n: Int) -> Int { n <= 1 ? 1 : n * fact(n - 1) }
            print(fact(10))
            func apply(_ x: Int, twice f: (Int) -> Int) -> Int { f(f(x)) }
            print(apply(3) { $0 * 2 }, apply(1, twice: { x in x + 1 }))
            func sum(_ values: Int...) -> Int { values.reduce(0, +) }
            print(sum(), sum(1, 2, 3))
            func nothing() { print("side effect") }
            nothing()
            """) == "Hello, A! Hi, B!\n3628800\n12 3\n0 6\nside effect\n")
    }

    @Test("closures: $0, named parameters, capture by reference, per-iteration captures")
    func closures() {
        #expect(printed("""
            var count = 0
            let inc = { count += 1 }
            inc(); inc()
            print(count)
            var closures: [() -> Int] = []
            for i in 0..<3 { closures.append { i * 10 } }
            print(closures.map { $0() })
            func makeCounter() -> () -> Int {
                var c = 0
                return { c += 1; return c }
            }
            let c1 = makeCounter()
            print(c1(), c1(), c1())
            let add = { (a: Int, b: Int) -> Int in a + b }
            let mul: (Int, Int) -> Int = { a, b in a * b }
            print(add(2, 3), mul(2, 3), [1, 2].map { x in x + 1 })
            print(zip([1, 2], [10, 20]).map { $0 + $1 }, ["a": 1].map { k, v in "\\(k)\\(v)" })
            """) == "2\n[0, 10, 20]\n1 2 3\n5 6 [2, 3]\n[11, 22] [\"a1\"]\n")
    }

    @Test("for-in over ranges, arrays, dictionaries, enumerated, zip, stride, with where and tuple patterns")
    func forLoops() {
        #expect(printed("""
            var s = 0
            for i in 0..<5 { s += i }
            for i in 1...3 where i != 2 { s += i * 100 }
            print(s)
            for (i, w) in ["x", "y"].enumerated() { print(i, w) }
            for (k, v) in ["b": 2, "a": 1] { print(k, v) }
            for (a, b) in zip([1, 2], ["p", "q"]) { print(a, b) }
            for i in stride(from: 10, to: 0, by: -4) { print(i) }
            for x in stride(from: 0.0, through: 1.0, by: 0.5) { print(x) }
            for c in "hi" { print(c) }
            for _ in 0..<2 { print("_") }
            """) == "410\n0 x\n1 y\na 1\nb 2\n1 p\n2 q\n10\n6\n2\n0.0\n0.5\n1.0\nh\ni\n_\n_\n")
    }

    @Test("while, repeat-while, break, continue and labels")
    func loops() {
        #expect(printed("""
            var i = 0
            while i < 3 { i += 1 }
            repeat { i -= 1 } while i > 1
            print(i)
            outer: for a in 1...3 {
                for b in 1...3 {
                    if b == 2 { continue outer }
                    if a == 3 { break outer }
                    print(a, b)
                }
            }
            var n = 0
            while true {
                n += 1
                if n % 2 == 0 { continue }
                if n > 5 { break }
            }
            print(n)
            """) == "1\n1 1\n2 1\n7\n")
    }

    @Test("if / else if / else, guard, ternary, logical operators")
    func conditionals() {
        #expect(printed("""
            func size(_ n: Int) -> String {
                if n < 0 { return "negative" } else if n == 0 { return "zero" } else { return n > 9 ? "big" : "small" }
            }
            print(size(-1), size(0), size(5), size(50))
            print(1 < 2 && 2 < 3 || false, !true, true != false)
            let x = if size(1) == "small" { 1 } else { 2 }
            print(x)
            """) == "negative zero small big\ntrue false true\n1\n")
    }

    @Test("switch: literals, ranges, several patterns, tuples, let-where, default, fallthrough")
    func switches() {
        #expect(printed("""
            func kind(_ v: Int) -> String {
                switch v {
                case 0: return "zero"
                case 1...3: return "low"
                case 4, 5: return "mid"
                case let x where x > 100: return "huge \\(x)"
                default: return "other"
                }
            }
            print(kind(0), kind(2), kind(5), kind(500), kind(50))
            switch (0, 5) {
            case (0, let y): print("y", y)
            case (_, 0): print("x axis")
            default: print("other")
            }
            switch "b" {
            case "a": print("a")
            case "b":
                print("b")
                fallthrough
            case "c": print("c")
            default: break
            }
            let o: Int? = 4
            switch o {
            case let v?: print("some", v)
            case nil: print("none")
            }
            """) == "zero low mid huge 500 other\ny 5\nb\nc\nsome 4\n")
    }

    @Test("operators: arithmetic, comparison, ranges, bitwise, precedence")
    func operators() {
        #expect(printed("print(7 % 3, -7 / 2, 7.5 / 2, 2 << 3, 1 + 2 * 3 - 4 / 2, (1 + 2) * 3, 6 & 3, 6 | 3, 6 ^ 3)")
            == "1 -3 3.75 16 5 9 2 7 5\n")
        #expect(printed(#"print("a" < "b", [1, 2] == [1, 2], (1, "a") == (1, "a"), (1, 2) < (1, 3), 3 ... 5 ~= 4)"#)
            == "true true true true true\n")
        #expect(printed("print(Array(1...3), Array(0..<3), (1...3).contains(2), (0..<3).contains(3), 5 & 1 == 1)")
            == "[1, 2, 3] [0, 1, 2] true false true\n")
    }

    @Test("subscripts and ranges: one-sided ranges, slices, nested mutation")
    func subscripts() {
        #expect(printed("""
            let a = [10, 20, 30, 40]
            print(a[1], a[1...2], a[..<2], a[2...], a[...1])
            var m = [[1, 2], [3, 4]]
            m[1][0] += 10
            m[0] = [0]
            print(m)
            var counts: [String: Int] = [:]
            for w in "a b a c b a".split(separator: " ") { counts[String(w), default: 0] += 1 }
            print(counts, counts["a"] as Any, counts["z"] as Any)
            counts["a"] = nil
            print(counts)
            var groups: [String: [Int]] = ["x": []]
            groups["x"]!.append(1)
            groups["x"]?.count
            print(groups)
            """) == "20 [20, 30] [10, 20] [30, 40] [10, 20]\n[[0], [13, 4]]\n[\"a\": 3, \"b\": 2, \"c\": 1] Optional(3) nil\n"
                + "[\"b\": 2, \"c\": 1]\n[\"x\": [1]]\n")
    }

    @Test("mutation through optional chains: d[k]?.append, x?[i] = v, t?.a = v")
    func optionalChainMutation() {
        #expect(printed("""
            var groups: [String: [Int]] = ["x": []]
            groups["x"]?.append(1)
            groups["y"]?.append(2)
            groups["x"]?[0] += 10
            var maybe: [Int]? = nil
            maybe?.append(3)
            print(groups, maybe as Any)
            maybe = [1]
            maybe?.append(3)
            maybe?[0] = 7
            print(maybe as Any, groups["x"]?.count as Any)
            var t: (a: Int, b: Int)? = (1, 2)
            t?.a = 5
            print(t as Any)
            """) == "[\"x\": [11]] nil\nOptional([7, 3]) Optional(1)\nOptional((a: 5, b: 2))\n")
    }

    @Test("try, try? and try! on throwing calls; do/catch sees the error")
    func tryForms() {
        let registry = BindingRegistry()
        registry.function("risky", [Parameter(nil, type: "Int")]) { arguments, _ in
            guard case .int(let n) = arguments[0], n >= 0 else { throw CellRuntimeError("negative input") }
            return .int(n * 2)
        }
        let runner = CellRunner(registry: registry)
        let run = runner.run("""
            let a = try risky(2)
            let b = try? risky(-1)
            let c = try? risky(3)
            print(a, b as Any, c as Any)
            do {
                _ = try risky(-5)
                print("not reached")
            } catch {
                print("caught:", error)
            }
            do { let v = try risky(1); print(v) } catch let e { print(e) }
            """)
        #expect(run.error == nil)
        #expect(run.stdout == "4 nil Optional(6)\ncaught: negative input\n2\n")
    }

    @Test("casts: as with literals, as?, is")
    func casts() {
        #expect(printed("let f = 1 as Float; let d = 2 as Double; print(f, d, 3 is Int, (3 as Any) as? String as Any)")
            == "1.0 2.0 true nil\n")
    }

    @Test("print with separator and terminator; debugPrint")
    func printing() {
        #expect(printed(#"print("a", 1, separator: "-", terminator: "!"); print(); print("x", "y", separator: "")"#)
            == "a-1!\nxy\n")
        #expect(printed(#"debugPrint("s", 1)"#) == "\"s\" 1\n")
    }

    @Test("nested values print as Swift prints them")
    func nestedPrinting() {
        #expect(printed(#"""
            print(0..<3, 1...5, [0..<2], Array(stride(from: 0, to: 5, by: 2)))
            let tuples = [(1, "a"), (2, "b")]
            print(tuples, tuples.map { $0.1 }, tuples.sorted { $0.0 > $1.0 }.first!.1)
            let nested: [[String: [Int]]] = [["a": [1]], [:]]
            print(nested)
            let optArr: [Int]? = nil
            print(optArr as Any, optArr ?? [], (optArr ?? []).isEmpty)
            let chars: [Character] = ["x", "y"]
            print(chars, String(chars))
            let o2: Int?? = 5
            print(o2 as Any)
            """#) == "0..<3 1...5 [Range(0..<2)] [0, 2, 4]\n[(1, \"a\"), (2, \"b\")] [\"a\", \"b\"] b\n[[\"a\": [1]], [:]]\n"
            + "nil [] true\n[\"x\", \"y\"] xy\nOptional(Optional(5))\n")
    }

    @Test("arguments are evaluated left to right; multi-statement closures return values")
    func evaluationOrder() {
        #expect(printed("""
            var counter = 0
            func bump() -> Int { counter += 1; return counter }
            let values = [bump(), bump(), bump()]
            print(values, counter)
            print(values.map { v -> String in
                if v % 2 == 0 { return "even" }
                return "odd"
            })
            """) == "[1, 2, 3] 3\n[\"odd\", \"even\", \"odd\"]\n")
    }

    @Test("imports of Vectorbook and Foundation are accepted")
    func imports() {
        #expect(printed("import Vectorbook\nimport Foundation\nprint(1)") == "1\n")
    }
}
