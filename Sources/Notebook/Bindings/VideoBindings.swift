import Foundation
import Vectorbook

extension BindingRegistry {
    /// `Video` (AVI files and frame folders, frames, sampling), `VideoEmbedder`, `VideoEmbedding`,
    /// `TemporalPooling` and `FramePooling`.
    func registerVideo(loader: ModelLoader) {
        registerVideoValues()
        registerVideoEmbedder(loader: loader)
    }

    private func registerVideoValues() {
        let type = LibraryType.video
        let open: Body = { arguments, context in
            try context.checkDeadline()
            let path = try BindingArgument.string(arguments[argument: 0], "Video(contentsOf:)")
            let rate = try BindingArgument.optional(arguments[argument: 1]).map { try BindingArgument.double($0, "Video(contentsOf:frameRate:) frameRate") }
            if let rate, !(rate > 0 && rate.isFinite) {
                throw CellRuntimeError("Video(contentsOf:frameRate:): the frame rate must be a positive number, got \(rate)")
            }
            return BindingValue.library(type, try Video(contentsOf: try context.resolveFile(path).path, frameRate: rate))
        }
        initializer(type, [Parameter("contentsOf", type: "String"), Parameter("frameRate", type: "Double?", default: .optional(nil))], open)
        libraryProperty(type, Video.self, "frameCount") { .int($0.frameCount) }
        libraryProperty(type, Video.self, "frameRate") { .double($0.frameRate) }
        libraryProperty(type, Video.self, "duration") { .double($0.duration) }
        libraryProperty(type, Video.self, "width") { .int($0.width) }
        libraryProperty(type, Video.self, "height") { .int($0.height) }
        libraryProperty(type, Video.self, "origin") { .string($0.origin) }
        libraryMethod(type, Video.self, "frame", [Parameter("at", type: "Int")]) { video, arguments, context in
            try context.checkDeadline()
            return BindingValue.library(LibraryType.image, try video.frame(at: try BindingArgument.int(arguments[argument: 0], "frame(at:)")))
        }
        libraryMethod(type, Video.self, "frames", [Parameter("at", type: "[Int]")]) { video, arguments, context in
            let indices = try BindingArgument.ints(arguments[argument: 0], "frames(at:)")
            try VideoValues.checkFrameCount(indices.count, "frames(at:)")
            try context.checkDeadline()
            return .array(try video.frames(at: indices).map { BindingValue.library(LibraryType.image, $0) })
        }
        libraryMethod(type, Video.self, "sampledFrameIndices", [Parameter("count", type: "Int")]) { video, arguments, _ in
            BindingValue.ints(video.sampledFrameIndices(count: try BindingArgument.int(arguments[argument: 0], "sampledFrameIndices(count:)")))
        }
        libraryMethod(type, Video.self, "sampledFrames", [Parameter("count", type: "Int")]) { video, arguments, context in
            let count = try BindingArgument.int(arguments[argument: 0], "sampledFrames(count:)")
            try VideoValues.checkFrameCount(count, "sampledFrames(count:)")
            try context.checkDeadline()
            return .array(try video.sampledFrames(count: count).map { BindingValue.library(LibraryType.image, $0) })
        }
        libraryMethod(type, Video.self, "timestamp", [Parameter("ofFrame", type: "Int")]) { video, arguments, _ in
            .double(video.timestamp(ofFrame: try BindingArgument.int(arguments[argument: 0], "timestamp(ofFrame:)")))
        }
        libraryMethod(type, Video.self, "frameIndex", [Parameter("at", type: "Double")]) { video, arguments, _ in
            .optional(video.frameIndex(at: try BindingArgument.double(arguments[argument: 0], "frameIndex(at:)")), Value.int)
        }
        libraryDescription(type, Video.self) { DisplayConversion.summary(of: $0) }
        display(type) { value, _ in try MediaDisplays.video(try BindingArgument.object(value, Video.self, type, "display")) }
    }

    private func registerVideoEmbedder(loader: ModelLoader) {
        let type = LibraryType.videoEmbedder, embedding = LibraryType.videoEmbedding
        let temporal = LibraryType.temporalPooling, framePooling = LibraryType.framePooling
        libraryEnumeration(temporal, TemporalPooling.allCases.map { ($0.rawValue, $0) })
        libraryProperty(temporal, TemporalPooling.self, "rawValue") { .string($0.rawValue) }
        libraryEnumeration(framePooling, FramePooling.allCases.map { ($0.rawValue, $0) })
        libraryProperty(framePooling, FramePooling.self, "rawValue") { .string($0.rawValue) }

        staticMethod(type, "from", [Parameter("pretrained", type: "String"), Parameter("revision", type: "String", default: .string("main")),
                                    Parameter("pooling", type: "TemporalPooling", default: BindingValue.library(temporal, TemporalPooling.mean)),
                                    Parameter("batchSize", type: "Int", default: .int(8))]) { arguments, context in
            let role = "VideoEmbedder.from(pretrained:)"
            let id = try BindingArgument.string(arguments[argument: 0], role)
            let revision = try BindingArgument.string(arguments[argument: 1], "\(role) revision")
            let pooling = try BindingArgument.object(arguments[argument: 2], TemporalPooling.self, temporal, "\(role) pooling")
            let batchSize = try BindingArgument.int(arguments[argument: 3], "\(role) batchSize")
            guard (1 ... 64).contains(batchSize) else { throw CellRuntimeError("\(role): batchSize must be between 1 and 64, got \(batchSize)") }
            let processor = try loader.imageProcessor(id, revision: revision, context: context)
            let model = try loader.model(id, revision: revision, context: context)
            return BindingValue.library(type, try VideoEmbedder(processor: processor, model: model, pooling: pooling, batchSize: batchSize))
        }
        let frameVector = Parameter("frameVector", type: "FramePooling", default: BindingValue.library(framePooling, FramePooling.cls))
        libraryMethod(type, VideoEmbedder.self, "embed", [Parameter(nil, type: "Video"), Parameter("frames", type: "Int", default: .int(8)), frameVector]) { embedder, arguments, context in
            let video = try BindingArgument.object(arguments[argument: 0], Video.self, LibraryType.video, "embed(_:frames:)")
            let frames = try BindingArgument.int(arguments[argument: 1], "embed(_:frames:) frames")
            try VideoValues.checkFrameCount(frames, "embed(_:frames:)")
            let pooling = try BindingArgument.object(arguments[argument: 2], FramePooling.self, framePooling, "embed frameVector")
            try context.checkDeadline()
            return BindingValue.library(embedding, try embedder.embed(video, frames: frames, frameVector: pooling))
        }
        libraryMethod(type, VideoEmbedder.self, "embed", [Parameter(nil, type: "Video"), Parameter("frameIndices", type: "[Int]"), frameVector]) { embedder, arguments, context in
            let video = try BindingArgument.object(arguments[argument: 0], Video.self, LibraryType.video, "embed(_:frameIndices:)")
            let indices = try BindingArgument.ints(arguments[argument: 1], "embed(_:frameIndices:) frameIndices")
            try VideoValues.checkFrameCount(indices.count, "embed(_:frameIndices:)")
            let pooling = try BindingArgument.object(arguments[argument: 2], FramePooling.self, framePooling, "embed frameVector")
            try context.checkDeadline()
            return BindingValue.library(embedding, try embedder.embed(video, frameIndices: indices, frameVector: pooling))
        }
        libraryMethod(type, VideoEmbedder.self, "encode", [Parameter(nil, type: "Video"), Parameter("frames", type: "Int", default: .int(8)), frameVector]) { embedder, arguments, context in
            let video = try BindingArgument.object(arguments[argument: 0], Video.self, LibraryType.video, "encode(_:frames:)")
            let frames = try BindingArgument.int(arguments[argument: 1], "encode(_:frames:) frames")
            try VideoValues.checkFrameCount(frames, "encode(_:frames:)")
            let pooling = try BindingArgument.object(arguments[argument: 2], FramePooling.self, framePooling, "encode frameVector")
            try context.checkDeadline()
            return BindingValue.tensor(try embedder.encode(video, frames: frames, frameVector: pooling))
        }
        libraryProperty(type, VideoEmbedder.self, "pooling") { BindingValue.library(temporal, $0.pooling) }
        libraryProperty(type, VideoEmbedder.self, "model") { BindingValue.library(LibraryType.model, $0.model) }
        libraryProperty(type, VideoEmbedder.self, "processor") { BindingValue.library(LibraryType.imageProcessor, $0.processor) }
        libraryDescription(type, VideoEmbedder.self) { "VideoEmbedder \($0.model.id) (\($0.pooling.rawValue) pooling over frames)" }
        display(type) { value, context in .text(context.describe(value), type: type) }

        libraryProperty(embedding, VideoEmbedding.self, "frameIndices") { BindingValue.ints($0.frameIndices) }
        libraryProperty(embedding, VideoEmbedding.self, "timestamps") { .array($0.timestamps.map(Value.double)) }
        libraryProperty(embedding, VideoEmbedding.self, "frameVectors") { BindingValue.tensor($0.frameVectors) }
        libraryProperty(embedding, VideoEmbedding.self, "frameSimilarities") { BindingValue.floats($0.frameSimilarities) }
        libraryProperty(embedding, VideoEmbedding.self, "frameCount") { .int($0.frameCount) }
        libraryProperty(embedding, VideoEmbedding.self, "dimension") { .int($0.dimension) }
        libraryProperty(embedding, VideoEmbedding.self, "vector") { BindingValue.tensor($0.vector) }
        libraryProperty(embedding, VideoEmbedding.self, "defaultPooling") { BindingValue.library(temporal, $0.defaultPooling) }
        libraryMethod(embedding, VideoEmbedding.self, "pooled", [Parameter(nil, type: "TemporalPooling")]) { value, arguments, _ in
            BindingValue.tensor(value.pooled(try BindingArgument.object(arguments[argument: 0], TemporalPooling.self, temporal, "pooled(_:)")))
        }
        libraryDescription(embedding, VideoEmbedding.self) { DisplayConversion.summary(of: $0) }
        display(embedding) { value, context in .text(context.describe(value), type: embedding) }
    }
}

/// Argument checks for the video bindings.
enum VideoValues {
    /// The most frames one call decodes or embeds.
    static let maxFrames = 256

    static func checkFrameCount(_ count: Int, _ role: String) throws {
        guard count >= 1, count <= maxFrames else {
            throw CellRuntimeError("\(role): asks for \(count) frames; between 1 and \(maxFrames) are allowed")
        }
    }
}
