import Foundation

/// The contents of a Hugging Face `preprocessor_config.json` for image models, as written by
/// `transformers` image processors (and by the older feature extractors).
///
/// Every field is optional: a missing key (or JSON `null`) means "the processor class's
/// default", which ``ImageProcessor`` fills in for the class that `image_processor_type` names.
/// Keys the image processors here do not use are ignored, as transformers ignores them.
///
/// ```swift
/// let config = try ImageProcessorConfig(contentsOf: folder.appendingPathComponent("preprocessor_config.json"))
/// config.size          // .shortestEdge(256, longestEdge: nil)
/// config.resample      // .bicubic
/// ```
public struct ImageProcessorConfig: Codable, Sendable, Equatable {
    /// A `size` or `crop_size` value in one of the forms configs use.
    public enum Size: Codable, Sendable, Equatable {
        /// `{"height": h, "width": w}` or a `[h, w]` list: exactly this size.
        case heightWidth(height: Int, width: Int)
        /// `{"shortest_edge": n}`, optionally with `"longest_edge"`: the short side becomes `n`
        /// (unless the long side would exceed `longestEdge`), keeping the aspect ratio.
        case shortestEdge(Int, longestEdge: Int?)
        /// A bare integer (old configs). For `size` it means `n × n` in processors whose
        /// `default_to_square` is true (ViT) and the shortest edge otherwise (CLIP, BiT/DINOv2);
        /// for `crop_size` it always means `n × n`.
        case single(Int)

        public init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let value = try? single.decode(Int.self) {
                self = .single(value)
            } else if let list = try? single.decode([Int].self) {
                guard list.count == 2 else {
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "is a list of \(list.count) numbers; a size list must be [height, width]")
                }
                self = .heightWidth(height: list[0], width: list[1])
            } else if let object = try? single.decode([String: Int?].self) {
                let keys = Set(object.compactMap { $0.value == nil ? nil : $0.key })
                let values = object.compactMapValues { $0 }
                if keys == ["height", "width"], let h = values["height"], let w = values["width"] {
                    self = .heightWidth(height: h, width: w)
                } else if keys == ["shortest_edge"], let s = values["shortest_edge"] {
                    self = .shortestEdge(s, longestEdge: nil)
                } else if keys == ["shortest_edge", "longest_edge"], let s = values["shortest_edge"] {
                    self = .shortestEdge(s, longestEdge: values["longest_edge"])
                } else {
                    let found = keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "has the keys [\(found)]; supported are {\"height\", \"width\"},"
                            + " {\"shortest_edge\"} and {\"shortest_edge\", \"longest_edge\"}")
                }
            } else {
                throw DecodingError.dataCorruptedError(
                    in: single, debugDescription: "should be an integer, a [height, width] list or an object such as"
                        + " {\"height\": 224, \"width\": 224} or {\"shortest_edge\": 224}")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case let .single(value):
                var container = encoder.singleValueContainer()
                try container.encode(value)
            case let .heightWidth(height, width):
                var container = encoder.container(keyedBy: SizeKeys.self)
                try container.encode(height, forKey: .height)
                try container.encode(width, forKey: .width)
            case let .shortestEdge(shortest, longest):
                var container = encoder.container(keyedBy: SizeKeys.self)
                try container.encode(shortest, forKey: .shortestEdge)
                try container.encodeIfPresent(longest, forKey: .longestEdge)
            }
        }

        private enum SizeKeys: String, CodingKey {
            case height, width
            case shortestEdge = "shortest_edge"
            case longestEdge = "longest_edge"
        }
    }

    /// `image_processor_type`, e.g. `"ViTImageProcessor"`.
    public var imageProcessorType: String?
    /// `feature_extractor_type` of older configs, e.g. `"CLIPFeatureExtractor"`.
    public var featureExtractorType: String?
    /// `do_resize`.
    public var doResize: Bool?
    /// `size`.
    public var size: Size?
    /// `resample`, a Pillow filter code.
    public var resample: ResamplingFilter?
    /// `do_center_crop`.
    public var doCenterCrop: Bool?
    /// `crop_size`.
    public var cropSize: Size?
    /// `do_rescale`.
    public var doRescale: Bool?
    /// `rescale_factor` (usually 1/255).
    public var rescaleFactor: Double?
    /// `do_normalize`.
    public var doNormalize: Bool?
    /// `image_mean`: one value per channel (a single number in the file applies to every channel).
    public var imageMean: [Double]?
    /// `image_std`: one value per channel (a single number in the file applies to every channel).
    public var imageStd: [Double]?
    /// `do_convert_rgb`.
    public var doConvertRGB: Bool?
    /// `default_to_square`: how a bare-integer `size` is read.
    public var defaultToSquare: Bool?

    /// A config with the given values; `nil` leaves a value to the processor class's default.
    public init(imageProcessorType: String? = nil, featureExtractorType: String? = nil, doResize: Bool? = nil,
                size: Size? = nil, resample: ResamplingFilter? = nil, doCenterCrop: Bool? = nil,
                cropSize: Size? = nil, doRescale: Bool? = nil, rescaleFactor: Double? = nil,
                doNormalize: Bool? = nil, imageMean: [Double]? = nil, imageStd: [Double]? = nil,
                doConvertRGB: Bool? = nil, defaultToSquare: Bool? = nil) {
        self.imageProcessorType = imageProcessorType
        self.featureExtractorType = featureExtractorType
        self.doResize = doResize
        self.size = size
        self.resample = resample
        self.doCenterCrop = doCenterCrop
        self.cropSize = cropSize
        self.doRescale = doRescale
        self.rescaleFactor = rescaleFactor
        self.doNormalize = doNormalize
        self.imageMean = imageMean
        self.imageStd = imageStd
        self.doConvertRGB = doConvertRGB
        self.defaultToSquare = defaultToSquare
    }

    /// Reads and decodes `url`. Errors name the file and, for a bad value, the key.
    public init(contentsOf url: URL) throws {
        self = try Self.decode(try ConfigJSON.read(url, error: Self.error(path: url.path)), path: url.path)
    }

    /// Decodes JSON `data`; `path` names the source in errors.
    public static func decode(_ data: Data, path: String = "preprocessor_config.json") throws -> ImageProcessorConfig {
        try ConfigJSON.decode(ImageProcessorConfig.self, from: data, error: error(path: path))
    }

    private static func error(path: String) -> (ConfigJSON.Failure) -> MediaError {
        { failure in
            switch failure {
            case .unreadable(let reason): return .unreadableProcessorConfig(path: path, reason: reason)
            case .invalid(let key, let reason): return .invalidProcessorConfig(path: path, key: key, reason: reason)
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case imageProcessorType = "image_processor_type"
        case featureExtractorType = "feature_extractor_type"
        case doResize = "do_resize"
        case size
        case resample
        case doCenterCrop = "do_center_crop"
        case cropSize = "crop_size"
        case doRescale = "do_rescale"
        case rescaleFactor = "rescale_factor"
        case doNormalize = "do_normalize"
        case imageMean = "image_mean"
        case imageStd = "image_std"
        case doConvertRGB = "do_convert_rgb"
        case defaultToSquare = "default_to_square"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imageProcessorType = try c.decodeIfPresent(String.self, forKey: .imageProcessorType)
        featureExtractorType = try c.decodeIfPresent(String.self, forKey: .featureExtractorType)
        doResize = try c.decodeIfPresent(Bool.self, forKey: .doResize)
        size = try c.decodeIfPresent(Size.self, forKey: .size)
        if let code = try c.decodeIfPresent(Int.self, forKey: .resample) {
            guard let filter = ResamplingFilter(rawValue: code) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .resample, in: c,
                    debugDescription: "is \(code), which is not a supported Pillow filter; supported: "
                        + ResamplingFilter.allCases.map { "\($0.rawValue) (\($0.name))" }.joined(separator: ", "))
            }
            resample = filter
        }
        doCenterCrop = try c.decodeIfPresent(Bool.self, forKey: .doCenterCrop)
        cropSize = try c.decodeIfPresent(Size.self, forKey: .cropSize)
        doRescale = try c.decodeIfPresent(Bool.self, forKey: .doRescale)
        rescaleFactor = try c.decodeIfPresent(Double.self, forKey: .rescaleFactor)
        doNormalize = try c.decodeIfPresent(Bool.self, forKey: .doNormalize)
        imageMean = try Self.decodeChannelValues(c, .imageMean)
        imageStd = try Self.decodeChannelValues(c, .imageStd)
        doConvertRGB = try c.decodeIfPresent(Bool.self, forKey: .doConvertRGB)
        defaultToSquare = try c.decodeIfPresent(Bool.self, forKey: .defaultToSquare)
    }

    private static func decodeChannelValues(_ c: KeyedDecodingContainer<CodingKeys>,
                                            _ key: CodingKeys) throws -> [Double]? {
        if let single = try? c.decodeIfPresent(Double.self, forKey: key) { return [single] }
        return try c.decodeIfPresent([Double].self, forKey: key)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(imageProcessorType, forKey: .imageProcessorType)
        try c.encodeIfPresent(featureExtractorType, forKey: .featureExtractorType)
        try c.encodeIfPresent(doResize, forKey: .doResize)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(resample?.rawValue, forKey: .resample)
        try c.encodeIfPresent(doCenterCrop, forKey: .doCenterCrop)
        try c.encodeIfPresent(cropSize, forKey: .cropSize)
        try c.encodeIfPresent(doRescale, forKey: .doRescale)
        try c.encodeIfPresent(rescaleFactor, forKey: .rescaleFactor)
        try c.encodeIfPresent(doNormalize, forKey: .doNormalize)
        try c.encodeIfPresent(imageMean, forKey: .imageMean)
        try c.encodeIfPresent(imageStd, forKey: .imageStd)
        try c.encodeIfPresent(doConvertRGB, forKey: .doConvertRGB)
        try c.encodeIfPresent(defaultToSquare, forKey: .defaultToSquare)
    }
}
