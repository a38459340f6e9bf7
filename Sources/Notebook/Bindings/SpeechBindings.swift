import Foundation
import Vectorbook

extension BindingRegistry {
    /// `SpeakerEncoder` and `SpeakerPartials`.
    func registerSpeech(loader: ModelLoader) {
        registerSpeakerEncoder(loader: loader)
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
            let clips = try BindingArgument.array(arguments[argument: 0], "embedSpeaker(_:)", expected: "[Audio]").enumerated().map {
                try BindingArgument.object($1, Audio.self, LibraryType.audio, "embedSpeaker(_:) clip \($0)")
            }
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
