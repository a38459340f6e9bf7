import Foundation
import Tensors

/// A Hugging Face image processor: turns ``Image``s into the `pixel_values` tensor a vision model
/// takes, with the same numbers as transformers' Pillow-backed ("slow") processors
/// (`ViTImageProcessor`, `BitImageProcessor` as DINOv2 uses it, `CLIPImageProcessor`).
///
/// The pipeline, per image, as transformers 5 runs it:
/// 1. to RGB: with `do_convert_rgb` (CLIP, BiT/DINOv2), grey is replicated and transparency is
///    composited onto white, as transformers' `convert_to_rgb` does. Without it (ViT), transformers
///    fails on non-RGB input; here the image is converted as Pillow's `convert("RGB")` does (grey
///    replicated, alpha dropped), which is what a Python user must do first;
/// 2. resize the 8-bit image with Pillow's filter (``Image/resized(width:height:filter:)``), to
///    `size` or so that the shortest edge becomes `shortest_edge` (transformers' rounding);
/// 3. centre crop to `crop_size`, padding with zeros when the image is smaller;
/// 4. rescale (`value × rescale_factor` in double, then float32) and normalise
///    (`(value − mean) / std` in float32).
///
/// ```swift
/// let processor = try ImageProcessor(contentsOf: folder.appendingPathComponent("preprocessor_config.json"))
/// let pixels = try processor(image)      // [1, 3, 224, 224]
/// ```
public struct ImageProcessor: Sendable {
    /// A size in pixels.
    public struct PixelSize: Sendable, Equatable {
        /// Rows.
        public var height: Int
        /// Columns.
        public var width: Int
        /// A `height × width` size.
        public init(height: Int, width: Int) {
            self.height = height
            self.width = width
        }
    }

    /// How images are resized.
    public enum Resize: Sendable, Equatable {
        /// To exactly this size.
        case exact(PixelSize)
        /// So that the shorter side becomes `shortestEdge` (the longer one scaled and truncated as
        /// transformers does), capped so the longer side stays at most `longestEdge` when given.
        case shortestEdge(Int, longestEdge: Int?)
    }

    /// The processor class.
    public let kind: Kind
    /// The config as read (unset values are the class defaults, resolved below).
    public let config: ImageProcessorConfig
    /// Where the config came from (a file path), for error messages.
    public let source: String
    /// The resize step, or `nil` when `do_resize` is false.
    public let resize: Resize?
    /// The resampling filter of the resize step.
    public let resample: ResamplingFilter
    /// The centre-crop size, or `nil` when `do_center_crop` is false.
    public let cropSize: PixelSize?
    /// The rescale factor, or `nil` when `do_rescale` is false.
    public let rescaleFactor: Double?
    /// Per-channel mean and standard deviation (R, G, B), or `nil` when `do_normalize` is false.
    public let normalization: (mean: [Double], std: [Double])?
    /// Whether non-RGB images are converted as transformers' `convert_to_rgb` does (compositing
    /// transparency onto white) rather than as Pillow's `convert("RGB")` (dropping alpha).
    public let convertsToRGB: Bool

    /// A processor for `config`; `source` names the config in errors.
    ///
    /// Throws ``MediaError/missingImageProcessorType(path:)`` when the config names no processor,
    /// ``MediaError/unsupportedImageProcessor(_:path:supported:)`` for a class not implemented here,
    /// and ``MediaError/invalidProcessorConfig(path:key:reason:)`` for unusable values.
    public init(config: ImageProcessorConfig, source: String = "preprocessor_config.json") throws {
        guard let typeName = config.imageProcessorType ?? config.featureExtractorType else {
            throw MediaError.missingImageProcessorType(path: source)
        }
        guard let kind = Kind(typeName: typeName) else {
            throw MediaError.unsupportedImageProcessor(typeName, path: source, supported: Kind.allCases.map(\.rawValue))
        }
        let defaults = kind.defaults
        self.kind = kind
        self.config = config
        self.source = source
        resample = config.resample ?? defaults.resample
        convertsToRGB = config.doConvertRGB ?? defaults.doConvertRGB

        if config.doResize ?? true {
            let square = config.defaultToSquare ?? defaults.defaultToSquare
            switch config.size ?? defaults.size {
            case let .single(n):
                try Self.checkPositive([n], key: "size", source: source)
                resize = square ? .exact(PixelSize(height: n, width: n)) : .shortestEdge(n, longestEdge: nil)
            case let .heightWidth(height, width):
                try Self.checkPositive([height, width], key: "size", source: source)
                resize = .exact(PixelSize(height: height, width: width))
            case let .shortestEdge(shortest, longest):
                try Self.checkPositive([shortest] + (longest.map { [$0] } ?? []), key: "size", source: source)
                resize = .shortestEdge(shortest, longestEdge: longest)
            }
        } else {
            resize = nil
        }

        if config.doCenterCrop ?? defaults.doCenterCrop {
            switch config.cropSize ?? defaults.cropSize {
            case let .single(n)?:
                try Self.checkPositive([n], key: "crop_size", source: source)
                cropSize = PixelSize(height: n, width: n)
            case let .heightWidth(height, width)?:
                try Self.checkPositive([height, width], key: "crop_size", source: source)
                cropSize = PixelSize(height: height, width: width)
            case .shortestEdge?:
                throw MediaError.invalidProcessorConfig(path: source, key: "crop_size",
                                                        reason: "must give \"height\" and \"width\" for a centre crop")
            case nil:
                throw MediaError.invalidProcessorConfig(path: source, key: "crop_size",
                                                        reason: "is missing but \"do_center_crop\" is true")
            }
        } else {
            cropSize = nil
        }

        if config.doRescale ?? true {
            let factor = config.rescaleFactor ?? 1.0 / 255.0
            guard factor.isFinite else {
                throw MediaError.invalidProcessorConfig(path: source, key: "rescale_factor",
                                                        reason: "must be a finite number, got \(factor)")
            }
            rescaleFactor = factor
        } else {
            rescaleFactor = nil
        }

        if config.doNormalize ?? true {
            let mean = try Self.channelValues(config.imageMean ?? defaults.mean, key: "image_mean", source: source)
            let std = try Self.channelValues(config.imageStd ?? defaults.std, key: "image_std", source: source)
            guard std.allSatisfy({ $0 != 0 }) else {
                throw MediaError.invalidProcessorConfig(path: source, key: "image_std",
                                                        reason: "contains 0; cannot divide by it")
            }
            normalization = (mean, std)
        } else {
            normalization = nil
        }
    }

    /// Reads a `preprocessor_config.json`. Errors name the file and, for a bad value, the key.
    public init(contentsOf url: URL) throws {
        try self.init(config: ImageProcessorConfig(contentsOf: url), source: url.path)
    }

    /// `pixel_values` for one image: `[1, 3, H, W]` float32, channels first.
    public func callAsFunction(_ image: Image) throws -> Tensor {
        try callAsFunction([image])
    }

    /// `pixel_values` for a batch: `[n, 3, H, W]` float32, channels first. Every image must come out
    /// of the resize and crop steps with the same size.
    public func callAsFunction(_ images: [Image]) throws -> Tensor {
        guard !images.isEmpty else { throw MediaError.emptyImageBatch }
        let prepared = try images.map(preparedImage)
        let first = prepared[0]
        for (index, image) in prepared.enumerated() where image.width != first.width || image.height != first.height {
            throw MediaError.processedSizeMismatch(index: index, width: image.width, height: image.height,
                                                   expectedWidth: first.width, expectedHeight: first.height)
        }
        let tables = channelTables()
        let plane = first.width * first.height
        return Tensor(shape: [prepared.count, 3, first.height, first.width]) { out, _ in
            for (n, image) in prepared.enumerated() {
                image.pixels.withUnsafeBufferPointer { samples in
                    let base = out + n * 3 * plane
                    for c in 0 ..< 3 {
                        let table = tables[c]
                        let target = base + c * plane
                        for p in 0 ..< plane { target[p] = table[Int(samples[p * 3 + c])] }
                    }
                }
            }
        }
    }

    /// The 8-bit RGB image after conversion, resize and centre crop — what the model sees before
    /// rescaling and normalisation (useful to display).
    public func preparedImage(_ image: Image) throws -> Image {
        var rgb = ImageProcessor.rgb(image, compositeOnWhite: convertsToRGB)
        if let resize {
            let target = Self.resizedSize(height: rgb.height, width: rgb.width, resize: resize)
            rgb = try rgb.resized(width: target.width, height: target.height, filter: resample)
        }
        if let cropSize {
            // transformers: top = (height - crop_height) // 2, and zero padding when smaller,
            // which is exactly a crop box with floor-divided offsets.
            rgb = try rgb.cropped(x: Self.floorHalf(rgb.width - cropSize.width),
                                  y: Self.floorHalf(rgb.height - cropSize.height),
                                  width: cropSize.width, height: cropSize.height)
        }
        return rgb
    }

    /// The float32 value of each 8-bit sample per channel, computed as numpy does:
    /// `float32(float64(v) × factor)`, then `(x − float32(mean)) / float32(std)` in float32.
    private func channelTables() -> [[Float]] {
        (0 ..< 3).map { c in
            (0 ..< 256).map { v in
                var x = rescaleFactor.map { Float(Double(v) * $0) } ?? Float(v)
                if let normalization {
                    x = (x - Float(normalization.mean[c])) / Float(normalization.std[c])
                }
                return x
            }
        }
    }

    private static func floorHalf(_ value: Int) -> Int {
        value >= 0 ? value / 2 : -((-value + 1) / 2)
    }

    private static func checkPositive(_ values: [Int], key: String, source: String) throws {
        if let bad = values.first(where: { $0 < 1 }) {
            throw MediaError.invalidProcessorConfig(path: source, key: key, reason: "must be at least 1, got \(bad)")
        }
    }

    private static func channelValues(_ values: [Double], key: String, source: String) throws -> [Double] {
        guard values.allSatisfy(\.isFinite) else {
            throw MediaError.invalidProcessorConfig(path: source, key: key, reason: "must hold finite numbers")
        }
        switch values.count {
        case 1: return Array(repeating: values[0], count: 3)
        case 3: return values
        default:
            throw MediaError.invalidProcessorConfig(path: source, key: key,
                                                    reason: "has \(values.count) values; RGB needs 3 (or 1 for all channels)")
        }
    }
}
