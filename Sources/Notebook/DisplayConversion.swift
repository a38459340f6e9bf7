import Foundation
import Vectorbook

/// Turns library values into `Display`s: tensors into shape + statistics + sparkline,
/// tokenizer output into token tables, similarity tables, images into PNG thumbnails, and
/// models, tokenizers and outputs into one-line summaries.
public enum DisplayConversion {
    /// Leading values a tensor display keeps.
    public static let leadingCount = 8
    /// Points in a tensor sparkline.
    public static let sparklinePoints = 48
    /// Longest side of an image thumbnail.
    public static let thumbnailSide = 320

    // MARK: - Tensors

    /// Shape, dtype, the first 8 values, count, L2 norm, min, max (NaN ignored; 0 when
    /// empty) and 48 evenly spaced values for a sparkline (all of them when there are fewer).
    public static func tensor(_ tensor: Tensor) -> TensorDisplay {
        tensor.withUnsafeBufferPointer { values in
            var minimum = Float.infinity, maximum = -Float.infinity
            for value in values where !value.isNaN {
                minimum = Swift.min(minimum, value)
                maximum = Swift.max(maximum, value)
            }
            if minimum > maximum { (minimum, maximum) = (0, 0) }
            return TensorDisplay(shape: tensor.shape, dtype: tensor.dtype, leading: Array(values.prefix(leadingCount)),
                                 count: values.count, norm: tensor.norm(), minimum: minimum, maximum: maximum,
                                 sparkline: sample(values, points: sparklinePoints))
        }
    }

    /// `points` values at evenly spaced positions, first and last included.
    static func sample(_ values: UnsafeBufferPointer<Float>, points: Int) -> [Float] {
        guard values.count > points else { return Array(values) }
        guard points > 1 else { return values.isEmpty ? [] : [values[0]] }
        let last = values.count - 1
        return (0 ..< points).map { values[$0 * last / (points - 1)] }
    }

    // MARK: - Tokens

    /// One table per sequence: token, id, attention mask and type id. Token strings come
    /// from `tokens`; where a row has none (a hand-made `BatchEncoding`), the id is shown as `#id`.
    public static func tokenTable(_ encoding: BatchEncoding) -> TokenTableDisplay {
        TokenTableDisplay(sequences: encoding.inputIDs.enumerated().map { row, ids in
            let tokens = row < encoding.tokens.count ? encoding.tokens[row] : []
            let mask = row < encoding.attentionMask.count ? encoding.attentionMask[row] : []
            let types = row < encoding.tokenTypeIDs.count ? encoding.tokenTypeIDs[row] : []
            return ids.enumerated().map { position, id in
                TokenTableDisplay.Row(token: position < tokens.count ? tokens[position] : "#\(id)", id: id,
                                      attentionMask: position < mask.count ? mask[position] : 1,
                                      typeID: position < types.count ? types[position] : nil)
            }
        })
    }

    // MARK: - Similarity tables and images

    /// The table's labels and values, with an optional title.
    public static func similarity(_ table: SimilarityTable, title: String? = nil) -> SimilarityDisplay {
        SimilarityDisplay(rows: table.rows, columns: table.columns, values: table.values, title: title)
    }

    /// The original size and mode, and a PNG thumbnail whose longest side is at most 320
    /// pixels (bicubic, as Pillow's `thumbnail` would look), base64-encoded.
    public static func image(_ image: Image, caption: String? = nil) throws -> ImageDisplay {
        let (width, height) = thumbnailSize(width: image.width, height: image.height)
        let thumbnail = width == image.width && height == image.height
            ? image : try image.resized(width: width, height: height, filter: .bicubic)
        return ImageDisplay(width: image.width, height: image.height, mode: image.mode.rawValue,
                            thumbnailPNG: try thumbnail.pngData().base64EncodedString(), caption: caption)
    }

    /// The size that fits `width × height` into 320×320, keeping the aspect ratio (each side at least 1).
    public static func thumbnailSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let longest = Swift.max(width, height)
        guard longest > thumbnailSide else { return (width, height) }
        let scale = Double(thumbnailSide) / Double(longest)
        return (Swift.max(1, Int((Double(width) * scale).rounded())), Swift.max(1, Int((Double(height) * scale).rounded())))
    }

    // MARK: - Summaries

    /// `Model bert (hidden 384) from sentence-transformers/all-MiniLM-L6-v2`.
    public static func summary(of model: Model) -> String {
        "Model \(model.modelType)\(model.hiddenSize.map { " (hidden \($0))" } ?? "") from \(model.id)"
    }

    /// `Tokenizer from bert-base-uncased (vocabulary 30522, max length 512)`.
    public static func summary(of tokenizer: Tokenizer, source: String? = nil) -> String {
        let limit = tokenizer.modelMaxLength == Int.max ? "no length limit" : "max length \(tokenizer.modelMaxLength)"
        return "Tokenizer\(source.map { " from \($0)" } ?? "") (vocabulary \(tokenizer.vocabularySize), \(limit))"
    }

    /// `SentenceEmbedder all-MiniLM-L6-v2 (dimension 384, mean pooling, normalized)`.
    public static func summary(of embedder: SentenceEmbedder) -> String {
        let pooling = embedder.poolingModes.joined(separator: "+")
        return "SentenceEmbedder \(embedder.id) (dimension \(embedder.dimension), \(pooling) pooling\(embedder.normalizes ? ", normalized" : ""))"
    }

    /// `ModelOutput: lastHiddenState [1, 7, 384], poolerOutput [1, 384]`.
    public static func summary(of output: ModelOutput) -> String {
        var parts = ["lastHiddenState \(output.lastHiddenState.shape)"]
        if let pooler = output.poolerOutput { parts.append("poolerOutput \(pooler.shape)") }
        if let states = output.hiddenStates { parts.append("hiddenStates \(states.count) × \(states.first?.shape ?? [])") }
        return "ModelOutput: " + parts.joined(separator: ", ")
    }

    /// `CLIPOutput: logitsPerImage [2, 3], textEmbeds [3, 512], imageEmbeds [2, 512]`.
    public static func summary(of output: CLIPOutput) -> String {
        "CLIPOutput: logitsPerImage \(output.logitsPerImage.shape), logitsPerText \(output.logitsPerText.shape), "
            + "textEmbeds \(output.textEmbeds.shape), imageEmbeds \(output.imageEmbeds.shape)"
    }

    /// `ImageProcessor BitImageProcessor: resize shortest edge 256 (BICUBIC), crop 224×224, from …`.
    public static func summary(of processor: ImageProcessor) -> String {
        var steps: [String] = []
        switch processor.resize {
        case .exact(let size)?: steps.append("resize \(size.width)×\(size.height) (\(processor.resample.name))")
        case .shortestEdge(let edge, let longest)?:
            steps.append("resize shortest edge \(edge)\(longest.map { " (longest \($0))" } ?? "") (\(processor.resample.name))")
        case nil: break
        }
        if let crop = processor.cropSize { steps.append("crop \(crop.width)×\(crop.height)") }
        if processor.rescaleFactor != nil { steps.append("rescale") }
        if processor.normalization != nil { steps.append("normalize") }
        return "ImageProcessor \(processor.kind.rawValue): \(steps.joined(separator: ", ")) from \(processor.source)"
    }

    /// `Audio: 2.99 s, 16000 Hz, mono (47840 frames)`.
    public static func summary(of audio: Audio) -> String {
        let channels = audio.channels == 1 ? "mono" : "\(audio.channels) channels"
        return String(format: "Audio: %.2f s, %d Hz, ", audio.duration, audio.sampleRate) + "\(channels) (\(audio.frameCount) frames)"
    }

    /// `Video: 48 frames at 24 fps (2.00 s), 320×240, from Assets/video/cat-zoom.avi`.
    public static func summary(of video: Video) -> String {
        String(format: "Video: %d frames at %.4g fps (%.2f s), %d×%d, from ", video.frameCount, video.frameRate,
               video.duration, video.width, video.height) + video.origin
    }

    /// `VideoEmbedding: 8 frames × 384, mean pooling`.
    public static func summary(of embedding: VideoEmbedding) -> String {
        "VideoEmbedding: \(embedding.frameCount) frames × \(embedding.dimension), \(embedding.defaultPooling.rawValue) pooling"
    }

    // MARK: - Any value

    /// The display of any cell value, for contexts that offer none of their own: library
    /// objects through the registry's displays, collections item by item (at most 100),
    /// everything else as its description.
    public static func display(of value: Value, registry: BindingRegistry, context: any CallContext) throws -> Display {
        switch value {
        case .object(let object):
            if let display = registry.displays[object.typeName] { return try display(value, context) }
            return .text(context.describe(value), type: object.typeName)
        case .array(let items):
            return .collection(CollectionDisplay(kind: .array, keys: nil, items: try items.prefix(100).map {
                try display(of: $0, registry: registry, context: context)
            }, omitted: Swift.max(0, items.count - 100), type: value.bindingTypeName))
        case .dictionary(let pairs):
            let shown = pairs.prefix(100)
            return .collection(CollectionDisplay(kind: .dictionary, keys: shown.map { context.describe($0.key) },
                                                 items: try shown.map { try display(of: $0.value, registry: registry, context: context) },
                                                 omitted: Swift.max(0, pairs.count - 100), type: value.bindingTypeName))
        case .tuple(let items):
            return .collection(CollectionDisplay(kind: .tuple, keys: items.map { $0.label ?? "" },
                                                 items: try items.map { try display(of: $0.value, registry: registry, context: context) },
                                                 omitted: 0, type: value.bindingTypeName))
        default:
            return .text(context.describe(value), type: value.bindingTypeName)
        }
    }
}
