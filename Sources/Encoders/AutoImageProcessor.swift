import Foundation
import Media
import ModelHub

/// Loads a model's image processor, as transformers' `AutoImageProcessor.from_pretrained`:
///
/// ```swift
/// let processor = try AutoImageProcessor.from(pretrained: "google/vit-base-patch16-224")
/// let pixels = try processor(image)      // [1, 3, 224, 224]
/// ```
///
/// The class comes from `image_processor_type` (or the older `feature_extractor_type`) in
/// `preprocessor_config.json`, else from `model_type` in `config.json`. Supported: ViT, BiT
/// (DINOv2) and CLIP, computed as transformers' Pillow-backed processors do.
public enum AutoImageProcessor {
    /// The processor for a local model folder or a hub id (resolved by ``ModelLocator``: a folder,
    /// `VECTORBOOK_MODELS`, the Hugging Face cache, then a download unless offline).
    ///
    /// Throws the locator's errors, ``MediaError/processorConfigNotFound(folder:)`` when the model
    /// has no `preprocessor_config.json`, and the config errors of ``ImageProcessor/init(folder:)``.
    public static func from(pretrained id: String, revision: String = "main") throws -> ImageProcessor {
        let folder = try ModelLocator().resolve(id, revision: revision)
        return try ImageProcessor(folder: folder)
    }
}
