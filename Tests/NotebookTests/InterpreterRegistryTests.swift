import Foundation
@testable import Notebook
import Testing

/// A pretend library type registered in a test registry proves the extension path: a new
/// library type is only a matter of registering its members.
@Suite("Interpreter: library types through the registry")
struct InterpreterRegistryTests {
    struct FakeVector: Equatable {
        var values: [Float]
    }

    enum FakePooling: String, Hashable {
        case mean, max
    }

    static func vector(_ value: Value) throws -> FakeVector {
        guard case .object(let object) = value, let vector = object.payload as? FakeVector else {
            throw CellRuntimeError("expected a Vector")
        }
        return vector
    }

    static func floats(_ value: Value) throws -> [Float] {
        guard case .array(let items) = value else { throw CellRuntimeError("expected [Float]") }
        return try items.map { item in
            guard case .float(let number) = item else { throw CellRuntimeError("expected Float elements, got \(item)") }
            return number
        }
    }

    static func make(_ values: [Float]) -> Value {
        .object(LibraryObject(typeName: "Vector", payload: FakeVector(values: values)))
    }

    static func registry() -> BindingRegistry {
        let registry = BindingRegistry()
        registry.initializer("Vector", [Parameter("values", type: "[Float]")]) { arguments, _ in
            make(try floats(arguments[0]))
        }
        registry.staticMethod("Vector", "zeros", [Parameter("count", type: "Int")]) { arguments, _ in
            guard case .int(let count) = arguments[0] else { throw CellRuntimeError("count") }
            return make(Array(repeating: 0, count: count))
        }
        registry.staticProperty("Pooling", "mean") { _ in .object(LibraryObject(typeName: "Pooling", payload: FakePooling.mean)) }
        registry.staticProperty("Pooling", "max") { _ in .object(LibraryObject(typeName: "Pooling", payload: FakePooling.max)) }
        registry.property("Vector", "count") { value, _ in .int(try vector(value).values.count) }
        registry.property("Vector", "values") { value, _ in .array(try vector(value).values.map(Value.float)) }
        registry.method("Vector", "scaled", [Parameter("by", type: "Float")]) { value, arguments, _ in
            guard case .float(let factor) = arguments[0] else { throw CellRuntimeError("factor must be Float, got \(arguments[0])") }
            return make(try vector(value).values.map { $0 * factor })
        }
        registry.method("Vector", "pooled", [Parameter("using", type: "Pooling",
                                                       default: .object(LibraryObject(typeName: "Pooling", payload: FakePooling.mean)))]) {
            value, arguments, _ in
            guard case .object(let object) = arguments[0], let pooling = object.payload as? FakePooling else {
                throw CellRuntimeError("pooling")
            }
            let values = try vector(value).values
            return .float(pooling == .max ? values.max() ?? 0 : values.reduce(0, +) / Float(max(values.count, 1)))
        }
        registry.method("Vector", "map", [Parameter(nil, type: "(Float) -> Float")]) { value, arguments, context in
            make(try vector(value).values.map { element in
                guard case .float(let result) = try context.call(arguments[0], [.float(element)]) else {
                    throw CellRuntimeError("the closure must return a Float")
                }
                return result
            })
        }
        registry.subscriptGetter("Vector", [Parameter(nil, type: "Int")]) { value, arguments, _ in
            guard case .int(let index) = arguments[0] else { throw CellRuntimeError("index") }
            let values = try vector(value).values
            guard values.indices.contains(index) else { throw CellRuntimeError("index \(index) is out of range") }
            return .float(values[index])
        }
        registry.callAsFunction("Vector", [Parameter(nil, type: "Vector")]) { value, arguments, _ in
            let a = try vector(value).values, b = try vector(arguments[0]).values
            return .float(zip(a, b).map(*).reduce(0, +))
        }
        registry.binaryOperator("+") { lhs, rhs, _ in
            guard let a = try? vector(lhs), let b = try? vector(rhs) else { return nil }
            return make(zip(a.values, b.values).map(+))
        }
        registry.binaryOperator("*") { lhs, rhs, _ in
            guard let a = try? vector(lhs) else { return nil }
            switch rhs {
            case .float(let factor): return make(a.values.map { $0 * factor })
            case .int(let factor): return make(a.values.map { $0 * Float(factor) })
            case .double(let factor): return make(a.values.map { $0 * Float(factor) })
            default: return nil
            }
        }
        registry.prefixOperator("-") { operand, _ in
            guard let a = try? vector(operand) else { return nil }
            return make(a.values.map { -$0 })
        }
        registry.describe("Vector") { value, _ in
            "Vector(\((try? vector(value).values.map { "\($0)" }.joined(separator: ", ")) ?? ""))"
        }
        registry.describe("Pooling") { value, _ in
            guard case .object(let object) = value, let pooling = object.payload as? FakePooling else { return "?" }
            return ".\(pooling.rawValue)"
        }
        registry.display("Vector") { value, _ in
            let values = try vector(value).values
            return .tensor(TensorDisplay(shape: [values.count], dtype: "float32", leading: values, count: values.count,
                                         norm: values.map { $0 * $0 }.reduce(0, +).squareRoot(), minimum: values.min() ?? 0,
                                         maximum: values.max() ?? 0, sparkline: values))
        }
        registry.function("check", [Parameter(nil, type: "Bool"), Parameter(nil, type: "String")]) { arguments, context in
            guard case .bool(let passed) = arguments[0], case .string(let message) = arguments[1] else {
                throw CellRuntimeError("check(_:_:)")
            }
            context.recordCheck(passed: passed, message: message)
            context.emit(.check(CheckDisplay(passed: passed, message: message, location: context.location)))
            return .void
        }
        registry.function("loadModel", [Parameter("id", type: "String")]) { arguments, context in
            guard case .string(let id) = arguments[0] else { throw CellRuntimeError("id") }
            context.recordModel(id: id, folder: URL(fileURLWithPath: "/models/\(id)"))
            return .string(id)
        }
        return registry
    }

    @Test("initializers, static methods, properties, methods, subscripts and callAsFunction")
    func members() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("""
            let v = Vector(values: [1, 2, 3])
            print(v, v.count, v.values, v[1], v.scaled(by: 2), Vector.zeros(count: 2), v(v))
            """)
        #expect(run.error == nil, "\(String(describing: run.error))")
        #expect(run.stdout == "Vector(1.0, 2.0, 3.0) 3 [1.0, 2.0, 3.0] 2.0 Vector(2.0, 4.0, 6.0) Vector(0.0, 0.0) 14.0\n")
    }

    @Test("operators of library types, with literals next to them")
    func operators() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("let v = Vector(values: [1, 2])\nprint(v + v, v * 2, v * 0.5, -v)")
        #expect(run.stdout == "Vector(2.0, 4.0) Vector(2.0, 4.0) Vector(0.5, 1.0) Vector(-1.0, -2.0)\n")
    }

    @Test("implicit members resolve through the parameter's type, an annotation, or a unique name")
    func implicitMembers() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("""
            let v = Vector(values: [1, 2, 6])
            let p: Pooling = .max
            let q = Pooling.mean
            print(v.pooled(using: .max), v.pooled(), v.pooled(using: p), q, p == .max, p == q)
            let r = [Pooling.mean, .max]
            print(r)
            """)
        #expect(run.error == nil, "\(String(describing: run.error))")
        #expect(run.stdout == "6.0 3.0 6.0 .mean true false\n[.mean, .max]\n")
        let unknown = runner.run("let z = Vector(values: [1]).pooled(using: .median)")
        #expect(unknown.error?.message.contains("median") == true)
    }

    @Test("cell closures passed to bindings run through context.call")
    func closuresThroughBindings() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("var calls = 0\nlet v = Vector(values: [1, 2]).map { calls += 1; return $0 * 10 }\nprint(v, calls)")
        #expect(run.stdout == "Vector(10.0, 20.0) 2\n")
    }

    @Test("the registry's display shows the last expression; unknown members name the library type")
    func displaysAndMessages() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("Vector(values: [3, 4])")
        #expect(run.displays == [.tensor(TensorDisplay(shape: [2], dtype: "float32", leading: [3, 4], count: 2, norm: 5,
                                                       minimum: 3, maximum: 4, sparkline: [3, 4]))])
        let missing = runner.run("let v = Vector(values: [1])\nv.foo()", line: 70)
        #expect(missing.error == ErrorDisplay(kind: .runtime, message: "value of type 'Vector' has no member 'foo'",
                                              location: SourceLocation(file: "Chapters/test.md", line: 71, column: 3)))
        let wrongLabel = runner.run("let w = Vector(numbers: [1])")
        #expect(wrongLabel.error?.message.contains("Vector(values:)") == true)
        let thrown = runner.run("let v = Vector(values: [1])\nprint(v[3])", line: 80)
        #expect(thrown.error == ErrorDisplay(kind: .runtime, message: "index 3 is out of range",
                                             location: SourceLocation(file: "Chapters/test.md", line: 81, column: 8)))
    }

    @Test("checks and models are recorded; emitted displays keep their order with print")
    func checksAndModels() {
        let runner = CellRunner(registry: Self.registry())
        let run = runner.run("print(\"a\")\ncheck(1 + 1 == 2, \"math\")\ncheck(false, \"fails\")\nlet m = loadModel(id: \"tiny\")\nprint(\"b\")",
                             line: 30)
        #expect(run.failedChecks == 1)
        #expect(run.modelsUsed.map(\.id) == ["tiny"])
        #expect(run.outputs == [
            .stdout("a\n"),
            .display(.check(CheckDisplay(passed: true, message: "math", location: SourceLocation(file: "Chapters/test.md", line: 31, column: 1)))),
            .display(.check(CheckDisplay(passed: false, message: "fails", location: SourceLocation(file: "Chapters/test.md", line: 32, column: 1)))),
            .stdout("b\n"),
        ])
    }

    @Test("overloads are chosen by labels, then by argument types (nested literals included)")
    func overloads() {
        let registry = BindingRegistry()
        registry.function("describeShape", [Parameter(nil, type: "[Float]")]) { arguments, context in
            .string("vector " + context.describe(arguments[0]))
        }
        registry.function("describeShape", [Parameter(nil, type: "[[Float]]")]) { arguments, context in
            .string("matrix " + context.describe(arguments[0]))
        }
        registry.function("describeShape", [Parameter(nil, type: "String")]) { arguments, _ in arguments[0] }
        registry.function("describeShape", [Parameter("count", type: "Int")]) { arguments, context in
            .string("count " + context.describe(arguments[0]))
        }
        let run = CellRunner(registry: registry).run("""
            print(describeShape([1, 2]), describeShape([[1], [2.5]]), describeShape("s"), describeShape(count: 3))
            let xs: [Float] = [3]
            print(describeShape(xs), describeShape([xs]))
            """)
        #expect(run.stdout == "vector [1.0, 2.0] matrix [[1.0], [2.5]] s count 3\nvector [3.0] matrix [[3.0]]\n")
    }

    @Test("a registry is shared by interpreters without registering the standard library twice")
    func sharedRegistry() {
        let registry = Self.registry()
        let first = CellRunner(registry: registry)
        let second = CellRunner(registry: registry)
        #expect(registry.functions["print"]?.count == 1)
        #expect(first.run("print(1)").stdout == "1\n")
        #expect(second.run("print(2)").stdout == "2\n")
    }
}
