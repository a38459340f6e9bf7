import Foundation
import Notebook
import Testing
import Vectorbook

@Suite("Bindings: tokenizers and text models")
struct BindingsModelTests {
    let invoke = BindingsInvoker()

    func tokenizer() throws -> Value {
        try invoke.staticMethod("AutoTokenizer", "from", arg("pretrained", .string(BindingFixtures.tinyBERT)))
    }

    func model(_ path: String = BindingFixtures.tinyBERT) throws -> Value {
        try invoke.staticMethod("AutoModel", "from", arg("pretrained", .string(path)))
    }

    @Test("a course path loads through resolveFile and is recorded as a model")
    func loadingRecordsTheFolder() throws {
        let loaded = try tokenizer()
        #expect(invoke.context.files.map(\.lastPathComponent) == ["tiny-bert"])
        #expect(invoke.context.models.map(\.id) == [BindingFixtures.tinyBERT])
        #expect(try invoke.property(loaded, "modelMaxLength").testInt == 64)
        #expect(try invoke.property(loaded, "padToken") .testOptionalString == "[PAD]")
    }

    @Test("a model loaded twice is read once (process cache keyed by folder)")
    func cache() throws {
        let first = try model().testPayload(Model.self)
        let second = try model().testPayload(Model.self)
        #expect(first === second)
        let tokenizerA = try tokenizer().testPayload(Tokenizer.self)
        let tokenizerB = try tokenizer().testPayload(Tokenizer.self)
        #expect(tokenizerA === tokenizerB)
    }

    @Test("tokenize, encode, decode and the token ↔ id conversions")
    func tokenizerMethods() throws {
        let tok = try tokenizer()
        let library = try tok.testPayload(Tokenizer.self)
        let tokens = try invoke.method(tok, "tokenize", arg(.string("hello world")))
        #expect(tokens.testArray?.compactMap(\.testString) == library.tokenize("hello world"))
        let ids = try invoke.method(tok, "encode", arg(.string("hello world")))
        #expect(ids.testInts == library.encode("hello world"))
        let bare = try invoke.method(tok, "encode", arg(.string("hello")), arg("addSpecialTokens", .bool(false)))
        #expect(bare.testInts == library.encode("hello", addSpecialTokens: false))
        #expect(try invoke.method(tok, "decode", arg(ids), arg("skipSpecialTokens", .bool(true))).testString == "hello world")
        #expect(try invoke.method(tok, "convertTokensToIDs", arg(.testStrings(["[CLS]", "a"]))).testInts == [2, 17])
        #expect(try invoke.method(tok, "convertIDsToTokens", arg(.array([.int(3)]))).testArray?.first?.testString == "[SEP]")
    }

    @Test("tokenizer(text, padding: true, truncation: true) and the batch form with maxLength")
    func tokenizerCall() throws {
        let tok = try tokenizer()
        let library = try tok.testPayload(Tokenizer.self)
        let single = try invoke.call(tok, arg(.string("hello world")), arg("padding", .bool(true)), arg("truncation", .bool(true)))
        #expect(try single.testPayload(BatchEncoding.self) == library("hello world", padding: true, truncation: true))
        let texts = Value.testStrings(["hello world", "hi"])
        let longest = try invoke.staticProperty("Padding", "longest")
        let batch = try invoke.call(tok, arg(texts), arg("padding", longest), arg("truncation", .bool(true)), arg("maxLength", .int(5)))
        let expected = try library(["hello world", "hi"], padding: .longest, truncation: true, maxLength: 5)
        #expect(try batch.testPayload(BatchEncoding.self) == expected)
        let ids = try invoke.property(batch, "inputIDs")
        #expect(ids.testArray?.count == 2 && ids.testArray?[0].testInts == expected.inputIDs[0])
        #expect(try invoke.property(batch, "attentionMask").testArray?[1].testInts == expected.attentionMask[1])
        let pair = try invoke.call(tok, arg(.string("hi")), arg("pair", .string("ok")))
        #expect(try pair.testPayload(BatchEncoding.self) == library("hi", pair: "ok"))
        #expect(throws: TokenizerError.self) {
            try self.invoke.call(tok, arg(.testStrings(["hi"])), arg("pairs", .testStrings(["ok", "no"])))
        }
        #expect(bindingError { try self.invoke.call(tok, arg(.string("hi")), arg("maxLength", .int(-1))) }?.contains("must not be negative") == true)
    }

    @Test("the model runs on tokenizer output; lastHiddenState.mean(dim: 1) and [0, ..<5] work")
    func modelCall() throws {
        let tok = try tokenizer()
        let bert = try model()
        let inputs = try invoke.call(tok, arg(.testStrings(["hello world", "hi"])), arg("padding", .bool(true)))
        let outputs = try invoke.call(bert, arg(inputs))
        let hidden = try invoke.property(outputs, "lastHiddenState")
        #expect(try hidden.testPayload(Tensor.self).shape == [2, 8, 32])
        let pooled = try invoke.method(hidden, "mean", arg("dim", .int(1)))
        let library = try bert.testPayload(Model.self)(try inputs.testPayload(BatchEncoding.self))
        #expect(try pooled.testPayload(Tensor.self) == library.lastHiddenState.mean(dim: 1))
        #expect(try pooled.testPayload(Tensor.self) == (try invoke.method(outputs, "pooled", arg(try invoke.staticProperty("Pooling", "mean")))).testPayload(Tensor.self))
        let head = try invoke.subscriptGet(pooled, .int(0), .range(lower: nil, upper: .int(5), closed: false))
        #expect(try head.testPayload(Tensor.self).scalars == Array(library.lastHiddenState.mean(dim: 1).scalars.prefix(5)))
        #expect(try invoke.property(bert, "modelType").testString == "bert")
        guard case .optional(.some(.int(32))) = try invoke.property(bert, "hiddenSize") else { Issue.record("hiddenSize"); return }
        guard case .optional(.some) = try invoke.property(outputs, "poolerOutput") else { Issue.record("poolerOutput"); return }
        let states = try invoke.call(bert, arg(inputs), arg("outputHiddenStates", .bool(true)))
        guard case .optional(.some(.array(let layers))) = try invoke.property(states, "hiddenStates") else { Issue.record("hiddenStates"); return }
        #expect(layers.count == 3)
    }

    @Test("bad model input throws a cell error")
    func badModelInput() throws {
        let bert = try model()
        let ragged = try invoke.initializer("BatchEncoding", arg("inputIDs", .array([.array([.int(2), .int(3)]), .array([.int(2)])])),
                                            arg("attentionMask", .array([.array([.int(1), .int(1)]), .array([.int(1)])])),
                                            arg("tokenTypeIDs", .array([])), arg("tokens", .array([])))
        #expect(bindingError { try self.invoke.call(bert, arg(ragged)) }?.contains("tokenize with padding: true") == true)
        let empty = try invoke.initializer("BatchEncoding", arg("inputIDs", .array([])), arg("attentionMask", .array([])),
                                           arg("tokenTypeIDs", .array([])), arg("tokens", .array([])))
        #expect(bindingError { try self.invoke.call(bert, arg(empty)) } == "the model input has no sequences")
        let flat = try invoke.initializer("Tensor", arg("shape", .array([.int(3), .int(4)])))
        #expect(bindingError { try self.invoke.call(bert, arg(flat)) } == "pixel values must be [batch, channels, height, width], got [3, 4]")
        let pixels = try invoke.initializer("Tensor", arg("shape", .array([.int(1), .int(3), .int(8), .int(8)])))
        #expect(throws: EncoderError.self) { try self.invoke.call(bert, arg(pixels)) }
        #expect(bindingError { try self.invoke.call(bert, arg(.string("text"))) } == "model(_:): expected BatchEncoding or Tensor, got String")
    }

    @Test("SentenceEmbedder.from(pretrained:) encodes one text to [dim] and many to [n, dim]")
    func sentenceEmbedder() throws {
        let embedder = try invoke.staticMethod("SentenceEmbedder", "from", arg("pretrained", .string(BindingFixtures.tinySentenceTransformers)))
        let one = try invoke.method(embedder, "encode", arg(.string("hello world"))).testPayload(Tensor.self)
        let dimension = try invoke.property(embedder, "dimension").testInt
        #expect(one.shape == [dimension ?? -1])
        let many = try invoke.method(embedder, "encode", arg(.testStrings(["hello world", "hi", "ok"]))).testPayload(Tensor.self)
        #expect(many.shape == [3, dimension ?? -1])
        #expect(abs(one.norm() - 1) < 1e-4)
        let library = try embedder.testPayload(SentenceEmbedder.self)
        #expect(one == (try library.encode("hello world")))
        let cls = try invoke.staticMethod("SentenceEmbedder", "from", arg("pretrained", .string(BindingFixtures.tinySentenceTransformers)),
                                          arg("pooling", try invoke.staticProperty("Pooling", "cls")), arg("normalize", .bool(false)))
        #expect(try cls.testPayload(SentenceEmbedder.self).poolingModes == ["cls"])
        #expect(try cls.testPayload(SentenceEmbedder.self) !== library)
    }

    @Test("hub ids go through ModelLocator; offline and missing gives the locator's error")
    func hubIDOffline() throws {
        withBindingsOffline {
            #expect(throws: HubError.self) {
                try self.invoke.staticMethod("AutoModel", "from", arg("pretrained", .string("vectorbook-test/does-not-exist")))
            }
        }
        #expect(invoke.context.models.isEmpty)
    }

    @Test("paths outside the course folder are refused")
    func outsideCourse() throws {
        let course = FileManager.default.temporaryDirectory.appendingPathComponent("vb-course-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: course, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: course) }
        let outside = BindingsInvoker(BindingsMockContext(courseRoot: course))
        let absolute = BindingFixtures.repositoryRoot.appendingPathComponent(BindingFixtures.tinyBERT).path
        #expect(bindingError { try outside.staticMethod("AutoModel", "from", arg("pretrained", .string(absolute))) }?
            .contains("outside the course folder") == true)
        #expect(bindingError { try outside.staticMethod("AutoTokenizer", "from", arg("pretrained", .string("../x"))) }?
            .contains("outside the course folder") == true)
        #expect(outside.context.models.isEmpty)
    }

    @Test("descriptions are what print shows in a compiled program")
    func descriptions() throws {
        let tok = try tokenizer()
        let inputs = try invoke.call(tok, arg(.string("hi")))
        #expect(invoke.context.describe(tok) == "Tokenizer(vocabulary 512, max length 64)")
        #expect(invoke.context.describe(try model()).hasPrefix("Model(bert, hidden 32, from "))
        #expect(invoke.context.describe(inputs)
            == ###"BatchEncoding(inputIDs: [[2, 24, 77, 3]], attentionMask: [[1, 1, 1, 1]], tokenTypeIDs: [[0, 0, 0, 0]], tokens: [["[CLS]", "h", "##i", "[SEP]"]])"###)
        #expect(invoke.context.describe(try invoke.staticProperty("Pooling", "mean")) == "mean")
        #expect(invoke.context.describe(try invoke.staticProperty("Padding", "longest")) == "longest")
        let outputs = try invoke.call(try model(), arg(inputs))
        #expect(invoke.context.describe(outputs).hasPrefix("ModelOutput(lastHiddenState: Tensor([1, 4, 32], float32) ["))
    }

    @Test("displays: token table, model and tokenizer summaries")
    func displays() throws {
        let tok = try tokenizer()
        let inputs = try invoke.call(tok, arg(.testStrings(["hi", "hello"])), arg("padding", .bool(true)))
        guard case .tokens(let table) = try invoke.display(inputs) else { Issue.record("not a token table"); return }
        #expect(table.sequences.count == 2)
        #expect(table.sequences[0].map(\.token) == ["[CLS]", "h", "##i", "[SEP]", "[PAD]"])
        #expect(table.sequences[0].map(\.attentionMask) == [1, 1, 1, 1, 0])
        #expect(table.sequences[0].first?.typeID == 0)
        #expect(try invoke.display(try model()) == .text("Model bert (hidden 32) from \(BindingFixtures.tinyBERT)", type: "Model"))
        #expect(try invoke.display(tok) == .text("Tokenizer from \(BindingFixtures.tinyBERT) (vocabulary 512, max length 64)", type: "Tokenizer"))
        let outputs = try invoke.call(try model(), arg(inputs))
        #expect(try invoke.display(outputs) == .text("ModelOutput: lastHiddenState [2, 5, 32], poolerOutput [2, 32]", type: "ModelOutput"))
        let handMade = try invoke.initializer("BatchEncoding", arg("inputIDs", .array([.array([.int(7)])])),
                                              arg("attentionMask", .array([.array([.int(1)])])),
                                              arg("tokenTypeIDs", .array([])), arg("tokens", .array([])))
        guard case .tokens(let bare) = try invoke.display(handMade) else { return }
        #expect(bare.sequences == [[TokenTableDisplay.Row(token: "#7", id: 7, attentionMask: 1, typeID: nil)]])
    }
}

extension Value {
    var testOptionalString: String? {
        if case .optional(.some(.string(let text))) = self { return text }
        return nil
    }
}
