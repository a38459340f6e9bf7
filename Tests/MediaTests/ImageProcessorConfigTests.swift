import Foundation
import Testing
@testable import Media

@Suite("Image processor configs")
struct ImageProcessorConfigTests {
    private func processor(_ json: String, path: String = "test/preprocessor_config.json") throws -> ImageProcessor {
        try ImageProcessor(config: ImageProcessorConfig.decode(Data(json.utf8), path: path), source: path)
    }

    private func configError(_ json: String) -> MediaError? {
        do {
            _ = try processor(json)
            return nil
        } catch {
            return error as? MediaError
        }
    }

    @Test("the Hub configs resolve to transformers' settings")
    func hubConfigs() throws {
        let vit = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/vit_224.json"))
        #expect(vit.kind == .vit)
        #expect(vit.resize == .exact(.init(height: 224, width: 224)))
        #expect(vit.resample == .bilinear && vit.cropSize == nil && vit.rescaleFactor == 1.0 / 255.0)
        #expect(vit.normalization?.mean == [0.5, 0.5, 0.5] && vit.normalization?.std == [0.5, 0.5, 0.5])
        #expect(!vit.convertsToRGB)
        #expect(vit.source.hasSuffix("configs/vit_224.json"))

        let nonSquare = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/vit_nonsquare.json"))
        #expect(nonSquare.resize == .exact(.init(height: 160, width: 96)) && nonSquare.resample == .bilinear)

        let dinov2 = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/dinov2.json"))
        #expect(dinov2.kind == .bit)
        #expect(dinov2.resize == .shortestEdge(256, longestEdge: nil) && dinov2.resample == .bicubic)
        #expect(dinov2.cropSize == .init(height: 224, width: 224))
        #expect(dinov2.normalization?.mean == [0.485, 0.456, 0.406] && dinov2.convertsToRGB)

        let clip = try ImageProcessor(contentsOf: ProcessorFixtures.url("configs/clip.json"))
        #expect(clip.kind == .clip)
        #expect(clip.config.size == .single(224) && clip.config.cropSize == .single(224))
        #expect(clip.resize == .shortestEdge(224, longestEdge: nil))
        #expect(clip.cropSize == .init(height: 224, width: 224))
        #expect(clip.normalization?.std == [0.26862954, 0.26130258, 0.27577711] && clip.convertsToRGB)
    }

    @Test("class defaults apply to unset keys")
    func defaults() throws {
        let vit = try processor(#"{"image_processor_type": "ViTImageProcessor"}"#)
        #expect(vit.resize == .exact(.init(height: 224, width: 224)) && vit.resample == .bilinear)
        #expect(vit.cropSize == nil && vit.rescaleFactor == 1.0 / 255.0 && !vit.convertsToRGB)
        let bit = try processor(#"{"image_processor_type": "BitImageProcessor", "do_normalize": null}"#)
        #expect(bit.resize == .shortestEdge(224, longestEdge: nil) && bit.resample == .bicubic)
        #expect(bit.cropSize == .init(height: 224, width: 224) && bit.convertsToRGB)
        #expect(bit.normalization?.mean == [0.48145466, 0.4578275, 0.40821073])
        let off = try processor(#"{"image_processor_type": "CLIPImageProcessor", "do_resize": false,"#
            + #" "do_center_crop": false, "do_rescale": false, "do_normalize": false, "do_convert_rgb": false}"#)
        #expect(off.resize == nil && off.cropSize == nil && off.rescaleFactor == nil && off.normalization == nil)
        #expect(!off.convertsToRGB)
    }

    @Test("size forms: bare integer, list, height/width, shortest edge (+ longest edge)")
    func sizeForms() throws {
        #expect(try processor(#"{"image_processor_type": "ViTImageProcessor", "size": 384}"#).resize
            == .exact(.init(height: 384, width: 384)))
        #expect(try processor(#"{"image_processor_type": "CLIPImageProcessor", "size": 336}"#).resize
            == .shortestEdge(336, longestEdge: nil))
        #expect(try processor(#"{"image_processor_type": "CLIPImageProcessor", "size": 336, "default_to_square": true}"#)
            .resize == .exact(.init(height: 336, width: 336)))
        #expect(try processor(#"{"image_processor_type": "ViTImageProcessor", "size": [200, 100]}"#).resize
            == .exact(.init(height: 200, width: 100)))
        #expect(try processor(#"{"image_processor_type": "ViTImageProcessor", "size": {"shortest_edge": 100}}"#).resize
            == .shortestEdge(100, longestEdge: nil))
        #expect(try processor(#"{"feature_extractor_type": "ViTFeatureExtractor","#
            + #" "size": {"shortest_edge": 100, "longest_edge": 300}}"#).resize == .shortestEdge(100, longestEdge: 300))
        #expect(try processor(#"{"image_processor_type": "BitImageProcessor", "crop_size": [30, 40]}"#).cropSize
            == .init(height: 30, width: 40))
        let mean = try processor(#"{"image_processor_type": "ViTImageProcessor", "image_mean": 0.25, "image_std": [1, 2, 4]}"#)
        #expect(mean.normalization?.mean == [0.25, 0.25, 0.25] && mean.normalization?.std == [1, 2, 4])
    }

    @Test("configs round-trip through Codable")
    func roundTrip() throws {
        for name in ["vit_224", "vit_nonsquare", "dinov2", "clip", "crop_pad"] {
            let config = try ImageProcessorConfig(contentsOf: ProcessorFixtures.url("configs/\(name).json"))
            let data = try JSONEncoder().encode(config)
            #expect(try ImageProcessorConfig.decode(data) == config, "\(name)")
        }
    }

    @Test("type names: classes, Fast/Pil variants, feature extractors, model types")
    func typeNames() {
        #expect(ImageProcessor.Kind(typeName: "ViTImageProcessor") == .vit)
        #expect(ImageProcessor.Kind(typeName: "ViTImageProcessorFast") == .vit)
        #expect(ImageProcessor.Kind(typeName: "ViTFeatureExtractor") == .vit)
        #expect(ImageProcessor.Kind(typeName: "BitImageProcessorPil") == .bit)
        #expect(ImageProcessor.Kind(typeName: "CLIPFeatureExtractor") == .clip)
        #expect(ImageProcessor.Kind(typeName: "SiglipImageProcessor") == nil)
        #expect(ImageProcessor.Kind(modelType: "dinov2") == .bit)
        #expect(ImageProcessor.Kind(modelType: "clip") == .clip)
        #expect(ImageProcessor.Kind(modelType: "vit") == .vit)
        #expect(ImageProcessor.Kind(modelType: "deit") == nil)
    }

    @Test("unknown and missing processor types")
    func unknownTypes() throws {
        let path = "models/x/preprocessor_config.json"
        let error = configError(#"{"image_processor_type": "SiglipImageProcessor"}"#)
        #expect(error == .unsupportedImageProcessor("SiglipImageProcessor", path: "test/preprocessor_config.json",
                                                    supported: ["ViTImageProcessor", "BitImageProcessor",
                                                                "CLIPImageProcessor"]))
        do {
            _ = try processor(#"{"image_processor_type": "SiglipImageProcessor"}"#, path: path)
            Issue.record("no error")
        } catch {
            #expect(error.localizedDescription.hasPrefix("unsupported image processor SiglipImageProcessor in \(path)"))
        }
        #expect(configError(#"{"do_resize": true}"#) == .missingImageProcessorType(path: "test/preprocessor_config.json"))
    }

    @Test("bad values name the file and the key")
    func badValues() {
        let file = "test/preprocessor_config.json"
        func key(_ json: String) -> String? {
            if case let .invalidProcessorConfig(path, key, _)? = configError(json) {
                return path == file ? key : "wrong path \(path)"
            }
            return nil
        }
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "do_resize": "yes"}"#) == "do_resize")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "resample": 9}"#) == "resample")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "size": {"longest_edge": 5}}"#) == "size")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "size": [1, 2, 3]}"#) == "size")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "size": "big"}"#) == "size")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "size": 0}"#) == "size")
        #expect(key(#"{"image_processor_type": "CLIPImageProcessor", "crop_size": {"shortest_edge": 5}}"#) == "crop_size")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "do_center_crop": true}"#) == "crop_size")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "image_mean": [0.5, 0.5]}"#) == "image_mean")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "image_std": [0.5, 0, 0.5]}"#) == "image_std")
        #expect(key(#"{"image_processor_type": "ViTImageProcessor", "image_std": ["a"]}"#) == "image_std.[0]")
        #expect(key(#"{"image_processor_type": 7}"#) == "image_processor_type")

        let message = MediaError.invalidProcessorConfig(path: file, key: "resample", reason: "is 9").localizedDescription
        #expect(message.contains(file) && message.contains("\"resample\""))
        if case let .invalidProcessorConfig(_, _, reason)? = configError(#"{"image_processor_type": "ViTImageProcessor", "resample": 9}"#) {
            #expect(reason.contains("9") && reason.contains("3 (BICUBIC)"))
        } else {
            Issue.record("no resample error")
        }
    }

    @Test("unreadable files and non-JSON name the file")
    func unreadable() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/preprocessor_config.json")
        #expect(throws: MediaError.unreadableProcessorConfig(path: missing.path, reason: "no such file or not readable")) {
            try ImageProcessor(contentsOf: missing)
        }
        #expect(throws: MediaError.unreadableProcessorConfig(path: "x.json", reason: "not a JSON object")) {
            try ImageProcessorConfig.decode(Data("[1, 2]".utf8), path: "x.json")
        }
        #expect(throws: MediaError.unreadableProcessorConfig(path: "x.json", reason: "not a JSON object")) {
            try ImageProcessorConfig.decode(Data("{oops".utf8), path: "x.json")
        }
    }

    @Test("shortest-edge sizes use transformers' rounding")
    func shortestEdge() {
        // (height, width, shortest edge) → (height, width), from transformers 5.24's get_resize_output_image_size.
        let cases: [(Int, Int, Int, Int, Int)] = [
            (217, 333, 256, 256, 392), (5, 3, 224, 373, 224), (1, 1, 224, 224, 224), (480, 640, 224, 224, 298),
            (333, 217, 224, 343, 224), (257, 31, 224, 1857, 224), (20, 300, 256, 256, 3840),
            (224, 224, 224, 224, 224), (999, 1001, 224, 224, 224), (7, 1000, 224, 224, 32000),
        ]
        for (h, w, s, eh, ew) in cases {
            #expect(ImageProcessor.resizedSize(height: h, width: w, resize: .shortestEdge(s, longestEdge: nil))
                == .init(height: eh, width: ew), "\(h)×\(w) → \(s)")
        }
        // (height, width, shortest, longest) → (height, width), from get_size_with_aspect_ratio.
        let capped: [(Int, Int, Int, Int, Int, Int)] = [
            (480, 640, 224, 300, 224, 298), (100, 1000, 224, 512, 51, 512), (1000, 100, 224, 512, 512, 51),
            (217, 333, 256, 300, 195, 300), (333, 217, 200, 201, 201, 131), (50, 50, 224, 1000, 224, 224),
        ]
        for (h, w, s, l, eh, ew) in capped {
            #expect(ImageProcessor.resizedSize(height: h, width: w, resize: .shortestEdge(s, longestEdge: l))
                == .init(height: eh, width: ew), "\(h)×\(w) → \(s)/\(l)")
        }
    }

    @Test("transparency is composited onto white as transformers' convert_to_rgb (Pillow alpha_composite)")
    func compositeOnWhite() throws {
        let rgba = try Image(width: 6, height: 1, mode: .rgba, pixels: [
            200, 100, 50, 0, 200, 100, 50, 1, 200, 100, 50, 128, 0, 255, 17, 254, 10, 20, 30, 255, 255, 255, 255, 77,
        ])
        // From Pillow 13: alpha_composite(white, image).convert("RGB").
        #expect(ImageProcessor.rgb(rgba, compositeOnWhite: true).pixels
            == [255, 255, 255, 255, 254, 254, 227, 177, 152, 1, 255, 18, 10, 20, 30, 255, 255, 255])
        #expect(ImageProcessor.rgb(rgba, compositeOnWhite: false).pixels
            == [200, 100, 50, 200, 100, 50, 200, 100, 50, 0, 255, 17, 10, 20, 30, 255, 255, 255])
        let la = try Image(width: 2, height: 1, mode: .la, pixels: [100, 0, 100, 128])
        #expect(ImageProcessor.rgb(la, compositeOnWhite: true).pixels == [255, 255, 255, 177, 177, 177])
        let grey = try Image(width: 2, height: 1, mode: .l, pixels: [3, 250])
        #expect(ImageProcessor.rgb(grey, compositeOnWhite: true).pixels == [3, 3, 3, 250, 250, 250])
    }
}

@Suite("Image processor folders")
struct ImageProcessorFolderTests {
    private func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("vectorbook-processor-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test("preprocessor_config.json names the class")
    func named() throws {
        let url = try folder(["preprocessor_config.json": #"{"image_processor_type": "CLIPImageProcessor", "size": 336}"#])
        defer { try? FileManager.default.removeItem(at: url) }
        let processor = try ImageProcessor(folder: url)
        #expect(processor.kind == .clip && processor.resize == .shortestEdge(336, longestEdge: nil))
        #expect(processor.source == url.appendingPathComponent("preprocessor_config.json").path)
    }

    @Test("config.json's model_type picks the class when the processor config names none")
    func modelType() throws {
        let url = try folder(["preprocessor_config.json": #"{"size": {"shortest_edge": 256}, "crop_size": 224}"#,
                              "config.json": #"{"model_type": "dinov2", "hidden_size": 384}"#])
        defer { try? FileManager.default.removeItem(at: url) }
        let processor = try ImageProcessor(folder: url)
        #expect(processor.kind == .bit && processor.resize == .shortestEdge(256, longestEdge: nil))

        let other = try folder(["preprocessor_config.json": "{}", "config.json": #"{"model_type": "siglip"}"#])
        defer { try? FileManager.default.removeItem(at: other) }
        do {
            _ = try ImageProcessor(folder: other)
            Issue.record("no error")
        } catch {
            #expect(error.localizedDescription.contains("siglip"))
            #expect(error.localizedDescription.contains(other.appendingPathComponent("preprocessor_config.json").path))
        }
    }

    @Test("a missing preprocessor_config.json names the folder")
    func missing() throws {
        let url = try folder(["config.json": #"{"model_type": "vit"}"#])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: MediaError.processorConfigNotFound(folder: url.path)) { try ImageProcessor(folder: url) }
        #expect(MediaError.processorConfigNotFound(folder: url.path).localizedDescription.contains(url.path))
    }
}
