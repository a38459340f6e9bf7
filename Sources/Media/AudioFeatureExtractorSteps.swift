import Foundation
import Tensors

/// Clips padded to one length, as transformers' `SequenceFeatureExtractor.pad`.
struct PaddedAudioBatch {
    /// `rows × length` samples, row-major.
    var samples: [Float]
    /// 1 over real samples, 0 over padding.
    var mask: [[Int]]
    let length: Int
    let sampleCounts: [Int]
}

extension FeatureExtractor {
    /// Each clip cut to its first `length` samples or padded with `padding_value` on `padding_side`.
    func pad(_ audios: [Audio], to length: Int) -> PaddedAudioBatch {
        let padding = Float(config.paddingValue ?? 0)
        let left = config.paddingSide == "left"
        var samples = [Float](repeating: padding, count: audios.count * length)
        var mask = [[Int]]()
        mask.reserveCapacity(audios.count)
        for (row, audio) in audios.enumerated() {
            let real = min(audio.samples.count, length)
            let start = left ? length - real : 0
            let base = row * length + start
            for i in 0 ..< real { samples[base + i] = audio.samples[i] }
            var rowMask = [Int](repeating: 0, count: length)
            for i in start ..< start + real { rowMask[i] = 1 }
            mask.append(rowMask)
        }
        return PaddedAudioBatch(samples: samples, mask: mask, length: length,
                                sampleCounts: audios.map(\.samples.count))
    }

    /// transformers' `zero_mean_unit_var_norm`: each row becomes `(x − mean) / sqrt(var + 1e-7)`. With
    /// `overRealSamples`, mean and variance cover the row's real samples only and padding is reset to
    /// `padding_value` afterwards; without, they cover the whole padded row (what transformers does when it
    /// returns no attention mask). Computed in double precision.
    func normalize(_ batch: inout PaddedAudioBatch, overRealSamples: Bool) {
        let length = batch.length, padding = Float(config.paddingValue ?? 0)
        for row in 0 ..< batch.mask.count {
            let base = row * length
            let real = overRealSamples ? batch.mask[row].indices.filter { batch.mask[row][$0] == 1 }
                                       : Array(0 ..< length)
            guard !real.isEmpty else { continue }
            var sum = 0.0
            for i in real { sum += Double(batch.samples[base + i]) }
            let mean = sum / Double(real.count)
            var squares = 0.0
            for i in real {
                let d = Double(batch.samples[base + i]) - mean
                squares += d * d
            }
            let scale = 1 / (squares / Double(real.count) + 1e-7).squareRoot()
            for i in 0 ..< length {
                let value = batch.samples[base + i]
                batch.samples[base + i] = !overRealSamples || batch.mask[row][i] == 1
                    ? Float((Double(value) - mean) * scale) : padding
            }
        }
    }

    /// Wav2Vec2: `[batch, longest]` waveforms, normalised when `do_normalize`.
    func wav2vec2Values(_ audios: [Audio]) throws -> AudioInputs {
        let longest = audios.map(\.samples.count).max() ?? 0
        var batch = pad(audios, to: longest)
        let returnMask = config.returnAttentionMask ?? false
        if config.doNormalize ?? true { normalize(&batch, overRealSamples: returnMask) }
        let values = try Tensor(shape: [audios.count, longest], scalars: batch.samples)
        return AudioInputs(name: "input_values", values: values, attentionMask: returnMask ? batch.mask : nil,
                           sampleCounts: batch.sampleCounts)
    }

    /// Whisper: `[batch, mels, frames]` log-mel features of each clip cut or padded to `chunk_length` seconds,
    /// with the sample mask taken every `hop_length` samples (the frames that start on real audio).
    func whisperFeatures(_ audios: [Audio]) throws -> AudioInputs {
        guard let stft, let filters = melFiltersByBin else {
            throw MediaError.invalidFeatureExtractorConfig(path: source, key: "feature_extractor_type",
                                                           reason: "has no Whisper filter bank")
        }
        let hop = stft.hopLength, mels = filters.shape[1]
        let length = (config.chunkLength ?? 30) * samplingRate
        var batch = pad(audios, to: length)
        if config.doNormalize ?? false { normalize(&batch, overRealSamples: true) }
        // transformers drops the STFT's last frame: length / hop frames remain.
        let frames = max(0, stft.frameCount(sampleCount: length) - 1)
        var output = [Float](repeating: 0, count: audios.count * mels * frames)
        for row in 0 ..< audios.count {
            let samples = Array(batch.samples[row * length ..< (row + 1) * length])
            let power = try stft.frameMajorSpectrogram(samples, power: 2, frameLimit: frames)
            let mel = matmul(power, filters)     // [frames, mels]
            var logs = mel.scalars.map { Float(log10(max(1e-10, Double($0)))) }
            let top = logs.max() ?? 0
            for i in logs.indices { logs[i] = (max(logs[i], top - 8) + 4) / 4 }
            let base = row * mels * frames
            for t in 0 ..< frames {
                for m in 0 ..< mels { output[base + m * frames + t] = logs[t * mels + m] }
            }
        }
        let mask = batch.mask.map { rowMask in (0 ..< frames).map { rowMask[$0 * hop] } }
        let values = try Tensor(shape: [audios.count, mels, frames], scalars: output)
        return AudioInputs(name: "input_features", values: values, attentionMask: mask,
                           sampleCounts: batch.sampleCounts)
    }
}
