import Foundation
import Media
import ModelHub

/// Loads a model's audio feature extractor, as transformers' `AutoFeatureExtractor.from_pretrained`:
///
/// ```swift
/// let extractor = try AutoFeatureExtractor.from(pretrained: "vectorbook/whisper-tiny.en")
/// let inputs = try extractor(audio.mono().resampled(to: extractor.samplingRate))   // [1, 80, 3000]
/// ```
///
/// The class comes from `feature_extractor_type` in `preprocessor_config.json`, else from `model_type` in
/// `config.json`. Supported: `WhisperFeatureExtractor` and `Wav2Vec2FeatureExtractor` (also used by HuBERT).
public enum AutoFeatureExtractor {
    /// The feature extractor for a local model folder or a hub id (resolved by ``ModelLocator``: a folder,
    /// `VECTORBOOK_MODELS`, the Hugging Face cache, then a download unless offline).
    ///
    /// Throws the locator's errors, ``MediaError/featureExtractorConfigNotFound(folder:)`` when the model has
    /// no `preprocessor_config.json`, and the config errors of ``FeatureExtractor/init(folder:)``.
    public static func from(pretrained id: String, revision: String = "main") throws -> FeatureExtractor {
        let folder = try ModelLocator().resolve(id, revision: revision)
        return try FeatureExtractor(folder: folder)
    }
}
