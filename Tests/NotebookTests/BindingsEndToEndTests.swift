import Foundation
import Notebook
import Testing
import Vectorbook

/// Cells run through the interpreter with the library bindings, against the tiny checkpoints.
@Suite("Bindings end to end")
struct BindingsEndToEndTests {
    /// A fresh interpreter (and registry) whose course folder is the repository.
    final class Session {
        let interpreter: Interpreter
        var line = 1

        init() {
            let registry = BindingRegistry()
            registry.registerLibrary()
            interpreter = Interpreter(registry: registry, courseRoot: BindingFixtures.repositoryRoot, chapterPath: "Chapters/test.md")
        }

        func run(_ code: String) -> CellRun {
            let cell = Cell(index: 0, code: code, line: line, flags: CellFlags(), infoString: "swift")
            line += code.split(separator: "\n", omittingEmptySubsequences: false).count + 2
            return interpreter.run(cell, timeLimit: .seconds(60))
        }

        /// Runs `code`, records an issue when it fails, and returns its outputs.
        func outputs(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [CellOutput] {
            let result = run(code)
            if let error = result.error {
                Issue.record("cell failed: \(error.message)", sourceLocation: sourceLocation)
            }
            return result.outputs
        }
    }

    static func printed(_ outputs: [CellOutput]) -> String {
        outputs.compactMap { if case .stdout(let text) = $0 { return text } else { return nil } }.joined()
    }

    @Test("the DESIGN.md text example with the tiny BERT folder")
    func designExample() throws {
        let session = Session()
        let setup = session.outputs("""
            let tokenizer = try AutoTokenizer.from(pretrained: "\(BindingFixtures.tinyBERT)")
            let model = try AutoModel.from(pretrained: "\(BindingFixtures.tinyBERT)")
            tokenizer.tokenize("Multimodal AI")
            """)
        let library = try AutoTokenizer.from(pretrained: BindingFixtures.repositoryRoot.appendingPathComponent(BindingFixtures.tinyBERT).path)
        let tokens = library.tokenize("Multimodal AI")
        let listed = "[" + tokens.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        #expect(setup == [.display(.text(listed, type: "[String]"))])
        let inputs = session.outputs("""
            let inputs = try tokenizer("Multimodal AI is revolutionizing how we interact with technology.",
                                       padding: true, truncation: true)
            print(inputs.inputIDs[0].prefix(10))
            inputs.attentionMask[0].prefix(3)
            """)
        let encoded = try library("Multimodal AI is revolutionizing how we interact with technology.", padding: true, truncation: true)
        #expect(Self.printed(inputs) == "\(Array(encoded.inputIDs[0].prefix(10)))\n")
        let embedding = session.outputs("""
            let outputs = try model(inputs)
            let textEmbedding = outputs.lastHiddenState.mean(dim: 1)
            print(textEmbedding.shape)
            textEmbedding[0, ..<5]
            """)
        #expect(Self.printed(embedding) == "[1, 32]\n")
        guard case .display(.tensor(let head))? = embedding.last else { Issue.record("no tensor display: \(embedding)"); return }
        #expect(head.shape == [5])
        let similarity = session.outputs("""
            print(cosineSimilarity(textEmbedding, textEmbedding) > 0.9999)
            show(outputs.lastHiddenState[.all, 0, .all])
            outputs.pooled(.cls) == outputs.lastHiddenState[.all, 0, .all]
            """)
        #expect(Self.printed(similarity) == "true\n")
        guard case .display(.tensor(let cls))? = similarity.dropLast().last else { Issue.record("show emitted no tensor"); return }
        #expect(cls.shape == [1, 32])
        #expect(similarity.last == .display(.text("true", type: "Bool")))
        let shown = session.outputs("""
            show(["b": 2, "a": 1])
            ["b": 2, "a": 1]
            """)
        #expect(shown.count == 2 && shown.first == shown.last, "show displays as the last expression does")
    }

    @Test("the DESIGN.md image example with the tiny DINOv2 folder")
    func imageExample() throws {
        let session = Session()
        let outputs = session.outputs("""
            let processor = try AutoImageProcessor.from(pretrained: "\(BindingFixtures.tinyDINOv2)")
            let vit = try AutoModel.from(pretrained: "\(BindingFixtures.tinyDINOv2)")
            let image = try Image(contentsOf: "Assets/images/cat.png")
            print(image.size)
            let pixels = try processor(image)
            print(pixels.shape)
            let imageEmbedding = try vit(pixels).lastHiddenState[.all, 0, .all]
            print(imageEmbedding.shape)
            image
            """)
        #expect(Self.printed(outputs) == "(width: 451, height: 300)\n[1, 3, 32, 32]\n[1, 32]\n")
        guard case .display(.image(let thumbnail))? = outputs.last else { Issue.record("no image display"); return }
        #expect(thumbnail.width == 451 && thumbnail.mode == "RGB")
        let small = session.outputs("""
            let small = try image.resized(width: 45, height: 30, filter: .bilinear).converted(to: .l)
            print(small.mode, small.size, Image.Mode.rgb)
            """)
        #expect(Self.printed(small) == "l (width: 45, height: 30) rgb\n")
    }

    @Test("sentence embeddings, a similarity table and expect in a check cell")
    func sentenceEmbeddings() throws {
        let session = Session()
        let outputs = session.outputs("""
            let embedder = try SentenceEmbedder.from(pretrained: "\(BindingFixtures.tinySentenceTransformers)")
            let words = ["king", "queen", "apple"]
            let vectors = try embedder.encode(words)
            print(vectors.shape, embedder.dimension)
            print(vectors[0].norm() > 0.999, vectors[0].dot(vectors[1]) == cosineSimilarity(vectors[0], vectors[1]))
            SimilarityTable(labels: words, embeddings: vectors)
            """)
        #expect(Self.printed(outputs).hasPrefix("[3, 32] 32\ntrue "))
        guard case .display(.similarity(let table))? = outputs.last else { Issue.record("no similarity display"); return }
        #expect(table.rows == ["king", "queen", "apple"] && table.values.count == 3)
        let check = session.run("""
            expect(vectors.shape == [3, embedder.dimension], "one row per word")
            expect(vectors.shape[1] == 768, "the dimension is 768")
            """)
        #expect(check.failedChecks == 1)
        let checks = check.outputs.compactMap { output -> CheckDisplay? in
            if case .display(.check(let check)) = output { return check } else { return nil }
        }
        #expect(checks.map(\.passed) == [true, false])
        #expect(checks.last?.location == Notebook.SourceLocation(file: "Chapters/test.md", line: session.line - 3, column: 1))
    }

    @Test("library errors become cell errors at the call site, never crashes")
    func errors() throws {
        let session = Session()
        _ = session.outputs("let a = Tensor(shape: [1, 384])\nlet b = Tensor(shape: [1, 768])")
        let mismatch = session.run("let s = cosineSimilarity(a, b)")
        #expect(mismatch.error?.kind == .runtime)
        #expect(mismatch.error?.message == "cosineSimilarity: [1, 384] and [1, 768] have different numbers of elements")
        #expect(mismatch.error?.location?.column == 9)
        let index = session.run("a[1]")
        #expect(index.error?.message == "Tensor subscript on shape [1, 384]: index 1 is out of range for dimension 0 of size 1")
        let caught = session.outputs("""
            let product = try? matmul(a, b)
            print(product == nil)
            """)
        #expect(Self.printed(caught) == "true\n")
        let outside = session.run(#"let image = try Image(contentsOf: "../outside.png")"#)
        #expect(outside.error?.kind == .fileAccess)
        let table = session.run(#"SimilarityTable(rows: ["a"], columns: ["b"], values: [[1, 2]])"#)
        #expect(table.error?.message == "SimilarityTable: 1 rows of values (2 wide) for 1 row labels and 1 column labels")
    }
}
