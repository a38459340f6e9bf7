import Foundation
import ModelHub
import Testing
@testable import Media
import Tensors

/// `ImageProcessor` against transformers 5.24's Pillow-backed processors
/// (Fixtures/processors/processors.json). Differences are measured in the units of
/// `pixel_values` itself, i.e. after `(x · rescale_factor − mean) / std`; the tolerance is 1/255 of
/// one such unit, which is stricter than one 8-bit level (1 / (255 · std) with std < 1).
@Suite("Image processor parity with transformers")
struct ImageProcessorParityTests {
    static let tolerance: Float = 1.0 / 255.0
    static let configs = ["vit_224", "vit_nonsquare", "dinov2", "clip", "crop_pad"]

    @Test("pixel_values equal transformers' for every image", arguments: configs)
    func matchesTransformers(config: String) throws {
        let processor = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/\(config).json"))
        let cases = try ProcessorFixtures.processorCases().filter { $0.config == config }
        try #require(cases.count >= 12)
        let samples = try ProcessorFixtures.samples()
        var identical = 0
        var worst: Float = 0
        for fixture in cases {
            let image = try #require(ResamplingParityTests.images[fixture.image], "fixture image \(fixture.image)")
            let tensor = try processor(image)
            try #require(tensor.shape == fixture.shape, "\(config)/\(fixture.image): shape \(tensor.shape)")
            let values = tensor.scalars
            if SHA256.hash(values.withUnsafeBytes { Data($0) }).hexString == fixture.sha256 { identical += 1 }

            var caseWorst: Float = 0
            for i in 0 ..< fixture.sampleCount {
                let index = (i * fixture.sampleStride) % values.count
                caseWorst = max(caseWorst, abs(values[index] - samples[fixture.sampleOffset + i]))
            }
            let plane = values.count / 3
            for c in 0 ..< 3 {
                let channel = values[c * plane ..< (c + 1) * plane]
                let sum = channel.reduce(0.0) { $0 + Double($1) }
                #expect(abs(sum - fixture.channelSum[c]) <= 1e-6 * Double(plane) + 1e-6,
                        "\(config)/\(fixture.image) channel \(c) sum \(sum) vs \(fixture.channelSum[c])")
                #expect(Double(channel.min() ?? 0) == fixture.channelMin[c])
                #expect(Double(channel.max() ?? 0) == fixture.channelMax[c])
            }
            if let file = fixture.fullF16 {
                let reference = try ProcessorFixtures.halfFloats(file)
                try #require(reference.count == values.count)
                // float16 storage rounds by up to 2^-11 relative, below the tolerance.
                let fullWorst = zip(values, reference).map { abs($0 - $1) }.max() ?? 0
                #expect(fullWorst <= Self.tolerance, "\(file): max difference \(fullWorst)")
            }
            #expect(caseWorst <= Self.tolerance, "\(config)/\(fixture.image): max difference \(caseWorst)")
            worst = max(worst, caseWorst)
        }
        // The resize is byte-identical and rescale/normalise follow numpy's float32 steps, so every
        // output should be bit-for-bit transformers' own.
        #expect(identical == cases.count, "\(config): \(identical) of \(cases.count) outputs bit-identical; max sampled difference \(worst)")
    }

    @Test("ViT references for L/LA/RGBA images were converted with convert(\"RGB\") first")
    func vitInputs() throws {
        let cases = try ProcessorFixtures.processorCases()
        let converted = cases.filter { $0.input == "convert_rgb_first" }
        #expect(Set(converted.map(\.config)) == ["vit_224", "vit_nonsquare"])
        #expect(Set(converted.map(\.image)) == ["grey", "greyalpha", "rgba"])
    }

    @Test("a batch equals the single images stacked")
    func batch() throws {
        let processor = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/clip.json"))
        let images = ResamplingParityTests.images
        let a = try #require(images["photo"]), b = try #require(images["rgba"]), c = try #require(images["tiny"])
        let batch = try processor([a, b, c])
        #expect(batch.shape == [3, 3, 224, 224])
        let singles = try [a, b, c].flatMap { try processor($0).scalars }
        #expect(batch.scalars == singles)
    }

    @Test("the prepared image is the resized, cropped RGB image")
    func prepared() throws {
        let processor = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/dinov2.json"))
        let image = try #require(ResamplingParityTests.images["gradient"])
        let prepared = try processor.preparedImage(image)
        #expect(prepared.mode == .rgb && prepared.width == 224 && prepared.height == 224)
        // 333×217 → shortest edge 256 → 392×256, then a centre crop at (84, 16).
        let resized = try image.resized(width: 392, height: 256, filter: .bicubic)
        #expect(prepared == (try resized.cropped(x: 84, y: 16, width: 224, height: 224)))
    }

    @Test("an empty batch and mixed output sizes throw")
    func batchErrors() throws {
        let processor = try ImageProcessor(config: ImageProcessorConfig(imageProcessorType: "CLIPImageProcessor",
                                                                        doCenterCrop: false))
        #expect(throws: MediaError.emptyImageBatch) { try processor([Image]()) }
        let images = ResamplingParityTests.images
        let a = try #require(images["photo"]), b = try #require(images["tall"])
        #expect(throws: MediaError.processedSizeMismatch(index: 1, width: 224, height: 1857,
                                                         expectedWidth: 298, expectedHeight: 224)) {
            try processor([a, b])
        }
        let message = MediaError.processedSizeMismatch(index: 1, width: 224, height: 1857, expectedWidth: 298,
                                                       expectedHeight: 224).localizedDescription
        #expect(message.contains("image 2") && message.contains("224×1857"))
    }
}
