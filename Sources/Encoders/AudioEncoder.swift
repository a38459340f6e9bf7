import Foundation
import ModelHub
import Tensors

/// An architecture that turns audio into frame vectors (Whisper's encoder, Wav2Vec2, HuBERT).
public protocol AudioEncoder: PretrainedEncoder {
    /// Width of the frame vectors.
    var hiddenSize: Int { get }
    /// Runs the encoder. `inputValues` are what the model's feature extractor produces: raw
    /// samples `[batch, samples]` for Wav2Vec2 and HuBERT, log-mel `input_features`
    /// `[batch, mels, frames]` for Whisper. `attentionMask` (1 = real, 0 = padding) has one row
    /// per batch row, as the feature extractor returns it. The output's `attentionMask` (and the
    /// hidden states' `tokenMask`) marks the real frames, so `mean(dim: 1)` pools only those.
    func encode(inputValues: Tensor, attentionMask: [[Int]]?, outputHiddenStates: Bool) throws -> ModelOutput
}

extension AudioEncoder {
    /// Runs the encoder without a mask and without hidden states.
    public func callAsFunction(_ inputValues: Tensor, attentionMask: [[Int]]? = nil,
                               outputHiddenStates: Bool = false) throws -> ModelOutput {
        try encode(inputValues: inputValues, attentionMask: attentionMask, outputHiddenStates: outputHiddenStates)
    }
}

/// What Wav2Vec2 and HuBERT return, named as in `transformers`: the common outputs plus the
/// convolutional features.
public struct SpeechEncoderOutput: Sendable {
    /// Frame vectors of the last layer, `[batch, frames, hidden]` (`tokenMask`: the frame mask).
    public var lastHiddenState: Tensor
    /// Wav2Vec2: the feature extractor's output after the feature projection's layer norm,
    /// `[batch, frames, conv_dim[-1]]` (`extract_features`). `nil` for HuBERT, whose
    /// `transformers` model does not return it.
    public var extractFeatures: Tensor?
    /// The encoder's input followed by every layer's output, when asked for.
    public var hiddenStates: [Tensor]?
    /// Which frames are real (1) in each row: all ones without a sample mask, else
    /// `transformers`' `_get_feature_vector_attention_mask`.
    public var attentionMask: [[Int]]

    /// The common output type.
    public var modelOutput: ModelOutput {
        ModelOutput(lastHiddenState: lastHiddenState, poolerOutput: nil, hiddenStates: hiddenStates,
                    attentionMask: attentionMask)
    }
}

/// Checks a mask has one row of `width` 0/1 values per batch row; returns it as flags.
func validateAudioMask(_ mask: [[Int]], batch: Int, width: Int, what: String, model: String) throws -> [[Bool]] {
    guard mask.count == batch else {
        throw EncoderError.invalidInput(model: model, reason: "the attention mask has \(mask.count) rows for a batch of \(batch)")
    }
    return try mask.enumerated().map { row, values in
        guard values.count == width else {
            throw EncoderError.invalidInput(model: model, reason: "attention-mask row \(row) has \(values.count) values, but the input has \(width) \(what) per row")
        }
        return try values.map { value in
            guard value == 0 || value == 1 else {
                throw EncoderError.invalidInput(model: model, reason: "attention-mask row \(row) holds \(value); only 0 (padding) and 1 (real) are allowed")
            }
            return value == 1
        }
    }
}

/// Reshapes packed `[batch · frames, hidden]` rows to `[batch, frames, hidden]` with the frame mask.
func framesShaped(_ tensor: Tensor, batch: Int, frames: Int, mask: [[Int]]) throws -> Tensor {
    var shaped = try tensor.reshaped([batch, frames, tensor.count / Swift.max(batch * frames, 1)])
    shaped.tokenMask = mask
    return shaped
}

extension WeightStore {
    /// Reports unused tensors as one warning, leaving out those under `skippedPrefixes` (parts of a
    /// larger checkpoint that this encoder does not cover by design, such as Whisper's decoder) and
    /// training-only tensors ending in `skippedSuffixes`.
    func warnAboutUnused(model: String, skippedPrefixes: [String], skippedSuffixes: Set<String>) {
        let unused = unusedNames(ignoring: skippedSuffixes.union(["position_ids"])).filter { name in
            !skippedPrefixes.contains { name.hasPrefix($0) }
        }
        guard !unused.isEmpty else { return }
        let listed = unused.prefix(12).joined(separator: ", ")
        let more = unused.count > 12 ? ", … (\(unused.count - 12) more)" : ""
        Diagnostics.warn("\(model): \(unused.count) checkpoint tensor(s) in \(path) are not used by the architecture: \(listed)\(more)")
    }
}
