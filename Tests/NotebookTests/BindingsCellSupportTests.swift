import Foundation
import Notebook
import Testing
import Vectorbook

@Suite("Bindings: SimilarityTable, show and expect")
struct BindingsCellSupportTests {
    let invoke = BindingsInvoker()

    func labels(_ names: [String]) -> Value { .testStrings(names) }

    func rows(_ values: [[Float]]) -> Value { .array(values.map(Value.testFloats)) }

    @Test("SimilarityTable(rows:columns:values:) from [[Float]] and from a Tensor")
    func tables() throws {
        let fromRows = try invoke.initializer("SimilarityTable", arg("rows", labels(["a", "b"])), arg("columns", labels(["x", "y"])),
                                              arg("values", rows([[1, 0.5], [0.25, -1]])))
        #expect(try fromRows.testPayload(SimilarityTable.self).values == [[1, 0.5], [0.25, -1]])
        #expect(invoke.context.describe(fromRows) == "       x      y\na  1.000  0.500\nb  0.250 -1.000")
        let matrix = try invoke.initializer("Tensor", arg(rows([[1, 0.5], [0.25, -1]])))
        let fromTensor = try invoke.initializer("SimilarityTable", arg("rows", labels(["a", "b"])), arg("columns", labels(["x", "y"])),
                                                arg("values", matrix))
        #expect(try fromTensor.testPayload(SimilarityTable.self).values == [[1, 0.5], [0.25, -1]])
        guard case .similarity(let display) = try invoke.display(fromTensor) else { Issue.record("not a similarity display"); return }
        #expect(display == SimilarityDisplay(rows: ["a", "b"], columns: ["x", "y"], values: [[1, 0.5], [0.25, -1]]))
    }

    @Test("mismatched sizes throw instead of failing the precondition")
    func badSizes() throws {
        #expect(bindingError {
            try self.invoke.initializer("SimilarityTable", arg("rows", self.labels(["a", "b", "c"])), arg("columns", self.labels(["x", "y"])),
                                        arg("values", self.rows([[1, 0.5], [0.25, -1]])))
        } == "SimilarityTable: 2 rows of values (2 wide) for 3 row labels and 2 column labels")
        let wide = try invoke.initializer("Tensor", arg("shape", .array([.int(2), .int(3)])))
        #expect(bindingError {
            try self.invoke.initializer("SimilarityTable", arg("rows", self.labels(["a", "b"])), arg("columns", self.labels(["x", "y"])),
                                        arg("values", wide))
        }?.hasPrefix("SimilarityTable: 2 rows of values (3 wide)") == true)
        #expect(bindingError {
            try self.invoke.initializer("SimilarityTable", arg("labels", self.labels(["a"])), arg("embeddings", wide))
        } == "SimilarityTable(labels:embeddings:): 1 labels for 2 embeddings [2, 3]")
        let cube = try invoke.initializer("Tensor", arg("shape", .array([.int(2), .int(3), .int(4)])))
        #expect(bindingError {
            try self.invoke.initializer("SimilarityTable", arg("labels", self.labels(["a", "b"])), arg("embeddings", cube))
        }?.contains("are not [n, d] and [m, d]") == true)
    }

    @Test("SimilarityTable(labels:embeddings:) holds pairwise cosine similarities")
    func labelled() throws {
        let embeddings = try invoke.initializer("Tensor", arg(rows([[1, 0], [0, 1], [1, 1]])))
        let table = try invoke.initializer("SimilarityTable", arg("labels", labels(["x", "y", "xy"])), arg("embeddings", embeddings))
        let values = try table.testPayload(SimilarityTable.self).values
        #expect(abs(values[0][0] - 1) < 1e-6 && abs(values[0][1]) < 1e-6 && abs(values[0][2] - 0.70710677) < 1e-6)
        #expect(try invoke.property(table, "rows").testArray?.compactMap(\.testString) == ["x", "y", "xy"])
    }

    @Test("show(x) emits the value's display; expect emits and records the check and returns the condition")
    func showAndExpect() throws {
        let t = try invoke.initializer("Tensor", arg(.testFloats([3, 4])))
        #expect(try invoke.function("show", arg(t)) .testIsVoid)
        #expect(try invoke.function("show", arg(.array([.int(1), .int(2)]))).testIsVoid)
        #expect(invoke.context.displays.count == 2)
        guard case .tensor(let shown) = invoke.context.displays.first else { Issue.record("show did not emit a tensor"); return }
        #expect(shown.norm == 5)
        #expect(invoke.context.displays.last == .collection(CollectionDisplay(
            kind: .array, keys: nil, items: [.text("1", type: "Int"), .text("2", type: "Int")], omitted: 0, type: "[Int]")))
        #expect(try invoke.function("expect", arg(.bool(true)), arg(.string("fine"))).testBool == true)
        #expect(try invoke.function("expect", arg(.bool(false)), arg(.string("dimension is 384"))).testBool == false)
        #expect(invoke.context.checks.map(\.passed) == [true, false])
        #expect(invoke.context.checks.map(\.message) == ["fine", "dimension is 384"])
        #expect(invoke.context.displays.suffix(2) == [
            .check(CheckDisplay(passed: true, message: "fine", location: invoke.context.location)),
            .check(CheckDisplay(passed: false, message: "dimension is 384", location: invoke.context.location)),
        ])
        #expect(bindingError { try self.invoke.function("expect", arg(.int(1)), arg(.string("x"))) } == "expect(_:_:) condition: expected Bool, got Int")
    }

    @Test("show uses the context's own display when it offers one")
    func showWithDisplayingContext() throws {
        final class Displaying: DisplayingContext {
            let inner = BindingsMockContext()
            var location: Notebook.SourceLocation { inner.location }
            var courseRoot: URL { inner.courseRoot }
            var emitted: [Display] = []
            func call(_ function: Value, _ arguments: [Value]) throws -> Value { try inner.call(function, arguments) }
            func write(_ text: String) {}
            func emit(_ display: Display) { emitted.append(display) }
            func recordCheck(passed: Bool, message: String) {}
            func resolveFile(_ path: String) throws -> URL { try inner.resolveFile(path) }
            func recordModel(id: String, folder: URL) {}
            func checkDeadline() throws {}
            func describe(_ value: Value) -> String { inner.describe(value) }
            func cellDisplay(of value: Value) throws -> Display { .text("custom", type: "X") }
        }
        let context = Displaying()
        _ = try BindingFixtures.registry.functions["show"]![0].body([.int(1)], context)
        #expect(context.emitted == [.text("custom", type: "X")])
    }

    @Test("every registered library type has a display and a description")
    func everyTypeDisplays() {
        let registry = BindingFixtures.registry
        for type in ["Tensor", "Tokenizer", "BatchEncoding", "Model", "ModelOutput", "CLIPOutput", "SentenceEmbedder", "Image",
                     "ImageProcessor", "SimilarityTable", "Pooling", "Padding", "Image.Mode", "ResamplingFilter", "URL"] {
            #expect(registry.displays[type] != nil, "\(type) display")
            #expect(registry.descriptions[type] != nil, "\(type) description")
        }
    }
}

extension Value {
    var testIsVoid: Bool {
        if case .void = self { return true }
        return false
    }
}
