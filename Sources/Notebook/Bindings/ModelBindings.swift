import Foundation
import Vectorbook

extension BindingRegistry {
    /// `AutoModel`, `Model`, `ModelOutput`, `CLIPOutput` and `SentenceEmbedder`.
    func registerModels(loader: ModelLoader) {
        let pretrained = [Parameter("pretrained", type: "String"), Parameter("revision", type: "String", default: .string("main"))]
        staticMethod("AutoModel", "from", pretrained) { arguments, context in
            let id = try BindingArgument.string(arguments[argument: 0], "AutoModel.from(pretrained:)")
            let revision = try BindingArgument.string(arguments[argument: 1], "AutoModel.from(pretrained:) revision")
            return BindingValue.library(LibraryType.model, try loader.model(id, revision: revision, context: context))
        }
        staticProperty("AutoModel", "supportedModelTypes") { _ in BindingValue.strings(AutoModel.supportedModelTypes) }
        registerModelCalls()
        registerModelMembers()
        registerModelOutputs()
        registerSentenceEmbedder(loader: loader, pretrained: pretrained)
    }

    /// `model(inputs)` (text) and `model(pixels)` (images): both bodies accept either value.
    private func registerModelCalls() {
        let type = LibraryType.model
        let hidden = Parameter("outputHiddenStates", type: "Bool", default: .bool(false))
        let run: MemberBody = { receiver, arguments, context in
            let model = try BindingArgument.object(receiver, Model.self, type, "Model call")
            let states = try BindingArgument.bool(arguments[argument: 1], "model(_:outputHiddenStates:)")
            try context.checkDeadline()
            if case .object(let object) = arguments[argument: 0], let pixels = object.payload as? Tensor {
                try ModelChecks.pixels(pixels)
                return BindingValue.library(LibraryType.modelOutput, try model(pixels, outputHiddenStates: states))
            }
            let inputs = try BindingArgument.object(arguments[argument: 0], BatchEncoding.self, "BatchEncoding or Tensor", "model(_:)")
            try ModelChecks.batch(inputs)
            return BindingValue.library(LibraryType.modelOutput, try model(inputs, outputHiddenStates: states))
        }
        callAsFunction(type, [Parameter(nil, type: "BatchEncoding"), hidden], run)
        callAsFunction(type, [Parameter(nil, type: "Tensor"), hidden], run)
        libraryCall(type, Model.self, [Parameter("text", type: "BatchEncoding"), Parameter("images", type: "Tensor")]) { model, arguments, context in
            let inputs = try BindingArgument.object(arguments[argument: 0], BatchEncoding.self, LibraryType.batchEncoding, "model(text:images:) text")
            let pixels = try BindingArgument.tensor(arguments[argument: 1], "model(text:images:) images")
            try ModelChecks.batch(inputs)
            try ModelChecks.pixels(pixels)
            try context.checkDeadline()
            return BindingValue.library(LibraryType.clipOutput, try model(text: inputs, images: pixels))
        }
        libraryMethod(type, Model.self, "getTextFeatures", [Parameter(nil, type: "BatchEncoding")]) { model, arguments, context in
            let inputs = try BindingArgument.object(arguments[argument: 0], BatchEncoding.self, LibraryType.batchEncoding, "getTextFeatures(_:)")
            try ModelChecks.batch(inputs)
            try context.checkDeadline()
            return BindingValue.tensor(try model.getTextFeatures(inputs))
        }
        libraryMethod(type, Model.self, "getImageFeatures", [Parameter(nil, type: "Tensor")]) { model, arguments, context in
            let pixels = try BindingArgument.tensor(arguments[argument: 0], "getImageFeatures(_:)")
            try ModelChecks.pixels(pixels)
            try context.checkDeadline()
            return BindingValue.tensor(try model.getImageFeatures(pixels))
        }
    }

    private func registerModelMembers() {
        let type = LibraryType.model
        libraryProperty(type, Model.self, "id") { .string($0.id) }
        libraryProperty(type, Model.self, "folder") { BindingValue.library(LibraryType.url, $0.folder) }
        libraryProperty(type, Model.self, "modelType") { .string($0.modelType) }
        libraryProperty(type, Model.self, "hiddenSize") { .optional($0.hiddenSize, Value.int) }
        libraryDescription(type, Model.self) { String(describing: $0) }
        display(type) { value, _ in
            .text(DisplayConversion.summary(of: try BindingArgument.object(value, Model.self, type, "display")), type: type)
        }
    }

    private func registerModelOutputs() {
        let output = LibraryType.modelOutput
        libraryProperty(output, ModelOutput.self, "lastHiddenState") { BindingValue.tensor($0.lastHiddenState) }
        libraryProperty(output, ModelOutput.self, "poolerOutput") { .optional($0.poolerOutput, BindingValue.tensor) }
        libraryProperty(output, ModelOutput.self, "hiddenStates") { .optional($0.hiddenStates) { .array($0.map(BindingValue.tensor)) } }
        libraryProperty(output, ModelOutput.self, "attentionMask") { BindingValue.intRows($0.attentionMask) }
        libraryMethod(output, ModelOutput.self, "pooled", [Parameter(nil, type: "Pooling")]) { outputs, arguments, _ in
            let pooling = try BindingArgument.object(arguments[argument: 0], Pooling.self, LibraryType.pooling, "pooled(_:)")
            try TensorChecks.pooling(outputs.lastHiddenState, pooling)
            return BindingValue.tensor(outputs.pooled(pooling))
        }
        libraryDescription(output, ModelOutput.self) { String(describing: $0) }
        display(output) { value, _ in
            .text(DisplayConversion.summary(of: try BindingArgument.object(value, ModelOutput.self, output, "display")), type: output)
        }

        let clip = LibraryType.clipOutput
        let tensors: [(String, (CLIPOutput) -> Tensor)] = [
            ("logitsPerImage", \.logitsPerImage), ("logitsPerText", \.logitsPerText),
            ("textEmbeds", \.textEmbeds), ("imageEmbeds", \.imageEmbeds),
        ]
        for (name, read) in tensors {
            libraryProperty(clip, CLIPOutput.self, name) { BindingValue.tensor(read($0)) }
        }
        libraryProperty(clip, CLIPOutput.self, "textModelOutput") { BindingValue.library(output, $0.textModelOutput) }
        libraryProperty(clip, CLIPOutput.self, "visionModelOutput") { BindingValue.library(output, $0.visionModelOutput) }
        libraryDescription(clip, CLIPOutput.self) { String(describing: $0) }
        display(clip) { value, _ in
            .text(DisplayConversion.summary(of: try BindingArgument.object(value, CLIPOutput.self, clip, "display")), type: clip)
        }
    }

    private func registerSentenceEmbedder(loader: ModelLoader, pretrained: [Parameter]) {
        let type = LibraryType.sentenceEmbedder
        staticMethod(type, "from", pretrained + [Parameter("pooling", type: "Pooling?", default: .optional(nil)),
                                                 Parameter("normalize", type: "Bool?", default: .optional(nil))]) { arguments, context in
            let role = "SentenceEmbedder.from(pretrained:)"
            let id = try BindingArgument.string(arguments[argument: 0], role)
            let revision = try BindingArgument.string(arguments[argument: 1], "\(role) revision")
            let pooling = try BindingArgument.optional(arguments[argument: 2]).map {
                try BindingArgument.object($0, Pooling.self, LibraryType.pooling, "\(role) pooling")
            }
            let normalize = try BindingArgument.optional(arguments[argument: 3]).map { try BindingArgument.bool($0, "\(role) normalize") }
            return BindingValue.library(type, try loader.sentenceEmbedder(id, revision: revision, pooling: pooling,
                                                             normalize: normalize, context: context))
        }
        // `encode(_ text: String)` and `encode(_ texts: [String], batchSize:)`: one body, chosen by the value.
        let encode: MemberBody = { receiver, arguments, context in
            let embedder = try BindingArgument.object(receiver, SentenceEmbedder.self, type, "SentenceEmbedder.encode")
            try context.checkDeadline()
            if BindingArgument.isArray(arguments[argument: 0]) {
                let texts = try BindingArgument.strings(arguments[argument: 0], "encode(_:batchSize:)")
                let batchSize = arguments.count > 1 ? try BindingArgument.int(arguments[argument: 1], "encode(_:batchSize:) batchSize") : 32
                return BindingValue.tensor(try embedder.encode(texts, batchSize: batchSize))
            }
            return BindingValue.tensor(try embedder.encode(try BindingArgument.string(arguments[argument: 0], "encode(_:)")))
        }
        method(type, "encode", [Parameter(nil, type: "String")], encode)
        method(type, "encode", [Parameter(nil, type: "[String]"), Parameter("batchSize", type: "Int", default: .int(32))], encode)
        libraryProperty(type, SentenceEmbedder.self, "id") { .string($0.id) }
        libraryProperty(type, SentenceEmbedder.self, "dimension") { .int($0.dimension) }
        libraryProperty(type, SentenceEmbedder.self, "maxSequenceLength") { .int($0.maxSequenceLength) }
        libraryProperty(type, SentenceEmbedder.self, "poolingModes") { BindingValue.strings($0.poolingModes) }
        libraryProperty(type, SentenceEmbedder.self, "normalizes") { .bool($0.normalizes) }
        libraryProperty(type, SentenceEmbedder.self, "tokenizer") { BindingValue.library(LibraryType.tokenizer, $0.tokenizer) }
        libraryDescription(type, SentenceEmbedder.self) { String(describing: $0) }
        display(type) { value, _ in
            .text(DisplayConversion.summary(of: try BindingArgument.object(value, SentenceEmbedder.self, type, "display")), type: type)
        }
    }
}

/// Input checks before running a model, for inputs a cell built by hand.
enum ModelChecks {
    /// A non-empty batch whose rows all have the same length in every field.
    static func batch(_ inputs: BatchEncoding) throws {
        guard !inputs.inputIDs.isEmpty else { throw CellRuntimeError("the model input has no sequences") }
        let width = inputs.inputIDs[0].count
        guard width > 0 else { throw CellRuntimeError("the model input's first sequence has no tokens") }
        guard inputs.attentionMask.count == inputs.inputIDs.count else {
            throw CellRuntimeError("the model input has \(inputs.inputIDs.count) rows of input ids but \(inputs.attentionMask.count) attention-mask rows")
        }
        for (row, ids) in inputs.inputIDs.enumerated() where ids.count != width || inputs.attentionMask[row].count != width {
            throw CellRuntimeError("row \(row) of the model input has \(ids.count) ids and \(inputs.attentionMask[row].count) mask values; "
                + "every row needs \(width): tokenize with padding: true")
        }
    }

    /// `[n, channels, height, width]` pixels with at least one image.
    static func pixels(_ pixels: Tensor) throws {
        guard pixels.rank == 4 else {
            throw CellRuntimeError("pixel values must be [batch, channels, height, width], got \(pixels.shape)")
        }
        guard pixels.count > 0 else { throw CellRuntimeError("the pixel values \(pixels.shape) hold no pixels") }
    }
}
