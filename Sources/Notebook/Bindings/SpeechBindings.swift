import Foundation
import Vectorbook

extension BindingRegistry {
    /// `AutoFeatureExtractor`, `FeatureExtractor`, `AudioInputs`, `model(inputs)` for audio,
    /// `SpeakerEncoder` and `SpeakerPartials`.
    func registerSpeech(loader: ModelLoader) {
        registerFeatureExtractor(loader: loader)
        registerSpeakerEncoder(loader: loader)
    }

    private func registerFeatureExtractor(loader: ModelLoader) {
        let type = LibraryType.featureExtractor, inputs = LibraryType.audioInputs
        staticMethod("AutoFeatureExtractor", "from", [Parameter("pretrained", type: "String"),
                                                     Parameter("revision", type: "String", default: .string("main"))]) { arguments, context in
            let id = try BindingArgument.string(arguments[argument: 0], "AutoFeatureExtractor.from(pretrained:)")
            let revision = try BindingArgument.string(arguments[argument: 1], "AutoFeatureExtractor.from(pretrained:) revision")
            return BindingValue.library(type, try loader.featureExtractor(id, revision: revision, context: context))
        }
        // `extractor(audio)` and `extractor(audios)`: one body, chosen by the value.
        let extract: MemberBody = { receiver, arguments, context in
            let extractor = try BindingArgument.object(receiver, FeatureExtractor.self, type, "FeatureExtractor call")
            try context.checkDeadline()
            if BindingArgument.isArray(arguments[argument: 0]) {
                let clips = try AudioValues.clips(arguments[argument: 0], "extractor(_:)")
                guard !clips.isEmpty else { throw CellRuntimeError("extractor(_:): the list of clips is empty") }
                return BindingValue.library(inputs, try extractor(clips))
            }
            return BindingValue.library(inputs, try extractor(try BindingArgument.object(arguments[argument: 0], Audio.self, LibraryType.audio, "extractor(_:)")))
        }
        callAsFunction(type, [Parameter(nil, type: "Audio")], extract)
        callAsFunction(type, [Parameter(nil, type: "[Audio]")], extract)
        let kind = "FeatureExtractor.Kind"
        libraryEnumeration(kind, FeatureExtractor.Kind.allCases.map { (String(describing: $0), $0) })
        libraryProperty(kind, FeatureExtractor.Kind.self, "rawValue") { .string($0.rawValue) }
        libraryProperty(type, FeatureExtractor.self, "kind") { BindingValue.library(kind, $0.kind) }
        libraryProperty(type, FeatureExtractor.self, "samplingRate") { .int($0.samplingRate) }
        libraryProperty(type, FeatureExtractor.self, "source") { .string($0.source) }
        libraryDescription(type, FeatureExtractor.self) { "FeatureExtractor \($0.kind.rawValue) (\($0.samplingRate) Hz) from \($0.source)" }
        display(type) { value, context in .text(context.describe(value), type: type) }

        libraryProperty(inputs, AudioInputs.self, "name") { .string($0.name) }
        libraryProperty(inputs, AudioInputs.self, "values") { BindingValue.tensor($0.values) }
        libraryProperty(inputs, AudioInputs.self, "attentionMask") { .optional($0.attentionMask, BindingValue.intRows) }
        libraryProperty(inputs, AudioInputs.self, "sampleCounts") { BindingValue.ints($0.sampleCounts) }
        libraryDescription(inputs, AudioInputs.self) { value in
            "AudioInputs: \(value.name) \(value.values.shape)\(value.attentionMask == nil ? "" : " with attention mask"), samples \(value.sampleCounts)"
        }
        display(inputs) { value, context in .text(context.describe(value), type: inputs) }
        libraryCall(LibraryType.model, Model.self, [Parameter(nil, type: "AudioInputs"),
                                                    Parameter("outputHiddenStates", type: "Bool", default: .bool(false))]) { model, arguments, context in
            let features = try BindingArgument.object(arguments[argument: 0], AudioInputs.self, inputs, "model(_:)")
            let states = try BindingArgument.bool(arguments[argument: 1], "model(_:outputHiddenStates:)")
            try context.checkDeadline()
            return BindingValue.library(LibraryType.modelOutput, try model(features, outputHiddenStates: states))
        }
    }

    private func registerSpeakerEncoder(loader: ModelLoader) {
        let type = LibraryType.speakerEncoder, partials = LibraryType.speakerPartials
        staticMethod(type, "from", [Parameter("pretrained", type: "String"), Parameter("revision", type: "String", default: .string("main"))]) { arguments, context in
            let id = try BindingArgument.string(arguments[argument: 0], "SpeakerEncoder.from(pretrained:)")
            let revision = try BindingArgument.string(arguments[argument: 1], "SpeakerEncoder.from(pretrained:) revision")
            return BindingValue.library(type, try loader.speakerEncoder(id, revision: revision, context: context))
        }
        let volume = Parameter("normalizeVolume", type: "Bool", default: .bool(true))
        libraryMethod(type, SpeakerEncoder.self, "embedUtterance", [Parameter(nil, type: "Audio"), volume]) { encoder, arguments, context in
            let audio = try BindingArgument.object(arguments[argument: 0], Audio.self, LibraryType.audio, "embedUtterance(_:)")
            let normalize = try BindingArgument.bool(arguments[argument: 1], "embedUtterance normalizeVolume")
            try context.checkDeadline()
            return BindingValue.tensor(try encoder.embedUtterance(audio, normalizeVolume: normalize))
        }
        libraryMethod(type, SpeakerEncoder.self, "embedSpeaker", [Parameter(nil, type: "[Audio]"), volume]) { encoder, arguments, context in
            let clips = try AudioValues.clips(arguments[argument: 0], "embedSpeaker(_:)")
            let normalize = try BindingArgument.bool(arguments[argument: 1], "embedSpeaker normalizeVolume")
            try context.checkDeadline()
            return BindingValue.tensor(try encoder.embedSpeaker(clips, normalizeVolume: normalize))
        }
        libraryMethod(type, SpeakerEncoder.self, "embedPartials", [Parameter(nil, type: "Audio"), volume]) { encoder, arguments, context in
            let audio = try BindingArgument.object(arguments[argument: 0], Audio.self, LibraryType.audio, "embedPartials(_:)")
            let normalize = try BindingArgument.bool(arguments[argument: 1], "embedPartials normalizeVolume")
            try context.checkDeadline()
            return BindingValue.library(partials, try encoder.embedPartials(audio, normalizeVolume: normalize))
        }
        libraryMethod(type, SpeakerEncoder.self, "melFeatures", [Parameter(nil, type: "Audio")]) { encoder, arguments, context in
            let audio = try BindingArgument.object(arguments[argument: 0], Audio.self, LibraryType.audio, "melFeatures(_:)")
            try context.checkDeadline()
            return BindingValue.tensor(try encoder.melFeatures(audio))
        }
        libraryMethod(type, SpeakerEncoder.self, "preprocess", [Parameter(nil, type: "Audio")]) { encoder, arguments, _ in
            BindingValue.library(LibraryType.audio, try encoder.preprocess(
                try BindingArgument.object(arguments[argument: 0], Audio.self, LibraryType.audio, "preprocess(_:)")))
        }
        libraryProperty(type, SpeakerEncoder.self, "embeddingSize") { .int($0.embeddingSize) }
        libraryProperty(type, SpeakerEncoder.self, "name") { .string($0.name) }
        libraryDescription(type, SpeakerEncoder.self) { String(describing: $0) }
        display(type) { value, context in .text(context.describe(value), type: type) }

        libraryProperty(partials, SpeakerPartials.self, "embeddings") { BindingValue.tensor($0.embeddings) }
        libraryProperty(partials, SpeakerPartials.self, "utterance") { BindingValue.tensor($0.utterance) }
        libraryProperty(partials, SpeakerPartials.self, "mels") { BindingValue.tensor($0.mels) }
        libraryProperty(partials, SpeakerPartials.self, "slices") { .array($0.slices.map { .string($0.description) }) }
        libraryDescription(partials, SpeakerPartials.self) { "SpeakerPartials: \($0.slices.count) windows, embeddings \($0.embeddings.shape)" }
        display(partials) { value, context in .text(context.describe(value), type: partials) }
    }
}
