import Foundation
@testable import Notebook
import Testing

/// Whole programs of the kind chapters contain; the expected output is what real Swift printed
/// for the same code (recorded with swiftc).
@Suite("Interpreter: chapter-like programs")
struct InterpreterProgramTests {
    @Test("similarity tables, word counts, statistics, softmax, matrices")
    func numericProgram() {
        let code = #"""
            func dot(_ a: [Float], _ b: [Float]) -> Float {
                var s: Float = 0
                for i in 0..<a.count { s += a[i] * b[i] }
                return s
            }
            func norm(_ a: [Float]) -> Float { dot(a, a).squareRoot() }
            func cosine(_ a: [Float], _ b: [Float]) -> Float { dot(a, b) / (norm(a) * norm(b)) }
            let vectors: [String: [Float]] = ["cat": [0.9, 0.1, 0.3], "dog": [0.8, 0.2, 0.35], "car": [0.1, 0.9, 0.5]]
            let names = vectors.keys.sorted()
            for a in names {
                var row = a.padding(toLength: 5, withPad: " ", startingAt: 0)
                for b in names {
                    row += String(format: "%6.3f", cosine(vectors[a]!, vectors[b]!))
                }
                print(row)
            }
            let ranked = names.map { ($0, cosine(vectors["cat"]!, vectors[$0]!)) }.sorted { $0.1 > $1.1 }
            for (name, score) in ranked { print(name, score) }
            let best = ranked.first!
            print("best: \(best.0) (\(best.1))")
            var histogram = [Int](repeating: 0, count: 5)
            for x in [0.1, 0.5, 0.55, 0.9, 0.95, 0.99] { histogram[min(Int(x * 5), 4)] += 1 }
            print(histogram)
            let tokens = "the quick brown fox jumps over the lazy dog the end".split(separator: " ").map(String.init)
            var freq: [String: Int] = [:]
            for t in tokens { freq[t, default: 0] += 1 }
            let top = freq.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
            for (word, count) in top { print("\(word): \(count)") }
            let lengths = tokens.map { $0.count }
            let mean = Double(lengths.reduce(0, +)) / Double(lengths.count)
            let variance = lengths.map { pow(Double($0) - mean, 2) }.reduce(0, +) / Double(lengths.count)
            print(mean, variance, String(format: "%.4f", variance.squareRoot()))
            func softmax(_ xs: [Float]) -> [Float] {
                let m = xs.max() ?? 0
                let e = xs.map { exp($0 - m) }
                let s = e.reduce(0, +)
                return e.map { $0 / s }
            }
            print(softmax([1, 2, 3]))
            var matrix = [[Float]](repeating: [Float](repeating: 0, count: 3), count: 2)
            for i in 0..<2 { for j in 0..<3 { matrix[i][j] = Float(i * 3 + j) / 10 } }
            print(matrix)
            let flat = matrix.flatMap { $0 }
            print(flat.count, flat.max()!, flat.firstIndex(of: 0.5) as Any)
            let pairs = zip(names, [1, 2, 3]).map { (name: $0, id: $1) }
            print(pairs.map { $0.name }, pairs[1])
            let labels = ["a", "b"]
            for (i, label) in labels.enumerated() where i > 0 { print(i, label) }
            let optionalScores: [Float?] = [0.5, nil, 0.25]
            print(optionalScores.compactMap { $0 }, optionalScores.map { $0 ?? -1 })
            let text = "Multimodal AI"
            print(text.lowercased().components(separatedBy: " ").map { $0.count }, text.count, Array(text.prefix(5)))
            """#
        let expected = #"""
            car   1.000 0.334 0.469
            cat   0.334 1.000 0.989
            dog   0.469 0.989 1.000
            cat 1.0
            dog 0.9888114
            car 0.33442703
            best: cat (1.0)
            [1, 0, 2, 0, 3]
            the: 3
            brown: 1
            dog: 1
            3.727272727272727 0.7438016528925622 0.8624
            [0.09003057, 0.24472848, 0.66524094]
            [[0.0, 0.1, 0.2], [0.3, 0.4, 0.5]]
            6 0.5 Optional(5)
            ["car", "cat", "dog"] (name: "cat", id: 2)
            1 b
            [0.5, 0.25] [0.5, -1.0, 0.25]
            [10, 2] 13 ["M", "u", "l", "t", "i"]
            """#
        let run = CellRunner().run(code)
        #expect(run.error == nil, "\(String(describing: run.error))")
        #expect(run.stdout == expected + "\n")
    }

    @Test("guard at top level, local functions, while let, deferred let, Optional.map, if case, labelled tuples")
    func controlFlowProgram() {
        let code = #"""
            guard let five = Int("5") else { fatalError("no") }
            print(five)
            func outer(_ n: Int) -> Int {
                var total = 0
                func add(_ k: Int) { total += k }
                func countdown(_ k: Int) -> Int { k == 0 ? 0 : k + countdown(k - 1) }
                for i in 0..<n { add(i) }
                return total + countdown(3)
            }
            print(outer(4))
            var stack = [1, 2, 3]
            while let top = stack.popLast() { print("pop", top) }
            let x: Int
            if five > 3 { x = 1 } else { x = 2 }
            print(x)
            let opt: Int? = 3
            print(opt == 3, opt != nil, opt.map { $0 * 2 } as Any)
            if case .some(let v) = opt { print("case some", v) }
            if case 1...5 = five { print("in range") }
            let pairs = [(1, 2), (3, 1)]
            for (a, b) in pairs {
                switch (a, b) {
                case let (p, q) where p > q: print("desc", p, q)
                case (let p, _): print("asc from", p)
                }
            }
            let tup: (name: String, score: Float) = ("a", 1)
            print(tup.score / 3)
            var counter = [String: [String]]()
            counter["k", default: []].append("v")
            print(counter)
            let nestedOpt: [String: Int]? = ["a": 1]
            print(nestedOpt?["a"] as Any, nestedOpt?["b"] as Any)
            let s: String? = "abc"
            print(s?.uppercased() as Any, s?.count ?? 0, s?.first as Any)
            func minMax(_ a: [Int]) -> (min: Int, max: Int)? {
                guard let first = a.first else { return nil }
                var lo = first, hi = first
                for v in a.dropFirst() { lo = min(lo, v); hi = max(hi, v) }
                return (lo, hi)
            }
            if let r = minMax([3, 9, 1]) { print(r.min, r.max, r) }
            print(minMax([]) as Any)
            let words = ["apple", "Banana", "cherry"]
            print(words.sorted { $0.lowercased() < $1.lowercased() }, words.map { $0.count }.max()!, words.filter { $0.hasPrefix("B") })
            let grid = (0..<3).map { r in (0..<3).map { c in r * 3 + c } }
            print(grid, grid[1][2], grid.map { $0.reduce(0, +) })
            var fibs = [0, 1]
            while fibs.count < 10 { fibs.append(fibs[fibs.count - 1] + fibs[fibs.count - 2]) }
            print(fibs)
            let doubled = fibs.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element * 2 }
            print(doubled)
            let e = 2.718281828
            print("e ≈ \(String(format: "%.3f", e)), rounded \(e.rounded()), floor \(floor(e)), ceil \(ceil(e))")
            print(Double(Int.max), Float(1e10), 1/3.0 == 0.3333333333333333)
            print([1, 2, 3].map(String.init), ["1", "x"].compactMap(Int.init))
            let ch: Character = "z"
            print(ch, [ch], String(ch) + "!")
            """#
        let expected = #"""
            5
            12
            pop 3
            pop 2
            pop 1
            1
            true true Optional(6)
            case some 3
            in range
            asc from 1
            desc 3 1
            0.33333334
            ["k": ["v"]]
            Optional(1) nil
            Optional("ABC") 3 Optional("a")
            1 9 (min: 1, max: 9)
            nil
            ["apple", "Banana", "cherry"] 6 ["Banana"]
            [[0, 1, 2], [3, 4, 5], [6, 7, 8]] 5 [3, 12, 21]
            [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
            [0, 2, 6, 16, 42]
            e ≈ 2.718, rounded 3.0, floor 2.0, ceil 3.0
            9.223372036854776e+18 1e+10 true
            ["1", "2", "3"] [1]
            z ["z"] z!
            """#
        let run = CellRunner().run(code)
        #expect(run.error == nil, "\(String(describing: run.error))")
        #expect(run.stdout == expected + "\n")
    }
}
