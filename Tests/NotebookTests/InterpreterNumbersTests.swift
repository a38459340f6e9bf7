import Foundation
@testable import Notebook
import Testing

/// Int, Double and Float stay distinct; literals take their type from the context as in Swift.
@Suite("Interpreter: numbers and literal typing")
struct InterpreterNumbersTests {
    @Test("a literal expression takes the annotated type: Float 1/3, Int 1/3, Double 1/2")
    func literalTyping() {
        #expect(printed("let i = 1 / 3; let f: Float = 1 / 3; let d: Double = 1 / 2; print(i, f, d)") == "0 0.33333334 0.5\n")
        #expect(printed("let x: Double = 5; var y: Float = 1; y += 0.1; print(x, y)") == "5.0 1.1\n")
        #expect(printed("let a = 2 * 3.5; let b = 1.0 / 3; let c = -1; print(a, b, c)") == "7.0 0.3333333333333333 -1\n")
    }

    @Test("a literal next to a typed value adopts its type (Float beats Double beats Int)")
    func literalAdoption() {
        #expect(printed("let f: Float = 2; print(f * 2, 2 * f, f / 4, f > 1, f == 2, f + 0.1)") == "4.0 4.0 0.5 true true 2.1\n")
        #expect(printed("let d = 2.0; print(d * 3, d / 4 + 1)") == "6.0 1.5\n")
        #expect(printed("let fs: [Float] = [1, 2.5, 3]; print(fs, fs.map { $0 / 3 })")
            == "[1.0, 2.5, 3.0] [0.33333334, 0.8333333, 1.0]\n")
        #expect(printed("func half(_ x: Double) -> Double { x / 2 }; print(half(3))") == "1.5\n")
        #expect(printed("func one() -> Float { 1 }; print(one())") == "1.0\n")
        #expect(printed("let xs: [Double] = [1, 2]; print(xs.reduce(0, +), xs.contains(2))") == "3.0 true\n")
        #expect(printed("var fs: [Float] = []; fs.append(1); print(fs)") == "[1.0]\n")
    }

    @Test("Float and Double print in their shortest form, as Swift does")
    func floatingPrinting() {
        #expect(printed("print(Float(0.68071234), 0.68071234, Float(0.1) + Float(0.2), 0.1 + 0.2)")
            == "0.68071234 0.68071234 0.3 0.30000000000000004\n")
        #expect(printed("print(1e-5, 1e20, 1e16, 123456789.0, Double.infinity, -Double.infinity, Double.nan)")
            == "1e-05 1e+20 1e+16 123456789.0 inf -inf nan\n")
        #expect(printed("print(Float(16777217), Double(Float(0.1)), String(3.0), \"\\(Float(1) / 3)\")")
            == "16777216.0 0.10000000149011612 3.0 0.33333334\n")
    }

    @Test("conversions between number types and from strings")
    func conversions() {
        #expect(printed("print(Int(2.9), Int(-2.9), Double(2), Float(2.5), Int(\"42\") as Any, Int(\"x\") as Any, Double(\"3.5\") as Any)")
            == "2 -2 2.0 2.5 Optional(42) nil Optional(3.5)\n")
        #expect(printed("let ints = [3, 1, 2]; print(Double(ints.reduce(0, +)) / Double(ints.count))") == "2.0\n")
    }

    @Test("math functions keep the argument's type")
    func math() {
        #expect(printed("print(abs(-3), abs(-2.5), min(3, 1, 2), max(1.5, 2), sqrt(16.0), pow(2.0, 10.0))")
            == "3 2.5 1 2.0 4.0 1024.0\n")
        #expect(printed("let f: Float = 2; print(sqrt(f), pow(f, 3), exp(0.0), log(1.0), round(2.5), max(f, 3))")
            == "1.4142135 8.0 1.0 0.0 3.0 3.0\n")
        #expect(printed("print((7.0).rounded(), (2.5).rounded(), (-2.5).rounded(), Float(2.5).rounded(.down), 10.0.squareRoot())")
            == "7.0 3.0 -3.0 2.0 3.1622776601683795\n")
        #expect(printed("print(Int.max, Int.min, Double.pi, Float.pi, 17 % 5, -17 % 5, 10.isMultiple(of: 5))")
            == "9223372036854775807 -9223372036854775808 3.141592653589793 3.1415925 2 -2 true\n")
    }

    @Test("String(format:) with %d %f %.Nf %s %@ and widths")
    func stringFormat() {
        #expect(printed(#"print(String(format: "%.2f %d %@ %5.1f|%-4d|%06.2f|%%", 3.14159, 42, "x", 2.25, 7, 1.5))"#)
            == "3.14 42 x   2.2|7   |001.50|%\n")
        #expect(printed(#"print(String(format: "%s=%.3f", "f", Float(2) / 3))"#) == "f=0.667\n")
    }
}
