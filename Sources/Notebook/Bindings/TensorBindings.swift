import Foundation
import Vectorbook

extension BindingRegistry {
    /// `Tensor` (initializers, properties, methods, subscripts, operators), `Pooling`,
    /// `.all` and the free functions `cosineSimilarity`, `cosineSimilarityMatrix`, `matmul`.
    func registerTensors() {
        registerTensorInitializers()
        registerTensorProperties()
        registerTensorReductions()
        registerTensorTransforms()
        registerTensorIndexing()
        registerTensorOperators()
        registerTensorFunctions()
        libraryEnumeration(LibraryType.pooling, Pooling.allCases.map { ($0.rawValue, $0) })
        libraryProperty(LibraryType.pooling, Pooling.self, "rawValue") { .string($0.rawValue) }
        initializer(LibraryType.pooling, [Parameter("rawValue", type: "String")]) { arguments, _ in
            let raw = try BindingArgument.string(arguments[argument: 0], "Pooling(rawValue:)")
            return .optional(Pooling(rawValue: raw).map { BindingValue.library(LibraryType.pooling, $0) })
        }
        libraryDescription(LibraryType.tensor, Tensor.self) { $0.description }
        display(LibraryType.tensor) { value, _ in
            .tensor(DisplayConversion.tensor(try BindingArgument.tensor(value, "display")))
        }
    }

    private func registerTensorInitializers() {
        // `Tensor(_ scalars: [Float])` and `Tensor(_ rows: [[Float]])`: one body, chosen by the value.
        let fromArray: Body = { arguments, _ in
            let items = try BindingArgument.array(arguments[argument: 0], "Tensor(_:)", expected: "[Float] or [[Float]]")
            if let first = items.first, BindingArgument.isArray(first) {
                let rows = try BindingArgument.floatRows(arguments[argument: 0], "Tensor(_:)")
                _ = try TensorChecks.elementCount([rows.count, rows.first?.count ?? 0], "Tensor(_:)")
                return BindingValue.tensor(try TensorChecks.run("Tensor(_:)") { try Tensor(rows) })
            }
            return BindingValue.tensor(Tensor(try BindingArgument.floats(arguments[argument: 0], "Tensor(_:)")))
        }
        initializer(LibraryType.tensor, [Parameter(nil, type: "[Float]")], fromArray)
        initializer(LibraryType.tensor, [Parameter(nil, type: "[[Float]]")], fromArray)
        initializer(LibraryType.tensor, [Parameter("shape", type: "[Int]"), Parameter("scalars", type: "[Float]")]) { arguments, _ in
            let shape = try BindingArgument.ints(arguments[argument: 0], "Tensor(shape:scalars:) shape")
            let scalars = try BindingArgument.floats(arguments[argument: 1], "Tensor(shape:scalars:) scalars")
            return BindingValue.tensor(try TensorChecks.run("Tensor(shape:scalars:)") { try Tensor(shape: shape, scalars: scalars) })
        }
        initializer(LibraryType.tensor, [Parameter("shape", type: "[Int]"),
                                         Parameter("repeating", type: "Float", default: .float(0))]) { arguments, _ in
            let shape = try BindingArgument.ints(arguments[argument: 0], "Tensor(shape:repeating:) shape")
            let value = try BindingArgument.float(arguments[argument: 1], "Tensor(shape:repeating:) repeating")
            _ = try TensorChecks.elementCount(shape, "Tensor(shape:repeating:)")
            return BindingValue.tensor(Tensor(shape: shape, repeating: value))
        }
    }

    private func registerTensorProperties() {
        let type = LibraryType.tensor
        libraryProperty(type, Tensor.self, "shape") { BindingValue.ints($0.shape) }
        libraryProperty(type, Tensor.self, "rank") { .int($0.rank) }
        libraryProperty(type, Tensor.self, "count") { .int($0.count) }
        libraryProperty(type, Tensor.self, "dtype") { .string($0.dtype) }
        libraryProperty(type, Tensor.self, "scalars") { BindingValue.floats($0.scalars) }
        libraryProperty(type, Tensor.self, "scalar") { .optional($0.scalar, Value.float) }
        libraryProperty(type, Tensor.self, "tokenMask") { .optional($0.tokenMask, BindingValue.intRows) }
        libraryProperty(type, Tensor.self, "description") { .string($0.description) }
    }

    private func registerTensorReductions() {
        let type = LibraryType.tensor
        let dim = [Parameter("dim", type: "Int")]
        let reductions: [(String, (Tensor) -> (Int) -> Tensor)] = [
            ("mean", Tensor.mean(dim:)), ("sum", Tensor.sum(dim:)), ("max", Tensor.max(dim:)), ("min", Tensor.min(dim:)),
        ]
        for (name, reduce) in reductions {
            libraryMethod(type, Tensor.self, name, dim) { tensor, arguments, _ in
                let d = try BindingArgument.int(arguments[argument: 0], "\(name)(dim:)")
                try TensorChecks.dimension(d, of: tensor, "\(name)(dim: \(d))")
                return BindingValue.tensor(reduce(tensor)(d))
            }
        }
        libraryMethod(type, Tensor.self, "mean") { tensor, _, _ in .float(tensor.mean()) }
        libraryMethod(type, Tensor.self, "sum") { tensor, _, _ in .float(tensor.sum()) }
        libraryMethod(type, Tensor.self, "norm") { tensor, _, _ in .float(tensor.norm()) }
        libraryMethod(type, Tensor.self, "dot", [Parameter(nil, type: "Tensor")]) { tensor, arguments, _ in
            let other = try BindingArgument.tensor(arguments[argument: 0], "dot(_:)")
            try TensorChecks.sameCount(tensor, other, "dot")
            return .float(tensor.dot(other))
        }
        libraryMethod(type, Tensor.self, "maxAbsDifference", [Parameter(nil, type: "Tensor")]) { tensor, arguments, _ in
            .float(tensor.maxAbsDifference(try BindingArgument.tensor(arguments[argument: 0], "maxAbsDifference(_:)")))
        }
        libraryMethod(type, Tensor.self, "pooled", [Parameter(nil, type: "Pooling"),
                                                    Parameter("mask", type: "[[Int]]?", default: .optional(nil))]) { tensor, arguments, _ in
            let pooling = try BindingArgument.object(arguments[argument: 0], Pooling.self, LibraryType.pooling, "pooled(_:mask:)")
            let mask = try BindingArgument.optional(arguments[argument: 1]).map { try BindingArgument.intRows($0, "pooled(_:mask:) mask") }
            try TensorChecks.pooling(tensor, pooling)
            return BindingValue.tensor(tensor.pooled(pooling, mask: mask))
        }
    }

    private func registerTensorTransforms() {
        let type = LibraryType.tensor
        let plain: [(String, (Tensor) -> () -> Tensor)] = [
            ("normalized", Tensor.normalized), ("transposed", Tensor.transposed), ("gelu", Tensor.gelu),
            ("geluTanh", Tensor.geluTanh), ("quickGelu", Tensor.quickGelu), ("relu", Tensor.relu), ("tanh", Tensor.tanh),
        ]
        for (name, transform) in plain {
            libraryMethod(type, Tensor.self, name) { tensor, _, _ in BindingValue.tensor(transform(tensor)()) }
        }
        libraryMethod(type, Tensor.self, "softmax", [Parameter("mask", type: "Tensor?", default: .optional(nil))]) { tensor, arguments, _ in
            let mask = try BindingArgument.optional(arguments[argument: 0]).map { try BindingArgument.tensor($0, "softmax(mask:)") }
            if let mask, mask.count != tensor.count {
                throw CellRuntimeError("softmax: mask \(mask.shape) does not match \(tensor.shape)")
            }
            return BindingValue.tensor(tensor.softmax(mask: mask))
        }
        libraryMethod(type, Tensor.self, "layerNorm", [Parameter("weight", type: "Tensor"), Parameter("bias", type: "Tensor?"),
                                                       Parameter("epsilon", type: "Float", default: .float(1e-5))]) { tensor, arguments, _ in
            let weight = try BindingArgument.tensor(arguments[argument: 0], "layerNorm weight")
            let bias = try BindingArgument.optional(arguments[argument: 1]).map { try BindingArgument.tensor($0, "layerNorm bias") }
            let columns = tensor.shape.last ?? 1
            guard weight.count == columns, (bias?.count ?? columns) == columns else {
                throw CellRuntimeError("layerNorm: weight \(weight.shape) / bias \(bias?.shape ?? []) do not match \(tensor.shape)")
            }
            return BindingValue.tensor(tensor.layerNorm(weight: weight, bias: bias,
                                            epsilon: try BindingArgument.float(arguments[argument: 2], "layerNorm epsilon")))
        }
        libraryMethod(type, Tensor.self, "reshaped", [Parameter(nil, type: "[Int]")]) { tensor, arguments, _ in
            let shape = try BindingArgument.ints(arguments[argument: 0], "reshaped(_:)")
            return BindingValue.tensor(try TensorChecks.run("reshaped(\(shape))") { try tensor.reshaped(shape) })
        }
        libraryMethod(type, Tensor.self, "embeddingLookup", [Parameter(nil, type: "[Int]")]) { tensor, arguments, _ in
            let ids = try BindingArgument.ints(arguments[argument: 0], "embeddingLookup(_:)")
            return BindingValue.tensor(try TensorChecks.run("embeddingLookup") { try tensor.embeddingLookup(ids) })
        }
        libraryMethod(type, Tensor.self, "map", [Parameter(nil, type: "(Float) -> Float")]) { tensor, arguments, context in
            let function = arguments[argument: 0]
            var values = [Float]()
            values.reserveCapacity(tensor.count)
            for (index, scalar) in tensor.scalars.enumerated() {
                if index % 4096 == 0 { try context.checkDeadline() }
                values.append(try BindingArgument.float(try context.call(function, [.float(scalar)]), "map(_:) closure result"))
            }
            return BindingValue.tensor(try TensorChecks.run("map") { try Tensor(shape: tensor.shape, scalars: values) })
        }
    }

    private func registerTensorIndexing() {
        subscriptGetter(LibraryType.tensor, [Parameter(nil, type: "TensorIndex", variadic: true)]) { receiver, arguments, _ in
            let tensor = try BindingArgument.tensor(receiver, "Tensor subscript")
            let indices = try BindingArgument.array(arguments[argument: 0], "Tensor subscript", expected: "indices")
            return BindingValue.tensor(try TensorIndexing.slice(tensor, indices))
        }
        libraryMethod(LibraryType.tensor, Tensor.self, "slice", [Parameter(nil, type: "[TensorIndex]")]) { tensor, arguments, _ in
            let indices = try BindingArgument.array(arguments[argument: 0], "slice(_:)", expected: "[any TensorIndex]")
            return BindingValue.tensor(try TensorIndexing.slice(tensor, indices))
        }
        let all: (any CallContext) throws -> Value = { _ in BindingValue.library(LibraryType.fullSlice, FullSlice()) }
        staticProperty("TensorIndex", "all", all)
        staticProperty(LibraryType.fullSlice, "all", all)
        initializer(LibraryType.fullSlice, []) { _, _ in BindingValue.library(LibraryType.fullSlice, FullSlice()) }
        describe(LibraryType.fullSlice) { _, _ in "FullSlice()" }
        display(LibraryType.fullSlice) { _, _ in .text("FullSlice()", type: LibraryType.fullSlice) }
    }

    private func registerTensorOperators() {
        func scalar(_ value: Value) -> Float? {
            switch value {
            case .int(let number): return Float(number)
            case .double(let number): return Float(number)
            case .float(let number): return number
            default: return nil
            }
        }
        func tensor(_ value: Value) -> Tensor? {
            if case .object(let object) = value { return object.payload as? Tensor }
            return nil
        }
        let operations: [(String, (Tensor, Tensor) -> Tensor, (Tensor, Float) -> Tensor)] = [
            ("+", { $0 + $1 }, { $0 + $1 }), ("-", { $0 - $1 }, { $0 - $1 }),
            ("*", { $0 * $1 }, { $0 * $1 }), ("/", { $0 / $1 }, { $0 / $1 }),
        ]
        for (op, withTensor, withScalar) in operations {
            binaryOperator(op) { lhs, rhs, _ in
                guard let a = tensor(lhs) else {
                    // Only `Float * Tensor` exists with the scalar on the left.
                    guard op == "*", let s = scalar(lhs), let b = tensor(rhs) else { return nil }
                    return BindingValue.tensor(s * b)
                }
                if let b = tensor(rhs) {
                    try TensorChecks.broadcast(a, b, "Tensor \(op)")
                    return BindingValue.tensor(withTensor(a, b))
                }
                guard let s = scalar(rhs) else { return nil }
                return BindingValue.tensor(withScalar(a, s))
            }
        }
        prefixOperator("-") { operand, _ in tensor(operand).map { BindingValue.tensor(-$0) } }
        libraryEquality(LibraryType.tensor, Tensor.self)
    }

    private func registerTensorFunctions() {
        let pair = [Parameter(nil, type: "Tensor"), Parameter(nil, type: "Tensor")]
        function("cosineSimilarity", pair) { arguments, _ in
            let a = try BindingArgument.tensor(arguments[argument: 0], "cosineSimilarity(_:_:) argument 1")
            let b = try BindingArgument.tensor(arguments[argument: 1], "cosineSimilarity(_:_:) argument 2")
            try TensorChecks.sameCount(a, b, "cosineSimilarity")
            return .float(cosineSimilarity(a, b))
        }
        function("cosineSimilarityMatrix", pair) { arguments, _ in
            let a = try BindingArgument.tensor(arguments[argument: 0], "cosineSimilarityMatrix(_:_:) argument 1")
            let b = try BindingArgument.tensor(arguments[argument: 1], "cosineSimilarityMatrix(_:_:) argument 2")
            try TensorChecks.similarityMatrix(a, b)
            return BindingValue.tensor(cosineSimilarityMatrix(a, b))
        }
        function("matmul", pair) { arguments, _ in
            let a = try BindingArgument.tensor(arguments[argument: 0], "matmul(_:_:) argument 1")
            let b = try BindingArgument.tensor(arguments[argument: 1], "matmul(_:_:) argument 2")
            try TensorChecks.matmul(a, b)
            return BindingValue.tensor(matmul(a, b))
        }
    }
}
