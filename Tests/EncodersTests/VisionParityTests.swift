import Foundation
import ModelHub
import Tensors
import Testing
import Tokenizers
import Media
@testable import Encoders

/// ViT, DINOv2 and CLIP on tiny random checkpoints against `transformers` (max abs error ≤ 1e-4;
/// CLIP logits ≤ 1e-3), and the real DINOv2 pack against reference embeddings.
@Suite("Vision encoder parity with transformers", .serialized)
struct VisionParityTests {
    static let tolerance: Float = 1e-4

    static func expected(_ folder: String, _ file: String = "expected.safetensors") throws -> SafeTensorsFile {
        try SafeTensorsFile(url: Fixtures.folder("vision/\(folder)").appendingPathComponent(file))
    }

    static func checkHiddenStates(_ output: ModelOutput, _ expected: SafeTensorsFile, prefix: String = "", _ label: String) throws {
        let states = try #require(output.hiddenStates)
        let names = expected.names.filter { $0.hasPrefix("\(prefix)hidden_states.") }
        #expect(states.count == names.count, "\(label): number of hidden states")
        for (index, state) in states.enumerated() {
            let reference = try expected.tensor("\(prefix)hidden_states.\(index)")
            #expect(state.maxAbsDifference(reference) <= tolerance, "\(label): hidden_states.\(index)")
        }
    }

    @Test("ViT hidden states and pooler", arguments: ["tiny-vit", "tiny-vit-no-pooler", "tiny-vit-classifier"])
    func vit(_ name: String) throws {
        let expected = try Self.expected(name)
        let model = try AutoModel.from(folder: Fixtures.folder("vision/\(name)"))
        #expect(model.modelType == "vit")
        let output = try model(try expected.tensor("pixel_values"), outputHiddenStates: true)
        #expect(output.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state")) <= Self.tolerance)
        try Self.checkHiddenStates(output, expected, name)
        if expected.contains("pooler_output") {
            #expect(try #require(output.poolerOutput).maxAbsDifference(try expected.tensor("pooler_output")) <= Self.tolerance)
        } else {
            #expect(output.poolerOutput == nil)
        }
    }

    @Test("ViT refuses other sizes unless positions are interpolated, then matches transformers")
    func vitInterpolation() throws {
        let expected = try Self.expected("tiny-vit", "expected_48x40.safetensors")
        let pixels = try expected.tensor("pixel_values")
        let model = try ViTModel(folder: Fixtures.folder("vision/tiny-vit"))
        let error = try #require(throws: EncoderError.self) { try model.encode(pixelValues: pixels, outputHiddenStates: false) }
        #expect(error.localizedDescription.contains("48×40"))
        let output = try model.encode(pixelValues: pixels, outputHiddenStates: true, interpolatePositionEncoding: true)
        #expect(output.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state")) <= Self.tolerance)
        #expect(try #require(output.poolerOutput).maxAbsDifference(try expected.tensor("pooler_output")) <= Self.tolerance)
    }

    @Test("DINOv2 at its own size and with interpolated positions",
          arguments: ["expected.safetensors", "expected_24x24.safetensors", "expected_44x36.safetensors", "expected_48x40.safetensors"])
    func dinov2(_ file: String) throws {
        let expected = try Self.expected("tiny-dinov2", file)
        let model = try AutoModel.from(folder: Fixtures.folder("vision/tiny-dinov2"))
        #expect(model.modelType == "dinov2")
        let output = try model(try expected.tensor("pixel_values"), outputHiddenStates: true)
        let last = output.lastHiddenState
        #expect(last.maxAbsDifference(try expected.tensor("last_hidden_state")) <= Self.tolerance, "\(file)")
        try Self.checkHiddenStates(output, expected, file)
        #expect(try #require(output.poolerOutput).maxAbsDifference(try expected.tensor("pooler_output")) <= Self.tolerance)
        #expect(last[.all, 0].maxAbsDifference(try expected.tensor("cls")) <= Self.tolerance)
        #expect(last[.all, 1...].mean(dim: 1).maxAbsDifference(try expected.tensor("patch_mean")) <= Self.tolerance)
    }

    @Test("bicubic position interpolation equals torch's", arguments: [(24, 24), (44, 36), (48, 40)])
    func positionInterpolation(_ size: (Int, Int)) throws {
        let expected = try Self.expected("tiny-dinov2", "expected_\(size.0)x\(size.1).safetensors")
        let weights = try SafeTensorsFile(url: Fixtures.folder("vision/tiny-dinov2").appendingPathComponent("model.safetensors"))
        let table = try weights.tensor("embeddings.position_embeddings").reshaped([17, 32])
        let resized = interpolatedPositions(table, rows: size.0 / 8, columns: size.1 / 8)
        let reference = try expected.tensor("position_embeddings_used")
        #expect(resized.maxAbsDifference(try reference.reshaped(resized.shape)) <= 1e-6)
    }

    @Test("CLIP towers, projections and logits", arguments: ["tiny-clip", "tiny-clip-legacy-eos"])
    func clip(_ name: String) throws {
        let expected = try Self.expected(name)
        let model = try AutoModel.from(folder: Fixtures.folder("vision/\(name)"))
        #expect(model.modelType == "clip")
        let batch = BatchEncoding(inputIDs: try Fixtures.matrix(expected, "input_ids"),
                                  attentionMask: try Fixtures.matrix(expected, "attention_mask"), tokenTypeIDs: [], tokens: [])
        let pixels = try expected.tensor("pixel_values")
        let output = try model(text: batch, images: pixels)
        #expect(output.logitsPerImage.maxAbsDifference(try expected.tensor("logits_per_image")) <= 1e-3)
        #expect(output.logitsPerText.maxAbsDifference(try expected.tensor("logits_per_text")) <= 1e-3)
        #expect(output.textEmbeds.maxAbsDifference(try expected.tensor("text_embeds")) <= Self.tolerance)
        #expect(output.imageEmbeds.maxAbsDifference(try expected.tensor("image_embeds")) <= Self.tolerance)
        #expect(output.textModelOutput.lastHiddenState.maxAbsDifference(
            try expected.tensor("text_model_output.last_hidden_state")) <= Self.tolerance)
        #expect(try #require(output.textModelOutput.poolerOutput).maxAbsDifference(try expected.tensor("text_pooled")) <= Self.tolerance)
        #expect(output.visionModelOutput.lastHiddenState.maxAbsDifference(
            try expected.tensor("vision_model_output.last_hidden_state")) <= Self.tolerance)
        #expect(try #require(output.visionModelOutput.poolerOutput).maxAbsDifference(try expected.tensor("vision_pooled")) <= Self.tolerance)
        // Features are the projections of the pooled vectors (not normalised).
        #expect(try model.getTextFeatures(batch).maxAbsDifference(try expected.tensor("text_model_output.pooler_output")) <= Self.tolerance)
        #expect(try model.getImageFeatures(pixels).maxAbsDifference(try expected.tensor("vision_model_output.pooler_output")) <= Self.tolerance)
        // Each tower alone, with hidden states.
        try Self.checkHiddenStates(try model(batch, outputHiddenStates: true), expected, prefix: "text_", "\(name) text")
        try Self.checkHiddenStates(try model(pixels, outputHiddenStates: true), expected, prefix: "vision_", "\(name) vision")
    }

    @Test("a text model refuses pixels and a vision model refuses tokens")
    func wrongInput() throws {
        let vit = try AutoModel.from(folder: Fixtures.folder("vision/tiny-vit"))
        let tokens = BatchEncoding(inputIDs: [[1, 2]], attentionMask: [[1, 1]], tokenTypeIDs: [], tokens: [])
        #expect(throws: EncoderError.self) { try vit(tokens) }
        #expect(throws: EncoderError.self) { try vit.getTextFeatures(tokens) }
        #expect(throws: EncoderError.self) { try vit(Tensor(shape: [1, 3, 4, 4])) }      // smaller than a patch
        #expect(throws: EncoderError.self) { try vit(Tensor(shape: [1, 1, 32, 32])) }    // wrong channels
        let bert = try AutoModel.from(folder: Fixtures.folder("tiny-bert"))
        #expect(throws: EncoderError.self) { try bert(Tensor(shape: [1, 3, 32, 32])) }
    }

    @Test("the real DINOv2 pack matches transformers: hidden states ≤ 1e-4 and course-image embeddings cosine ≥ 0.99999")
    func realDinov2() throws {
        var options = HubOptions.current
        options.offline = true
        let folder: URL
        do {
            folder = try ModelLocator(options: options).resolve("vectorbook/dinov2-small-imgfocus")
        } catch {
            Issue.record("the offline DINOv2 pack is missing; run `Scripts/install-models` (make test does): \(error.localizedDescription)")
            throw error
        }
        let model = try AutoModel.from(folder: folder, id: "vectorbook/dinov2-small-imgfocus")
        let hidden = try Self.expected("dinov2-imgfocus-reference", "hidden.safetensors")
        let output = try model(try hidden.tensor("pixel_values"))
        #expect(output.lastHiddenState.shape == [1, 257, 384])
        #expect(output.lastHiddenState.maxAbsDifference(try hidden.tensor("last_hidden_state")) <= 1e-4)
        #expect(try #require(output.poolerOutput).maxAbsDifference(try hidden.tensor("pooler_output")) <= 1e-4)
    }
}

/// The course images end to end (decode → processor → DINOv2 pack) against transformers.
@Suite("Course images through the DINOv2 pack")
struct CourseImageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("CLS and mean-pooled patch vectors have cosine ≥ 0.99999 with transformers for all 10 images")
    func embeddings() throws {
        var options = HubOptions.current
        options.offline = true
        let folder = try ModelLocator(options: options).resolve("vectorbook/dinov2-small-imgfocus")
        let reference = try VisionParityTests.expected("dinov2-imgfocus-reference", "embeddings.safetensors")
        let info = try Fixtures.json("vision/dinov2-imgfocus-reference/reference.json")
        let order = try #require(info["images"] as? [[String: Any]]).compactMap { $0["image"] as? String }
        #expect(order.count == 10)
        let processor = try AutoImageProcessor.from(pretrained: folder.path)
        let model = try AutoModel.from(folder: folder)
        let images = try order.map { try Image(contentsOf: Self.repository.appendingPathComponent($0).path) }
        let hidden = try model(try processor(images)).lastHiddenState
        let cls = try reference.tensor("cls"), patchMean = try reference.tensor("patch_mean")
        for (i, name) in order.enumerated() {
            #expect(cosineSimilarity(hidden[i, 0], cls[i]) >= 0.99999, "CLS of \(name)")
            #expect(cosineSimilarity(hidden[i, 1...].mean(dim: 0), patchMean[i]) >= 0.99999, "patch mean of \(name)")
        }
    }
}
