import Foundation

extension Audio {
    /// The clip mixed down to one channel: each frame is the mean of its channels (the channel values added
    /// in order, then divided by the channel count in float32), as `librosa.to_mono` and transformers'
    /// audio loading compute it (`y.mean(axis=0)`). A mono clip is returned unchanged.
    public func mono() -> Audio {
        guard channels > 1 else { return self }
        let frames = frameCount, channels = self.channels
        let divisor = Float(channels)
        var mixed = [Float](repeating: 0, count: frames)
        samples.withUnsafeBufferPointer { input in
            mixed.withUnsafeMutableBufferPointer { out in
                for frame in 0 ..< frames {
                    let base = frame * channels
                    var sum = input[base]
                    for channel in 1 ..< channels { sum += input[base + channel] }
                    out[frame] = sum / divisor
                }
            }
        }
        return Audio(validatedSamples: mixed, sampleRate: sampleRate, channels: 1)
    }

    /// The frames from `start` to `end` seconds (each rounded to the nearest frame and clamped to the clip), all
    /// channels. An empty or reversed range gives an empty clip at the same rate.
    ///
    /// ```swift
    /// let firstSecond = audio.slice(from: 0, to: 1)
    /// ```
    public func slice(from start: Double, to end: Double) -> Audio {
        func frame(_ seconds: Double) -> Int {
            guard seconds.isFinite else { return seconds > 0 ? frameCount : 0 }
            let position = (seconds * Double(sampleRate)).rounded()
            return Int(max(0, min(Double(frameCount), position)))
        }
        let first = frame(start), last = max(first, frame(end))
        let slice = Array(samples[first * channels ..< last * channels])
        return Audio(validatedSamples: slice, sampleRate: sampleRate, channels: channels)
    }

    /// The clip scaled to an average loudness of `targetDBFS` decibels relative to full scale, as
    /// Resemblyzer's `normalize_volume`: the change is `targetDBFS − 10·log10(mean(x²))` over all samples;
    /// with `increaseOnly` a negative change leaves the clip as it is (quiet clips are boosted, loud ones
    /// kept); otherwise every sample is multiplied by `10^(change / 20)`. Silence (mean square 0) is returned
    /// unchanged, where Python would produce NaN. Samples may exceed ±1 afterwards (no clipping), as in
    /// Resemblyzer.
    ///
    /// ```swift
    /// let levelled = audio.normalizedLoudness(targetDBFS: -30, increaseOnly: true)   // Resemblyzer's default
    /// ```
    public func normalizedLoudness(targetDBFS: Double, increaseOnly: Bool = false) -> Audio {
        guard !samples.isEmpty else { return self }
        var sumOfSquares = 0.0
        for sample in samples { sumOfSquares += Double(sample) * Double(sample) }
        let meanSquare = sumOfSquares / Double(samples.count)
        guard meanSquare > 0, meanSquare.isFinite else { return self }
        let change = targetDBFS - 10 * log10(meanSquare)
        if change < 0 && increaseOnly { return self }
        let gain = Float(pow(10, change / 20))
        return Audio(validatedSamples: samples.map { $0 * gain }, sampleRate: sampleRate, channels: channels)
    }

    /// The loudness in dBFS as ``normalizedLoudness(targetDBFS:increaseOnly:)`` measures it:
    /// `10·log10(mean(x²))` (−∞ for silence).
    public var loudnessDBFS: Double {
        guard !samples.isEmpty else { return -.infinity }
        var sumOfSquares = 0.0
        for sample in samples { sumOfSquares += Double(sample) * Double(sample) }
        return 10 * log10(sumOfSquares / Double(samples.count))
    }

    /// Audio from samples already known to be consistent (a positive rate, whole frames); no checks.
    init(validatedSamples samples: [Float], sampleRate: Int, channels: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.channels = channels
    }
}
