import Foundation
import Tensors

/// What a ``FeatureExtractor`` returns for a batch of clips: transformers' `BatchFeature` for audio.
///
/// ```swift
/// let inputs = try extractor([clipA, clipB])
/// inputs.values.shape        // Whisper [2, 80, 3000]; Wav2Vec2 [2, longest]
/// inputs.attentionMask?[1]   // 1 where the row holds real audio
/// ```
public struct AudioInputs: Sendable {
    /// The model input's name: `"input_features"` (Whisper) or `"input_values"` (Wav2Vec2).
    public let name: String
    /// Whisper: log-mel features `[batch, mels, frames]`; Wav2Vec2: waveforms `[batch, samples]`.
    public let values: Tensor
    /// One row per clip, 1 where the position holds real audio and 0 over padding. Whisper: always, over the
    /// mel frames (as `return_attention_mask=True` gives); Wav2Vec2: over samples, when the config's
    /// `return_attention_mask` is true, else `nil`.
    public let attentionMask: [[Int]]?
    /// The number of real samples of each clip before padding or cutting.
    public let sampleCounts: [Int]

    /// Inputs assembled elsewhere.
    public init(name: String, values: Tensor, attentionMask: [[Int]]?, sampleCounts: [Int]) {
        self.name = name
        self.values = values
        self.attentionMask = attentionMask
        self.sampleCounts = sampleCounts
    }
}
