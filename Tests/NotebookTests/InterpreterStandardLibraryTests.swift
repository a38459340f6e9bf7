import Foundation
@testable import Notebook
import Testing

/// Standard-library bindings; expected outputs are what real Swift prints for the same code
/// (checked with swiftc), except that dictionaries print sorted by key.
@Suite("Interpreter: standard library")
struct InterpreterStandardLibraryTests {
    static let numbers = "let nums = [5, 3, 8, 1]\n"

    @Test("array properties and searching")
    func arrayBasics() {
        #expect(printed(Self.numbers + """
            print(nums.count, nums.isEmpty, nums.first as Any, nums.last as Any, nums.indices, nums.contains(3), nums.firstIndex(of: 8) as Any)
            """) == "4 false Optional(5) Optional(1) 0..<4 true Optional(2)\n")
    }

    @Test("sorting, min and max")
    func sorting() {
        #expect(printed(Self.numbers + """
            print(nums.sorted(), nums.sorted(by: >), nums.sorted { $0 > $1 }, nums.min()!, nums.max() ?? 0)
            """) == "[1, 3, 5, 8] [8, 5, 3, 1] [8, 5, 3, 1] 1 8\n")
    }

    @Test("map, filter, compactMap, flatMap, reduce, contains, allSatisfy")
    func higherOrder() {
        #expect(printed(Self.numbers + """
            print(nums.filter { $0 > 2 }.map { $0 * $0 }, nums.compactMap { $0 > 3 ? $0 : nil }, [[1], [2, 3]].flatMap { $0 })
            print(nums.reduce(0) { $0 + $1 }, nums.reduce(0, +), nums.contains { $0 > 7 }, nums.allSatisfy { $0 > 0 })
            """) == "[25, 9, 64] [5, 8] [1, 2, 3]\n17 17 true true\n")
    }

    @Test("prefix, suffix, dropFirst, dropLast, reversed, enumerated")
    func slicing() {
        #expect(printed(Self.numbers + #"""
            print(nums.prefix(2), nums.suffix(2), nums.dropFirst(), nums.dropLast(2), Array(nums.reversed()))
            print(nums.enumerated().map { "\($0.offset):\($0.element)" }, Array(nums.enumerated()))
            """#) == "[5, 3] [8, 1] [3, 8, 1] [5, 3] [1, 8, 3, 5]\n"
            + "[\"0:5\", \"1:3\", \"2:8\", \"3:1\"] [(offset: 0, element: 5), (offset: 1, element: 3), "
            + "(offset: 2, element: 8), (offset: 3, element: 1)]\n")
    }

    @Test("joined and array initializers")
    func joinedAndInitializers() {
        #expect(printed("""
            print(["a", "b"].joined(separator: "-"), ["a", "b"].joined(), [[1, 2], [3]].joined().map { $0 })
            print(Array(repeating: 0, count: 3), [Float](repeating: 1, count: 2), Array("abc"), Array(1...3))
            """) == "a-b ab [1, 2, 3]\n[0, 0, 0] [1.0, 1.0] [\"a\", \"b\", \"c\"] [1, 2, 3]\n")
    }

    @Test("mutating array methods change the variable in place")
    func mutatingArrays() {
        #expect(printed("""
            var arr = [3, 1, 2]
            arr.append(4); arr.append(contentsOf: [5, 6]); arr.insert(0, at: 0)
            print(arr, arr.remove(at: 1), arr.removeLast(), arr.removeFirst(), arr)
            arr.sort(); print(arr); arr.sort(by: >); print(arr); arr.reverse(); print(arr)
            arr.removeAll { $0 % 2 == 0 }; print(arr, arr.popLast() as Any, arr)
            arr.append(9); arr.swapAt(0, 1); print(arr); arr.removeAll(); print(arr, arr.isEmpty)
            """) == "[0, 3, 1, 2, 4, 5, 6] 3 6 0 [1, 2, 4, 5]\n[1, 2, 4, 5]\n[5, 4, 2, 1]\n[1, 2, 4, 5]\n"
            + "[1, 5] Optional(5) [1]\n[9, 1]\n[] true\n")
    }

    @Test("dictionaries: subscripts, keys, values, mapValues, filter, sorted, mutation, initializers")
    func dictionaries() {
        #expect(printed("""
            let dict = ["b": 2, "a": 1, "c": 3]
            print(dict.count, dict["a"] as Any, dict.keys.sorted(), dict.values.sorted(), dict.mapValues { $0 * 10 }.sorted { $0.key < $1.key })
            print(dict.filter { $0.value > 1 }.count, dict.sorted { $0.value > $1.value }.map { $0.key }, dict.contains { $0.value == 3 })
            var d2: [String: Int] = [:]
            d2["x"] = 1; d2.updateValue(2, forKey: "y"); d2.removeValue(forKey: "x")
            print(d2, d2.isEmpty)
            print(Dictionary(uniqueKeysWithValues: [("k", 1)]), Dictionary(grouping: [1, 2, 3, 4], by: { $0 % 2 }).count)
            """) == "3 Optional(1) [\"a\", \"b\", \"c\"] [1, 2, 3] [(key: \"a\", value: 10), (key: \"b\", value: 20), (key: \"c\", value: 30)]\n"
            + "2 [\"c\", \"b\", \"a\"] true\n[\"y\": 2] false\n[\"k\": 1] 2\n")
    }

    @Test("dictionaries print, iterate and list keys sorted by key (stable output)")
    func dictionaryOrder() {
        #expect(printed("""
            let d = ["zeta": 1, "alpha": 2, "mid": 3]
            print(d, d.keys, d.values)
            for (k, v) in d { print(k, v) }
            print([3: "c", 1: "a"])
            """) == "[\"alpha\": 2, \"mid\": 3, \"zeta\": 1] [\"alpha\", \"mid\", \"zeta\"] [2, 3, 1]\nalpha 2\nmid 3\nzeta 1\n[1: \"a\", 3: \"c\"]\n")
    }

    @Test("strings: count, case, prefixes, split, trimming, replacing, characters")
    func strings() {
        #expect(printed("""
            let s = "Hello, World"
            print(s.count, s.isEmpty, s.uppercased(), s.lowercased(), s.hasPrefix("He"), s.hasSuffix("x"), s.contains("lo, W"))
            print(s.split(separator: ","), s.split(separator: " ").map { String($0) }, s.prefix(5), s.suffix(5), s.dropFirst(7), s.dropLast(7))
            print(s.replacingOccurrences(of: "l", with: "L"), s.first as Any, s.last as Any, String(s.reversed()), s.filter { $0 != "l" })
            print(s.components(separatedBy: ", "), "  pad ".trimmingCharacters(in: .whitespaces), "a" + "b", String(repeating: "ab", count: 3))
            var t = "x"; t += "y"; t.append("z"); print(t, t.count)
            print(Array("hey").map { String($0) }, "a,b,,c".split(separator: ",", omittingEmptySubsequences: false))
            """) == "12 false HELLO, WORLD hello, world true false true\n"
            + "[\"Hello\", \" World\"] [\"Hello,\", \"World\"] Hello World World Hello\n"
            + "HeLLo, WorLd Optional(\"H\") Optional(\"d\") dlroW ,olleH Heo, Word\n"
            + "[\"Hello\", \"World\"] pad ab ababab\nxyz 3\n[\"h\", \"e\", \"y\"] [\"a\", \"b\", \"\", \"c\"]\n")
    }

    @Test("the bytes and scalars of a string")
    func utf8() {
        #expect(printed("let word = \"cat\"\nprint(Array(word.utf8), Array(\"é\".utf8), Array(\"ab\".unicodeScalars))")
            == "[99, 97, 116] [195, 169] [\"a\", \"b\"]\n")
    }

    @Test("ranges, zip and stride as sequences")
    func sequences() {
        #expect(printed(#"""
            print((0..<5).map { $0 * 2 }, (1...4).reduce(0, +), (0..<10).filter { $0 % 3 == 0 }, (0..<3).count, (1...3).reversed().map { $0 })
            print(zip([1, 2, 3], ["a", "b"]).map { "\($0)\($1)" }, Array(zip([1], [2])).count)
            print(stride(from: 0, to: 10, by: 3).map { $0 }, Array(stride(from: 1.0, through: 2.0, by: 0.5)))
            """#) == "[0, 2, 4, 6, 8] 10 [0, 3, 6, 9] 3 [3, 2, 1]\n[\"1a\", \"2b\"] 1\n[0, 3, 6, 9] [1.0, 1.5, 2.0]\n")
    }

    @Test("conversions with radix; first/last(where:); elementsEqual; count(where:); Character properties")
    func miscellaneous() {
        #expect(printed(Self.numbers + """
            print(String(42), String(describing: [1]), String(255, radix: 16), Int("ff", radix: 16) as Any)
            print(nums.min(by: { $0 > $1 }) as Any, nums.first(where: { $0 > 4 }) as Any, nums.last(where: { $0 < 4 }) as Any, nums.firstIndex(where: { $0 == 1 }) as Any)
            print([1, 2, 3].elementsEqual([1, 2, 3]), [1, 2, 3].starts(with: [1, 2]), nums.count(where: { $0 > 2 }))
            let c: Character = "a"
            print(c.isLetter, c.isNumber, Character("b"), "5".first!.wholeNumberValue as Any)
            """) == "42 [1] ff Optional(255)\nOptional(8) Optional(5) Optional(1) Optional(3)\ntrue true 3\ntrue false b Optional(5)\n")
    }
}
