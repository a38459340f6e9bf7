import Foundation
import Vectorbook

extension BindingRegistry {
    /// `Audio` (loading, properties, mono, resampling, slicing, loudness), its spectral features
    /// (`spectrogram`, `melSpectrogram`, `mfcc`), `powerToDB`, `amplitudeToDB`, `DecibelReference`
    /// and `STFT.Window`.
    func registerAudio() {
        registerAudioLoading()
        registerAudioMembers()
        registerAudioFeatures()
        registerDecibels()
    }

    private func registerAudioLoading() {
        let type = LibraryType.audio
        initializer(type, [Parameter("contentsOf", type: "String")]) { arguments, context in
            try context.checkDeadline()
            let path = try BindingArgument.string(arguments[argument: 0], "Audio(contentsOf:)")
            return BindingValue.library(type, try Audio(contentsOf: try context.resolveFile(path).path))
        }
        initializer(type, [Parameter("samples", type: "[Float]"), Parameter("sampleRate", type: "Int"),
                           Parameter("channels", type: "Int", default: .int(1))]) { arguments, _ in
            let role = "Audio(samples:sampleRate:channels:)"
            let samples = try BindingArgument.floats(arguments[argument: 0], "\(role) samples")
            let rate = try BindingArgument.int(arguments[argument: 1], "\(role) sampleRate")
            let channels = try BindingArgument.int(arguments[argument: 2], "\(role) channels")
            return BindingValue.library(type, try Audio(samples: samples, sampleRate: rate, channels: channels))
        }
    }

    private func registerAudioMembers() {
        let type = LibraryType.audio
        libraryProperty(type, Audio.self, "samples") { BindingValue.floats($0.samples) }
        libraryProperty(type, Audio.self, "sampleRate") { .int($0.sampleRate) }
        libraryProperty(type, Audio.self, "channels") { .int($0.channels) }
        libraryProperty(type, Audio.self, "frameCount") { .int($0.frameCount) }
        libraryProperty(type, Audio.self, "duration") { .double($0.duration) }
        libraryProperty(type, Audio.self, "loudnessDBFS") { .double($0.loudnessDBFS) }
        libraryMethod(type, Audio.self, "mono") { audio, _, _ in BindingValue.library(type, audio.mono()) }
        libraryMethod(type, Audio.self, "resampled", [Parameter("to", type: "Int")]) { audio, arguments, context in
            let rate = try BindingArgument.int(arguments[argument: 0], "resampled(to:)")
            try context.checkDeadline()
            return BindingValue.library(type, try audio.resampled(to: rate))
        }
        libraryMethod(type, Audio.self, "slice", [Parameter("from", type: "Double"), Parameter("to", type: "Double")]) { audio, arguments, _ in
            let start = try BindingArgument.double(arguments[argument: 0], "slice(from:to:) from")
            let end = try BindingArgument.double(arguments[argument: 1], "slice(from:to:) to")
            guard start.isFinite, end.isFinite, start <= end else {
                throw CellRuntimeError("slice(from:to:): needs finite seconds with from ≤ to, got \(start) and \(end)")
            }
            return BindingValue.library(type, audio.slice(from: start, to: end))
        }
        libraryMethod(type, Audio.self, "normalizedLoudness", [Parameter("targetDBFS", type: "Double"),
                                                               Parameter("increaseOnly", type: "Bool", default: .bool(false))]) { audio, arguments, _ in
            let target = try BindingArgument.double(arguments[argument: 0], "normalizedLoudness(targetDBFS:increaseOnly:) targetDBFS")
            guard target.isFinite, target <= 0 else {
                throw CellRuntimeError("normalizedLoudness(targetDBFS:): the target must be a finite level at or below 0 dBFS, got \(target)")
            }
            let increaseOnly = try BindingArgument.bool(arguments[argument: 1], "normalizedLoudness increaseOnly")
            return BindingValue.library(type, audio.normalizedLoudness(targetDBFS: target, increaseOnly: increaseOnly))
        }
        libraryEquality(type, Audio.self)
        // Swift would print every sample; cells get a one-line summary instead.
        libraryDescription(type, Audio.self) { DisplayConversion.summary(of: $0) }
        display(type) { value, _ in try MediaDisplays.audio(try BindingArgument.object(value, Audio.self, type, "display")) }
    }

    /// `spectrogram`, `melSpectrogram` and `mfcc` with the parameters a lesson varies; the others keep
    /// librosa's defaults, as in the library.
    private func registerAudioFeatures() {
        let type = LibraryType.audio
        let window = LibraryType.stftWindow
        libraryEnumeration(window, STFT.Window.allCases.map { (String(describing: $0), $0) })
        libraryProperty(window, STFT.Window.self, "rawValue") { .string($0.rawValue) }
        staticProperty("STFT", "Window") { _ in .metatype(window) }
        let framing = [Parameter("nFFT", type: "Int", default: .int(2048)),
                       Parameter("hopLength", type: "Int?", default: .optional(nil)),
                       Parameter("winLength", type: "Int?", default: .optional(nil)),
                       Parameter("window", type: "STFT.Window", default: BindingValue.library(window, STFT.Window.hann))]
        let mel = [Parameter("nMels", type: "Int", default: .int(128)), Parameter("fMin", type: "Double", default: .double(0)),
                   Parameter("fMax", type: "Double?", default: .optional(nil)), Parameter("htk", type: "Bool", default: .bool(false))]
        libraryMethod(type, Audio.self, "spectrogram", framing + [Parameter("power", type: "Double", default: .double(2))]) { audio, arguments, context in
            let frame = try AudioValues.framing(arguments, "spectrogram")
            let power = try BindingArgument.double(arguments[argument: 4], "spectrogram power")
            try context.checkDeadline()
            return BindingValue.tensor(try audio.spectrogram(nFFT: frame.nFFT, hopLength: frame.hop, winLength: frame.window,
                                                             window: frame.kind, power: power))
        }
        libraryMethod(type, Audio.self, "melSpectrogram", framing + [Parameter("power", type: "Double", default: .double(2))] + mel) { audio, arguments, context in
            let frame = try AudioValues.framing(arguments, "melSpectrogram")
            let power = try BindingArgument.double(arguments[argument: 4], "melSpectrogram power")
            let bands = try AudioValues.mel(arguments, from: 5, "melSpectrogram")
            try context.checkDeadline()
            return BindingValue.tensor(try audio.melSpectrogram(nFFT: frame.nFFT, hopLength: frame.hop, winLength: frame.window,
                                                                window: frame.kind, power: power, nMels: bands.count,
                                                                fMin: bands.fMin, fMax: bands.fMax, htk: bands.htk))
        }
        libraryMethod(type, Audio.self, "mfcc", [Parameter("count", type: "Int", default: .int(20))] + framing.map { $0 } + mel) { audio, arguments, context in
            let count = try BindingArgument.int(arguments[argument: 0], "mfcc count")
            let frame = try AudioValues.framing(Array(arguments.dropFirst()), "mfcc")
            let bands = try AudioValues.mel(arguments, from: 5, "mfcc")
            guard count >= 1, count <= bands.count else {
                throw CellRuntimeError("mfcc(count:): count must be between 1 and nMels (\(bands.count)), got \(count)")
            }
            try context.checkDeadline()
            return BindingValue.tensor(try audio.mfcc(count: count, nFFT: frame.nFFT, hopLength: frame.hop, winLength: frame.window,
                                                      window: frame.kind, nMels: bands.count, fMin: bands.fMin,
                                                      fMax: bands.fMax, htk: bands.htk))
        }
    }

    /// `powerToDB(_:reference:amin:topDB:)`, `amplitudeToDB(…)` and `DecibelReference` (`.max`, `.value(x)`).
    private func registerDecibels() {
        let reference = LibraryType.decibelReference
        libraryEnumeration(reference, [(name: "max", value: DecibelReference.max)], caseIterable: false)
        staticMethod(reference, "value", [Parameter(nil, type: "Double")]) { arguments, _ in
            BindingValue.library(reference, DecibelReference.value(try BindingArgument.double(arguments[argument: 0], "DecibelReference.value(_:)")))
        }
        libraryDescription(reference, DecibelReference.self) { value in
            switch value {
            case .max: return "max"
            case .value(let x): return "value(\(x))"
            }
        }
        for (name, amin) in [("powerToDB", 1e-10), ("amplitudeToDB", 1e-5)] {
            function(name, [Parameter(nil, type: "Tensor"),
                            Parameter("reference", type: "DecibelReference", default: BindingValue.library(reference, DecibelReference.value(1))),
                            Parameter("amin", type: "Double", default: .double(amin)),
                            Parameter("topDB", type: "Double?", default: .double(80))]) { arguments, _ in
                let role = "\(name)(_:reference:amin:topDB:)"
                let values = try BindingArgument.tensor(arguments[argument: 0], role)
                let ref = try BindingArgument.object(arguments[argument: 1], DecibelReference.self, reference, "\(role) reference")
                let floor = try BindingArgument.double(arguments[argument: 2], "\(role) amin")
                let top = try BindingArgument.optional(arguments[argument: 3]).map { try BindingArgument.double($0, "\(role) topDB") }
                guard floor > 0 else { throw CellRuntimeError("\(role): amin must be positive, got \(floor)") }
                if let top, !(top >= 0) { throw CellRuntimeError("\(role): topDB must be non-negative, got \(top)") }
                return BindingValue.tensor(name == "powerToDB" ? powerToDB(values, reference: ref, amin: floor, topDB: top)
                                           : amplitudeToDB(values, reference: ref, amin: floor, topDB: top))
            }
        }
    }
}

/// Argument helpers for the audio bindings.
enum AudioValues {
    struct Framing {
        var nFFT: Int
        var hop: Int?
        var window: Int?
        var kind: STFT.Window
    }

    struct MelBands {
        var count: Int
        var fMin: Double
        var fMax: Double?
        var htk: Bool
    }

    /// A cell's `[Audio]` argument.
    static func clips(_ value: Value, _ role: String) throws -> [Audio] {
        try BindingArgument.array(value, role, expected: "[Audio]").enumerated().map {
            try BindingArgument.object($1, Audio.self, LibraryType.audio, "\(role) clip \($0)")
        }
    }

    /// `nFFT`, `hopLength`, `winLength`, `window` from the first four arguments.
    static func framing(_ arguments: [Value], _ role: String) throws -> Framing {
        let nFFT = try BindingArgument.int(arguments[argument: 0], "\(role) nFFT")
        let hop = try BindingArgument.optional(arguments[argument: 1]).map { try BindingArgument.int($0, "\(role) hopLength") }
        let window = try BindingArgument.optional(arguments[argument: 2]).map { try BindingArgument.int($0, "\(role) winLength") }
        let kind = try BindingArgument.object(arguments[argument: 3], STFT.Window.self, LibraryType.stftWindow, "\(role) window")
        guard nFFT >= 2, nFFT <= 1 << 16 else { throw CellRuntimeError("\(role): nFFT must be between 2 and 65536, got \(nFFT)") }
        if let hop, hop < 1 { throw CellRuntimeError("\(role): hopLength must be at least 1, got \(hop)") }
        if let window, window < 1 || window > nFFT {
            throw CellRuntimeError("\(role): winLength must be between 1 and nFFT (\(nFFT)), got \(window)")
        }
        return Framing(nFFT: nFFT, hop: hop, window: window, kind: kind)
    }

    /// `nMels`, `fMin`, `fMax`, `htk` starting at argument `first`.
    static func mel(_ arguments: [Value], from first: Int, _ role: String) throws -> MelBands {
        let count = try BindingArgument.int(arguments[argument: first], "\(role) nMels")
        let fMin = try BindingArgument.double(arguments[argument: first + 1], "\(role) fMin")
        let fMax = try BindingArgument.optional(arguments[argument: first + 2]).map { try BindingArgument.double($0, "\(role) fMax") }
        let htk = try BindingArgument.bool(arguments[argument: first + 3], "\(role) htk")
        guard count >= 1, count <= 1024 else { throw CellRuntimeError("\(role): nMels must be between 1 and 1024, got \(count)") }
        return MelBands(count: count, fMin: fMin, fMax: fMax, htk: htk)
    }
}
