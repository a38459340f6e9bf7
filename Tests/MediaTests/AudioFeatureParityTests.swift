import Foundation
import Testing
import Tensors
@testable import Media

/// STFT, spectrograms, mel filter banks, decibels, log-mel, MFCC and DCT vs librosa 0.11,
/// transformers.audio_utils and scipy.fft (Fixtures/audio/features.json).
///
/// Error measure, per array: `max |ours − reference| / max |reference|` (the largest difference relative to the
/// array's largest magnitude, so tiny values of a spectrum are not judged on their own), at most 1e-4.
private struct MissingFixtureValue: Error, CustomStringConvertible {
    let description: String
}

/// The value, or an error (fixtures JSON with a missing or mistyped key).
private func need<T>(_ value: T?, _ what: String = "fixture value") throws -> T {
    guard let value else { throw MissingFixtureValue(description: "missing \(what)") }
    return value
}

@Suite("Audio feature parity")
struct AudioFeatureParityTests {
    static let tolerance = 1e-4

    static func mono(_ file: String) throws -> Audio {
        try Audio(contentsOf: AudioFixtures.url(file)).mono()
    }

    static func hfWindow(_ params: [String: Any]) throws -> [Double] {
        let frameLength = try need(params["frame_length"] as? Int)
        let length = params["window_length"] as? Int ?? frameLength
        let kind = try need(STFT.Window(rawValue: try need(params["window"] as? String)))
        let values = kind.values(length: length, periodic: params["periodic"] as? Bool ?? true)
        guard length < frameLength else { return values }
        var padded = [Double](repeating: 0, count: frameLength)
        let offset = (frameLength - length) / 2
        for i in 0 ..< length { padded[offset + i] = values[i] }
        return padded
    }

    static func whisperMel() throws -> MelFilterBank { try MelFilterBank.transformers(frequencyBins: 201, melFilters: 80, minFrequency: 0,
                                                             maxFrequency: 8000, sampleRate: 16000, norm: .slaney,
                                                             scale: .slaney) }
    static func htk40Mel() throws -> MelFilterBank { try MelFilterBank.transformers(frequencyBins: 257, melFilters: 40, minFrequency: 20,
                                                           maxFrequency: 7600, sampleRate: 16000, norm: nil, scale: .htk) }

    /// Our output for one case of features.json, or nil for cases that are only inputs.
    static func compute(_ entry: [String: Any], all: [String: [String: Any]]) throws -> Tensor? {
        let params = try need(entry["params"] as? [String: Any])
        let kind = try need(params["kind"] as? String)
        let file = entry["file"] as? String
        func int(_ key: String) throws -> Int { try need(params[key] as? Int) }
        func double(_ key: String) -> Double? { params[key] as? Double ?? (params[key] as? Int).map(Double.init) }
        func samples() throws -> [Float] { try mono(try need(file)).samples }
        switch kind {
        case "stft":
            let padding = try need(STFT.Padding(rawValue: try need(params["pad"] as? String)))
            let stft = try STFT(nFFT: int("n_fft"), hopLength: int("hop"), winLength: params["win_length"] as? Int,
                                window: .hann, center: params["center"] as? Bool ?? true, padding: padding)
            let result = try stft(samples())
            switch params["part"] as? String {
            case "real": return result.real
            case "imag": return result.imaginary
            default: return result.magnitude
            }
        case "hf_spectrogram":
            let stft = try STFT(frameLength: int("frame_length"), hopLength: int("hop"), fftLength: int("fft_length"),
                                window: hfWindow(params), center: params["center"] as? Bool ?? true, padding: .reflect)
            return try stft.spectrogram(samples(), power: double("power") ?? 2)
        case "mel_librosa":
            let norm: MelFilterBank.Normalization? = params["norm"] as? String == "slaney" ? .slaney : nil
            return try MelFilterBank.librosa(sampleRate: int("sr"), nFFT: int("n_fft"), nMels: int("n_mels"),
                                             fMin: double("fmin") ?? 0, fMax: double("fmax"),
                                             htk: params["htk"] as? Bool ?? false, norm: norm).weights
        case "mel_hf":
            let norm: MelFilterBank.Normalization? = params["norm"] as? String == "slaney" ? .slaney : nil
            let scale = try need(MelScale(rawValue: try need(params["mel_scale"] as? String)))
            return try MelFilterBank.transformers(
                frequencyBins: int("num_frequency_bins"), melFilters: int("num_mel_filters"),
                minFrequency: double("min_frequency") ?? 0, maxFrequency: double("max_frequency") ?? 0,
                sampleRate: int("sampling_rate"), norm: norm, scale: scale,
                triangularizeInMelSpace: params["triangularize_in_mel_space"] as? Bool ?? false).weights
        case "melspec_librosa":
            return try mono(try need(file)).melSpectrogram(nFFT: int("n_fft"), hopLength: int("hop"),
                                                               nMels: int("n_mels"))
        case "power_to_db", "power_to_db_melspec":
            let mel: Tensor
            if let source = params["of"] as? String {
                mel = try need(try compute(try need(all[source]), all: all))
            } else {
                mel = try mono(try need(file)).melSpectrogram(nFFT: int("n_fft"), hopLength: int("hop"),
                                                                  nMels: int("n_mels"))
            }
            let reference: DecibelReference = params["ref"] as? String == "max" ? .max : .value(double("ref") ?? 1)
            return powerToDB(mel, reference: reference, amin: double("amin") ?? 1e-10, topDB: double("top_db"))
        case "amplitude_to_db":
            let stft = try STFT(nFFT: int("n_fft"), hopLength: int("hop"))
            let magnitude = try stft.spectrogram(samples(), power: 1)
            let reference: DecibelReference = params["ref"] as? String == "max" ? .max : .value(double("ref") ?? 1)
            return amplitudeToDB(magnitude, reference: reference, amin: double("amin") ?? 1e-5, topDB: double("top_db"))
        case "hf_logmel":
            let nFFT = try int("n_fft")
            let stft = try STFT(frameLength: nFFT, hopLength: int("hop"), window: STFT.Window.hann.values(length: nFFT))
            let bank = try params["mel"] as? String == "whisper" ? whisperMel() : htk40Mel()
            let mel = try bank.apply(stft.spectrogram(samples(), power: 2))
            switch params["log_mel"] as? String {
            case "log10": return logSpectrogram(mel, floor: double("mel_floor") ?? 1e-10, base: .ten)
            case "log": return logSpectrogram(mel, floor: double("mel_floor") ?? 1e-10, base: .e)
            default: return powerToDB(mel, reference: .value(1), amin: double("mel_floor") ?? 1e-10, topDB: double("db_range"))
            }
        case "mfcc":
            return try mono(try need(file)).mfcc(count: int("n_mfcc"), nFFT: int("n_fft"), hopLength: int("hop"),
                                                     nMels: int("n_mels"), lifter: double("lifter") ?? 0)
        case "dct":
            let input = try need(all[try need(params["of"] as? String)])
            let values = try AudioFixtures.floats(try need(input["full"] as? String))
            return try discreteCosineTransform(Tensor(shape: try need(input["shape"] as? [Int]), scalars: values))
        case "dct_input":
            return nil
        default:
            Issue.record("unknown feature case kind \(kind)")
            return nil
        }
    }

    @Test("STFT, spectrograms, mel banks (HTK/Slaney/Kaldi), dB, log-mel, MFCC, DCT within 1e-4 of max")
    func parity() throws {
        let cases = try need(AudioFixtures.json("features.json")["cases"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: cases.compactMap { c in (c["name"] as? String).map { ($0, c) } })
        var kinds = Set<String>()
        for entry in cases {
            let name = try need(entry["name"] as? String)
            guard let ours = try Self.compute(entry, all: byName) else { continue }
            kinds.insert((entry["params"] as? [String: Any])?["kind"] as? String ?? "")
            #expect(ours.shape == entry["shape"] as? [Int], "\(name) shape")
            let difference = try AudioFixtures.maxAbsDifference(ours.scalars, entry: entry)
            let scale = max(try need(entry["max_abs"] as? Double), 1e-30)
            #expect(difference / scale <= Self.tolerance, "\(name): max |Δ| / max |ref| = \(difference / scale)")
        }
        #expect(kinds.count == 11, "\(kinds)")
    }
}
