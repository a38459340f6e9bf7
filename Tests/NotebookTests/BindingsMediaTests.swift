import Foundation
import Notebook
import Testing
import Vectorbook

@Suite("Bindings: audio, speech models and video")
struct BindingsMediaTests {
    let invoke = BindingsInvoker()
    static let reading = "Assets/audio/librivox-ill-disposed.wav"
    static let synthetic = "Assets/audio/rocket-en-us.wav"
    static let tinyWhisper = "Tests/EncodersTests/Fixtures/audio/tiny-whisper"
    static let tinyGE2E = "Tests/EncodersTests/Fixtures/speaker/tiny-ge2e"
    static let video = "Assets/video/rocket-to-hubble.avi"

    func audio(_ path: String) throws -> Value {
        try invoke.initializer("Audio", arg("contentsOf", .string(path)))
    }

    @Test("Audio(contentsOf:) reads a course clip; its properties, description and display with waveform and player")
    func loading() throws {
        let clip = try audio(Self.reading)
        let library = try Audio(contentsOf: BindingFixtures.repositoryRoot.appendingPathComponent(Self.reading).path)
        #expect(try clip.testPayload(Audio.self) == library)
        #expect(try invoke.property(clip, "sampleRate").testInt == 16000)
        #expect(try invoke.property(clip, "frameCount").testInt == library.frameCount)
        #expect(try invoke.property(clip, "samples").testArray?.count == library.frameCount)
        #expect(invoke.context.describe(clip) == "Audio: 2.99 s, 16000 Hz, mono (47840 frames)")
        guard let display = invoke.registry.displays["Audio"] else { Issue.record("Audio has no display"); return }
        guard case .audio(let shown) = try display(clip, invoke.context) else { Issue.record("not an audio display"); return }
        #expect(shown.sampleRate == 16000 && shown.channels == 1 && shown.wavBase64 != nil && !shown.waveform.pngBase64.isEmpty)
        #expect(bindingError { try self.audio("Assets/audio/missing.wav") }?.contains("does not exist") == true)
        #expect(bindingError { try self.audio("../elsewhere.wav") }?.contains("outside the course folder") == true)
    }

    @Test("resampled, slice, mono and loudness call the library; bad arguments are cell errors")
    func transforms() throws {
        let clip = try audio(Self.synthetic)
        let library = try clip.testPayload(Audio.self)
        let resampled = try invoke.method(clip, "resampled", arg("to", .int(16000)))
        #expect(try resampled.testPayload(Audio.self) == (try library.resampled(to: 16000)))
        let part = try invoke.method(clip, "slice", arg("from", .double(0.5)), arg("to", .double(1)))
        #expect(try part.testPayload(Audio.self).frameCount == library.slice(from: 0.5, to: 1).frameCount)
        #expect(bindingError { try self.invoke.method(clip, "slice", arg("from", .double(2)), arg("to", .double(1))) }?
            .contains("from ≤ to") == true)
        let louder = try invoke.method(clip, "normalizedLoudness", arg("targetDBFS", .double(-20)))
        #expect(abs(try louder.testPayload(Audio.self).loudnessDBFS + 20) < 0.01)
        #expect(bindingError { try self.invoke.method(clip, "normalizedLoudness", arg("targetDBFS", .double(3))) }?
            .contains("at or below 0 dBFS") == true)
        let made = try invoke.initializer("Audio", arg("samples", .testFloats([0, 0.5, -0.5, 0])), arg("sampleRate", .int(8000)),
                                          arg("channels", .int(2)))
        #expect(try invoke.method(made, "mono").testPayload(Audio.self).samples == [0.25, -0.25])
        #expect(throws: MediaError.self) {
            try self.invoke.initializer("Audio", arg("samples", .testFloats([0, 1, 2])), arg("sampleRate", .int(8000)), arg("channels", .int(2)))
        }
    }

    @Test("spectrogram, melSpectrogram and mfcc equal the library; powerToDB with .max and topDB; bad sizes are refused")
    func features() throws {
        let clip = try audio(Self.reading)
        let library = try clip.testPayload(Audio.self)
        let power = try invoke.method(clip, "spectrogram", arg("nFFT", .int(400)), arg("hopLength", .optional(.int(160))))
        #expect(try power.testPayload(Tensor.self) == (try library.spectrogram(nFFT: 400, hopLength: 160)))
        let mel = try invoke.method(clip, "melSpectrogram", arg("nFFT", .int(400)), arg("hopLength", .optional(.int(160))),
                                    arg("nMels", .int(40)), arg("htk", .bool(true)))
        #expect(try mel.testPayload(Tensor.self) == (try library.melSpectrogram(nFFT: 400, hopLength: 160, nMels: 40, htk: true)))
        let mfcc = try invoke.method(clip, "mfcc", arg("count", .int(13)), arg("nFFT", .int(400)), arg("hopLength", .optional(.int(160))),
                                     arg("nMels", .int(40)))
        #expect(try mfcc.testPayload(Tensor.self) == (try library.mfcc(count: 13, nFFT: 400, hopLength: 160, nMels: 40)))
        let maxReference = try invoke.staticProperty("DecibelReference", "max")
        let decibels = try invoke.function("powerToDB", arg(power), arg("reference", maxReference), arg("topDB", .optional(.double(60))))
        let values = try decibels.testPayload(Tensor.self)
        #expect(values == powerToDB(try power.testPayload(Tensor.self), reference: .max, topDB: 60))
        #expect(values.scalars.max() == 0 && values.scalars.min() == -60)
        #expect(bindingError { try self.invoke.method(clip, "mfcc", arg("count", .int(50)), arg("nMels", .int(40))) }?
            .contains("between 1 and nMels") == true)
        #expect(bindingError { try self.invoke.method(clip, "spectrogram", arg("nFFT", .int(400)), arg("winLength", .optional(.int(800)))) }?
            .contains("winLength") == true)
        #expect(bindingError { try self.invoke.function("powerToDB", arg(power), arg("amin", .double(0))) }?.contains("amin") == true)
    }

    @Test("AutoFeatureExtractor and model(inputs): the wrong sample rate is refused, the mask marks real frames")
    func featureExtractor() throws {
        let extractor = try invoke.staticMethod("AutoFeatureExtractor", "from", arg("pretrained", .string(Self.tinyWhisper)))
        #expect(try invoke.property(extractor, "samplingRate").testInt == 16000)
        let synthetic = try audio(Self.synthetic)
        #expect(throws: MediaError.self) { try self.invoke.call(extractor, arg(synthetic)) }
        let clip = try audio(Self.reading)
        let inputs = try invoke.call(extractor, arg(clip))
        let library = try extractor.testPayload(FeatureExtractor.self)(try clip.testPayload(Audio.self))
        #expect(try invoke.property(inputs, "values").testPayload(Tensor.self) == library.values)
        #expect(try invoke.property(inputs, "sampleCounts").testInts == [47840])
        let model = try invoke.staticMethod("AutoModel", "from", arg("pretrained", .string(Self.tinyWhisper)))
        let output = try invoke.call(model, arg(inputs))
        let expected = try model.testPayload(Model.self)(library)
        #expect(try invoke.property(output, "lastHiddenState").testPayload(Tensor.self) == expected.lastHiddenState)
        let batch = try invoke.call(extractor, arg(.array([clip, try invoke.method(clip, "slice", arg("from", .double(0)), arg("to", .double(0.3)))])))
        #expect(try invoke.property(batch, "sampleCounts").testInts == [47840, 4800])
        #expect(bindingError { try self.invoke.call(extractor, arg(.array([]))) }?.contains("empty") == true)
    }

    @Test("SpeakerEncoder.from(pretrained:) and embedUtterance equal the library; embedSpeaker of one clip is its utterance")
    func speaker() throws {
        let encoder = try invoke.staticMethod("SpeakerEncoder", "from", arg("pretrained", .string(Self.tinyGE2E)))
        #expect(try invoke.property(encoder, "embeddingSize").testInt == 8)
        let clip = try audio(Self.reading)
        let vector = try invoke.method(encoder, "embedUtterance", arg(clip)).testPayload(Tensor.self)
        let library = try encoder.testPayload(SpeakerEncoder.self)
        #expect(vector == (try library.embedUtterance(try clip.testPayload(Audio.self))))
        let speaker = try invoke.method(encoder, "embedSpeaker", arg(.array([clip]))).testPayload(Tensor.self)
        #expect(speaker.maxAbsDifference(vector) < 1e-6)
        let partials = try invoke.method(encoder, "embedPartials", arg(clip), arg("normalizeVolume", .bool(false)))
        #expect(try invoke.property(partials, "slices").testArray?.isEmpty == false)
        #expect(bindingError { try self.invoke.method(encoder, "embedSpeaker", arg(.array([.int(1)]))) } != nil)
    }

    @Test("Video: properties, frames, sampling, the frame-strip display, and VideoEmbedder with its similarity curve")
    func video() throws {
        let video = try invoke.initializer("Video", arg("contentsOf", .string(Self.video)))
        let library = try video.testPayload(Video.self)
        #expect(try invoke.property(video, "frameCount").testInt == library.frameCount)
        #expect(try invoke.method(video, "sampledFrameIndices", arg("count", .int(4))).testInts == library.sampledFrameIndices(count: 4))
        let frame = try invoke.method(video, "frame", arg("at", .int(3)))
        #expect(try frame.testPayload(Image.self) == (try library.frame(at: 3)))
        #expect(throws: MediaError.self) { try self.invoke.method(video, "frame", arg("at", .int(library.frameCount))) }
        #expect(bindingError { try self.invoke.method(video, "sampledFrames", arg("count", .int(0))) }?.contains("between 1 and") == true)
        #expect(bindingError { try self.invoke.initializer("Video", arg("contentsOf", .string(Self.video)), arg("frameRate", .optional(.double(0)))) }?
            .contains("positive") == true)
        guard let display = invoke.registry.displays["Video"], case .frames(let strip) = try display(video, invoke.context) else {
            Issue.record("Video has no frame-strip display")
            return
        }
        #expect(strip.frames.count == 8 && strip.frames.allSatisfy { max($0.width, $0.height) <= 160 })
        #expect(strip.timestamps == library.sampledFrameIndices(count: 8).map(library.timestamp(ofFrame:)))

        let embedder = try invoke.staticMethod("VideoEmbedder", "from", arg("pretrained", .string(BindingFixtures.tinyDINOv2)))
        let embedding = try invoke.method(embedder, "embed", arg(video), arg("frames", .int(4)))
        let expected = try embedder.testPayload(VideoEmbedder.self).embed(library, frames: 4)
        #expect(try invoke.property(embedding, "frameVectors").testPayload(Tensor.self) == expected.frameVectors)
        #expect(try invoke.property(embedding, "frameSimilarities").testArray?.count == 3)
        let maxPooling = try invoke.staticProperty("TemporalPooling", "max")
        #expect(try invoke.method(embedding, "pooled", arg(maxPooling)).testPayload(Tensor.self) == expected.pooled(.max))
        #expect(bindingError { try self.invoke.method(embedder, "embed", arg(video), arg("frames", .int(1000))) }?.contains("between 1 and") == true)
    }
}
