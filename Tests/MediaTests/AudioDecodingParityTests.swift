import Foundation
import Testing
@testable import Media

/// Audio decoding vs soundfile 0.14 (`soundfile.read(path, dtype="float32", always_2d=True)`), recorded in
/// Fixtures/audio/decode.json. Lossless files (WAV 8/16/24/32-bit integer, float, double; FLAC) must decode to
/// the identical float32 samples; lossy ones (Ogg Vorbis, MP3) within 1e-4 absolute, as libvorbis/mpg123
/// versions may round differently.
@Suite("Audio decoding")
struct AudioDecodingParityTests {
    static func cases() throws -> [[String: Any]] {
        try #require(AudioFixtures.json("decode.json")["cases"] as? [[String: Any]])
    }

    @Test("every fixture decodes to soundfile's rate, channels, frames and samples")
    func decodesLikeSoundfile() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 19)
        var formats = Set<String>()
        for entry in cases {
            let file = try #require(entry["file"] as? String)
            let audio = try Audio(contentsOf: AudioFixtures.url(file))
            #expect(audio.sampleRate == entry["sample_rate"] as? Int, "\(file) rate")
            #expect(audio.channels == entry["channels"] as? Int, "\(file) channels")
            #expect(audio.frameCount == entry["frames"] as? Int, "\(file) frames")
            let frames = Double(try #require(entry["frames"] as? Int)), rate = Double(try #require(entry["sample_rate"] as? Int))
            #expect(abs(audio.duration - frames / rate) < 1e-12)
            let lossy = entry["lossy"] as? Bool ?? true
            let error = try AudioFixtures.maxAbsDifference(audio.samples, entry: entry)
            #expect(error <= (lossy ? 1e-4 : 0), "\(file): max |Δ| \(error)")
            formats.insert("\(entry["format"] ?? "")/\(entry["subtype"] ?? "")")
        }
        // WAV u8/16/24/32/float/double, FLAC 16/24/8-bit, Vorbis and MP3 are all covered.
        #expect(formats.count >= 10, "\(formats)")
    }

    @Test("mono() is the float32 mean of the channels, as librosa.to_mono")
    func monoMix() throws {
        let stereo = try AudioFixtures.audio("stereo22k_pcm24.wav")
        let mono = stereo.mono()
        #expect(mono.channels == 1 && mono.frameCount == stereo.frameCount && mono.sampleRate == 22050)
        for frame in [0, 1, 777, stereo.frameCount - 1] {
            #expect(mono.samples[frame] == (stereo.samples[2 * frame] + stereo.samples[2 * frame + 1]) / 2)
        }
        let six = try AudioFixtures.audio("six22k_pcm16.wav")
        #expect(six.channels == 6)
        let mixed = six.mono()
        let expected = (0 ..< 6).reduce(Float(0)) { $0 + six.samples[600 + $1] } / 6
        #expect(mixed.samples[100] == expected)
        let already = try AudioFixtures.audio("short16k_pcm16.wav")
        #expect(already.mono() == already)
    }

    @Test("empty, corrupt and non-audio files throw errors that name the file")
    func errors() throws {
        let cases = try #require(AudioFixtures.json("errors.json")["cases"] as? [[String: Any]])
        #expect(cases.count == 7)
        for entry in cases {
            let file = try #require(entry["file"] as? String)
            let kind = try #require(entry["kind"] as? String)
            let url = try AudioFixtures.url(file)
            let error = #expect(throws: MediaError.self, "\(file)") { try Audio(contentsOf: url) }
            let message = error?.localizedDescription ?? ""
            #expect(message.contains(url.lastPathComponent), "\(file): \(message)")
            switch (kind, error) {
            case ("empty", .emptyAudioFile?): break
            case ("corrupt", .corruptAudio?), ("corrupt", .unsupportedAudioFormat?): break
            case (let k, .unsupportedAudioFormat(_, let signature)?) where k.hasPrefix("unsupported:"):
                let what = String(k.dropFirst("unsupported:".count))
                #expect(signature.contains(what), "\(file): \(signature)")
            default: Issue.record("\(file): expected \(kind), got \(message)")
            }
        }
        let missing = "/no/such/dir/clip.wav"
        let error = #expect(throws: MediaError.self) { try Audio(contentsOf: missing) }
        #expect(error?.localizedDescription.contains(missing) == true)
    }
}
