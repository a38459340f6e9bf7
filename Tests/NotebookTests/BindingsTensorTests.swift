import Foundation
import Notebook
import Testing
import Vectorbook

@Suite("Bindings: Tensor")
struct BindingsTensorTests {
    let invoke = BindingsInvoker()

    func tensor(_ shape: [Int], _ scalars: [Float]) throws -> Value {
        try invoke.initializer("Tensor", arg("shape", .array(shape.map(Value.int))), arg("scalars", .testFloats(scalars)))
    }

    func range(_ shape: [Int]) throws -> Value {
        try tensor(shape, (0 ..< shape.reduce(1, *)).map(Float.init))
    }

    @Test("initializers: vector, rows, shape + scalars, shape + repeating")
    func initializers() throws {
        let vector = try invoke.initializer("Tensor", arg(.testFloats([1, 2, 3]))).testPayload(Tensor.self)
        #expect(vector.shape == [3])
        let rows = try invoke.initializer("Tensor", arg(.array([.testFloats([1, 2]), .array([.int(3), .double(4)])]))).testPayload(Tensor.self)
        #expect(rows.shape == [2, 2] && rows.scalars == [1, 2, 3, 4])
        let filled = try invoke.initializer("Tensor", arg("shape", .array([.int(2), .int(3)])), arg("repeating", .int(7))).testPayload(Tensor.self)
        #expect(filled.shape == [2, 3] && filled.scalars.allSatisfy { $0 == 7 })
        let zeros = try invoke.initializer("Tensor", arg("shape", .array([.int(2)]))).testPayload(Tensor.self)
        #expect(zeros.scalars == [0, 0])
        #expect(bindingError { try self.invoke.initializer("Tensor", arg(.array([.testFloats([1, 2]), .testFloats([3])]))) } == "Tensor(_:): row 1 has 1 values but row 0 has 2")
        #expect(bindingError { try self.tensor([2, 2], [1, 2, 3]) }?.contains("needs 4 values but 3 were given") == true)
        #expect(bindingError { try self.invoke.initializer("Tensor", arg("shape", .array([.int(Int.max), .int(4)]))) }?.contains("more than") == true)
    }

    @Test("shape, scalars, count, rank, dtype and scalar are cell values")
    func properties() throws {
        let t = try range([2, 3])
        #expect(try invoke.property(t, "shape").testInts == [2, 3])
        #expect(try invoke.property(t, "scalars").testArray?.compactMap(\.testFloat) == [0, 1, 2, 3, 4, 5])
        #expect(try invoke.property(t, "count").testInt == 6)
        #expect(try invoke.property(t, "rank").testInt == 2)
        #expect(try invoke.property(t, "dtype").testString == "float32")
        guard case .optional(nil) = try invoke.property(t, "scalar") else { Issue.record("scalar of 6 values"); return }
    }

    @Test("subscripts with Int, every range form and .all, as the library resolves them")
    func subscripts() throws {
        let t = try range([2, 3, 4])
        let all = try invoke.staticProperty("TensorIndex", "all")
        func slice(_ indices: Value...) throws -> Tensor {
            try invoke.registry.subscripts["Tensor"]![0].body(t, [.array(indices)], invoke.context).testPayload(Tensor.self)
        }
        let library = try t.testPayload(Tensor.self)
        #expect(try slice(.int(0), .range(lower: nil, upper: .int(2), closed: false)) == library[0, ..<2])
        #expect(try slice(all, .int(0), all) == library[.all, 0, .all])
        #expect(try slice(.int(-1)) == library[-1])
        #expect(try slice(all, .range(lower: .int(1), upper: .int(2), closed: true)) == library[.all, 1...2])
        #expect(try slice(all, all, .range(lower: .int(2), upper: nil, closed: false)) == library[.all, .all, 2...])
        #expect(try slice(all, .range(lower: nil, upper: .int(0), closed: true)) == library[.all, ...0])
        #expect(try slice(.range(lower: .int(0), upper: .int(10), closed: false)) == library[0 ..< 10])
        #expect(try slice(.range(lower: .int(0), upper: .int(Int.max), closed: true)).shape == [2, 3, 4])
        let direct = try invoke.subscriptGet(t, .int(1), all, .int(3)).testPayload(Tensor.self)
        #expect(direct.shape == [3] && direct.scalars == [15, 19, 23])
    }

    @Test("bad subscripts throw cell errors instead of trapping")
    func badSubscripts() throws {
        let t = try range([1, 384])
        #expect(bindingError { try self.invoke.subscriptGet(t, .int(1)) }
            == "Tensor subscript on shape [1, 384]: index 1 is out of range for dimension 0 of size 1")
        #expect(bindingError { try self.invoke.subscriptGet(t, .int(0), .int(0), .int(0)) }
            == "Tensor subscript on shape [1, 384]: 3 indices given for a tensor of rank 2")
        #expect(bindingError { try self.invoke.subscriptGet(t, .int(0), .range(lower: .int(5), upper: .int(2), closed: false)) }?
            .contains("Range requires lowerBound <= upperBound") == true)
        #expect(bindingError { try self.invoke.subscriptGet(t, .string("a")) } == "Tensor subscript index 0: expected Int, a range or .all, got String")
        #expect(bindingError { try self.invoke.subscriptGet(t, .int(0), .int(-385)) }?.contains("out of range") == true)
    }

    @Test("mean(dim:) is mask-aware on model outputs and checks the dimension")
    func reductions() throws {
        let t = try range([2, 3])
        #expect(try invoke.method(t, "mean", arg("dim", .int(1))).testPayload(Tensor.self).scalars == [1, 4])
        #expect(try invoke.method(t, "mean", arg("dim", .int(-2))).testPayload(Tensor.self).scalars == [1.5, 2.5, 3.5])
        #expect(try invoke.method(t, "mean").testFloat == 2.5)
        #expect(try invoke.method(t, "sum").testFloat == 15)
        #expect(try invoke.method(t, "max", arg("dim", .int(0))).testPayload(Tensor.self).scalars == [3, 4, 5])
        #expect(bindingError { try self.invoke.method(t, "mean", arg("dim", .int(2))) }
            == "mean(dim: 2): dimension 2 does not exist in a tensor of rank 2 (shape [2, 3])")
        let norm = try invoke.method(try tensor([2], [3, 4]), "norm").testFloat
        #expect(norm == 5)
        let unit = try invoke.method(try tensor([2], [3, 4]), "normalized").testPayload(Tensor.self)
        #expect(abs(unit.scalars[0] - 0.6) < 1e-6)
    }

    @Test("pooled(_:) takes .mean/.cls/.max and refuses tensors without tokens")
    func pooling() throws {
        let t = try range([1, 2, 2])
        let cls = try invoke.staticProperty("Pooling", "cls")
        #expect(try invoke.method(t, "pooled", arg(cls)).testPayload(Tensor.self).scalars == [0, 1])
        let mean = try invoke.staticProperty("Pooling", "mean")
        #expect(try invoke.method(t, "pooled", arg(mean)).testPayload(Tensor.self).scalars == [1, 2])
        #expect(bindingError { try self.invoke.method(try self.range([3]), "pooled", arg(mean)) }?.contains("expected a [batch, tokens, features] tensor") == true)
        #expect(bindingError { try self.invoke.method(try self.range([1, 0, 2]), "pooled", arg(cls)) }?.contains("has no tokens") == true)
        guard case .optional(.some(let max)) = try invoke.initializer("Pooling", arg("rawValue", .string("max"))) else {
            Issue.record("Pooling(rawValue: \"max\") is nil")
            return
        }
        #expect(try max.testPayload(Pooling.self) == .max)
        guard case .optional(nil) = try invoke.initializer("Pooling", arg("rawValue", .string("median"))) else {
            Issue.record("Pooling(rawValue: \"median\") is not nil")
            return
        }
    }

    @Test("arithmetic broadcasts as the library does and refuses incompatible shapes")
    func arithmetic() throws {
        let a = try range([2, 3])
        let row = try tensor([3], [1, 1, 1])
        #expect(try invoke.binary("+", a, row)?.testPayload(Tensor.self).scalars == [1, 2, 3, 4, 5, 6])
        #expect(try invoke.binary("*", a, .int(2))?.testPayload(Tensor.self).scalars == [0, 2, 4, 6, 8, 10])
        #expect(try invoke.binary("*", .double(0.5), a)?.testPayload(Tensor.self).scalars == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(try invoke.binary("-", a, .float(1))?.testPayload(Tensor.self).scalars.first == -1)
        #expect(try invoke.binary("+", .int(1), a) == nil, "Float + Tensor does not exist in the library")
        #expect(try invoke.binary("==", a, a)?.testBool == true)
        #expect(bindingError { try self.invoke.binary("+", a, try self.tensor([2], [1, 1])) }?
            .hasPrefix("Tensor +: shapes [2, 3] and [2] are not compatible") == true)
        let negated = try invoke.registry.prefixOperators["-"]!.compactMap { try $0(a, invoke.context) }.first
        #expect(try negated?.testPayload(Tensor.self).scalars.last == -5)
    }

    @Test("cosineSimilarity, matmul and cosineSimilarityMatrix check shapes first")
    func similarity() throws {
        let a = try tensor([1, 3], [1, 0, 0])
        let b = try tensor([3], [1, 1, 0])
        let similarity = try invoke.function("cosineSimilarity", arg(a), arg(b)).testFloat
        #expect(abs((similarity ?? 0) - 0.70710677) < 1e-6)
        let wide = try invoke.initializer("Tensor", arg("shape", .array([.int(1), .int(768)])))
        let narrow = try invoke.initializer("Tensor", arg("shape", .array([.int(1), .int(384)])))
        #expect(bindingError { try self.invoke.function("cosineSimilarity", arg(narrow), arg(wide)) }
            == "cosineSimilarity: [1, 384] and [1, 768] have different numbers of elements")
        #expect(bindingError { try self.invoke.function("matmul", arg(try self.range([2, 3])), arg(try self.range([2, 3]))) }
            == "matmul: shapes [2, 3] and [2, 3] cannot be multiplied (the inner dimensions 3 and 2 differ)")
        let product = try invoke.function("matmul", arg(try range([2, 3])), arg(try invoke.method(try range([2, 3]), "transposed")))
        #expect(try product.testPayload(Tensor.self).scalars == [5, 14, 14, 50])
        let matrix = try invoke.function("cosineSimilarityMatrix", arg(try range([2, 3])), arg(try range([4, 3])))
        #expect(try matrix.testPayload(Tensor.self).shape == [2, 4])
        #expect(bindingError { try self.invoke.function("cosineSimilarityMatrix", arg(try self.range([2, 3])), arg(try self.range([2, 2]))) }
            == "cosineSimilarityMatrix: shapes [2, 3] and [2, 2] are not [n, d] and [m, d]")
        #expect(bindingError { try self.invoke.method(a, "dot", arg(try self.range([2]))) }?.contains("different numbers of elements") == true)
        #expect(bindingError { try self.invoke.method(a, "reshaped", arg(.array([.int(2), .int(2)]))) }?.contains("needs 4 values but 3") == true)
    }

    @Test("map(_:) calls the cell closure for every element")
    func map() throws {
        let doubled = Value.function(Callable(name: "closure", parameters: nil) { arguments, _ in
            guard case .float(let x) = arguments[0] else { throw CellRuntimeError("not a float") }
            return .float(x * 2)
        })
        #expect(try invoke.method(try range([3]), "map", arg(doubled)).testPayload(Tensor.self).scalars == [0, 2, 4])
    }

    @Test("print shows Tensor.description; the display has statistics and a sparkline")
    func descriptionAndDisplay() throws {
        let t = try range([1, 100])
        #expect(invoke.context.describe(t) == (try t.testPayload(Tensor.self)).description)
        guard case .tensor(let display) = try invoke.display(t) else { Issue.record("not a tensor display"); return }
        #expect(display.shape == [1, 100] && display.dtype == "float32" && display.count == 100)
        #expect(display.leading == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(display.minimum == 0 && display.maximum == 99)
        #expect(display.sparkline.count == 48 && display.sparkline.first == 0 && display.sparkline.last == 99)
        #expect(abs(display.norm - (try t.testPayload(Tensor.self)).norm()) < 1e-3)
        guard case .tensor(let small) = try invoke.display(try tensor([3], [1, -2, 3])) else { return }
        #expect(small.sparkline == [1, -2, 3] && small.minimum == -2)
    }
}
