import Foundation

/// Decoded audio: 32-bit float samples in −1…1, interleaved by channel.
///
/// Files are read with libsndfile (WAV, FLAC, Ogg/Vorbis); `mono()` mixes channels
/// down and `resampled(to:)` converts the rate with a band-limited polyphase filter,
/// which is what speech models' feature extractors expect (16 kHz mono).
public struct Audio: Sendable, Equatable {
    /// `frameCount × channels` samples, interleaved.
    public let samples: [Float]
    /// Frames per second.
    public let sampleRate: Int
    /// Samples per frame.
    public let channels: Int

    /// Audio from raw samples; throws when the rate or channel count is not positive or the
    /// sample count is not a multiple of `channels`.
    public init(samples: [Float], sampleRate: Int, channels: Int = 1) throws {
        guard sampleRate > 0 else { throw MediaError.invalidAudio(reason: "sample rate \(sampleRate) is not positive") }
        guard channels > 0 else { throw MediaError.invalidAudio(reason: "channel count \(channels) is not positive") }
        guard samples.count % channels == 0 else {
            throw MediaError.invalidAudio(reason: "\(samples.count) samples do not divide into \(channels) channels")
        }
        self.samples = samples
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Number of frames (samples per channel).
    public var frameCount: Int { samples.count / channels }

    /// Length in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }
}
