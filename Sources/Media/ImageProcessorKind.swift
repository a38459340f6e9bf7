import Foundation

extension ImageProcessor {
    /// The transformers image processor classes implemented here. All three are the generic
    /// Pillow pipeline (convert → resize → centre crop → rescale → normalise) with different defaults.
    public enum Kind: String, Sendable, CaseIterable {
        /// `ViTImageProcessor`: resize to 224×224 (bilinear), rescale, normalise with mean = std = 0.5.
        case vit = "ViTImageProcessor"
        /// `BitImageProcessor` (also DINOv2's): shortest edge 224 (bicubic), centre crop 224×224,
        /// rescale, normalise with CLIP's mean/std, convert to RGB. DINOv2 configs override the
        /// size (256) and mean/std (ImageNet).
        case bit = "BitImageProcessor"
        /// `CLIPImageProcessor`: shortest edge 224 (bicubic), centre crop 224×224, rescale,
        /// normalise with CLIP's mean/std, convert to RGB.
        case clip = "CLIPImageProcessor"

        /// The kind a type name in a config denotes: the class name itself, its `Fast` or `Pil`
        /// variant, or the old `…FeatureExtractor` name (`ViTFeatureExtractor`, `CLIPFeatureExtractor`).
        public init?(typeName: String) {
            var base = typeName
            for suffix in ["Fast", "Pil"] where base.hasSuffix(suffix) {
                base.removeLast(suffix.count)
            }
            if base.hasSuffix("FeatureExtractor") {
                base = String(base.dropLast("FeatureExtractor".count)) + "ImageProcessor"
            }
            guard let kind = Kind(rawValue: base) else { return nil }
            self = kind
        }

        /// The processor a model's `config.json` `model_type` implies when `preprocessor_config.json`
        /// names none (transformers' `AutoImageProcessor` mapping for the supported models).
        public init?(modelType: String) {
            switch modelType {
            case "vit": self = .vit
            case "bit", "dinov2": self = .bit
            case "clip": self = .clip
            default: return nil
            }
        }

        /// The class attribute defaults of the transformers class.
        var defaults: Defaults {
            switch self {
            case .vit:
                return Defaults(size: .heightWidth(height: 224, width: 224), resample: .bilinear,
                                doCenterCrop: false, cropSize: nil, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5],
                                doConvertRGB: false, defaultToSquare: true)
            case .bit, .clip:
                return Defaults(size: .shortestEdge(224, longestEdge: nil), resample: .bicubic,
                                doCenterCrop: true, cropSize: .heightWidth(height: 224, width: 224),
                                mean: [0.48145466, 0.4578275, 0.40821073],
                                std: [0.26862954, 0.26130258, 0.27577711],
                                doConvertRGB: true, defaultToSquare: false)
            }
        }
    }

    struct Defaults {
        let size: ImageProcessorConfig.Size
        let resample: ResamplingFilter
        let doCenterCrop: Bool
        let cropSize: ImageProcessorConfig.Size?
        let mean: [Double]
        let std: [Double]
        let doConvertRGB: Bool
        let defaultToSquare: Bool
    }
}
