import Foundation
import Notebook
import Testing
import Vectorbook

@Suite("Bindings: images and vision models")
struct BindingsImageTests {
    let invoke = BindingsInvoker()

    func cat() throws -> Value {
        try invoke.initializer("Image", arg("contentsOf", .string(BindingFixtures.cat)))
    }

    @Test("Image(contentsOf:) reads a course file; size, width, height and mode")
    func load() throws {
        let image = try cat()
        #expect(invoke.context.files.last?.lastPathComponent == "cat.png")
        guard case .tuple(let size) = try invoke.property(image, "size") else { Issue.record("size is not a tuple"); return }
        #expect(size.map(\.label) == ["width", "height"] && size.map(\.value.testInt) == [451, 300])
        #expect(try invoke.property(image, "width").testInt == 451)
        let mode = try invoke.property(image, "mode")
        #expect(invoke.context.describe(mode) == "rgb")
        #expect(try invoke.property(mode, "rawValue").testString == "RGB")
        #expect(invoke.context.describe(image) == "Image(width: 451, height: 300, mode: RGB)")
    }

    @Test("files outside the course folder, missing files and file URLs outside it are refused")
    func fileAccess() throws {
        #expect(bindingError { try self.invoke.initializer("Image", arg("contentsOf", .string("../outside.png"))) }?
            .contains("outside the course folder") == true)
        #expect(bindingError { try self.invoke.initializer("Image", arg("contentsOf", .string("/etc/hostname"))) }?
            .contains("outside the course folder") == true)
        #expect(bindingError { try self.invoke.initializer("Image", arg("contentsOf", .string("Assets/images/missing.png"))) }?
            .contains("does not exist") == true)
        let url = try invoke.initializer("URL", arg("fileURLWithPath", .string("/etc/hostname")))
        #expect(bindingError { try self.invoke.initializer("Image", arg("url", url)) }?.contains("outside the course folder") == true)
        guard case .optional(.some(let web)) = try invoke.initializer("URL", arg("string", .string("https://example.invalid/cat.png"))) else {
            Issue.record("URL(string:) is nil")
            return
        }
        withBindingsOffline {
            #expect(throws: MediaError.self) { try self.invoke.initializer("Image", arg("url", web)) }
        }
    }

    @Test("resized, cropped and converted; bad sizes throw")
    func transforms() throws {
        let image = try cat()
        let small = try invoke.method(image, "resized", arg("width", .int(45)), arg("height", .int(30)))
        #expect(try small.testPayload(Image.self) == (try image.testPayload(Image.self).resized(width: 45, height: 30, filter: .bicubic)))
        let nearest = try invoke.method(image, "resized", arg("width", .int(10)), arg("height", .int(10)),
                                        arg("filter", try invoke.staticProperty("ResamplingFilter", "nearest")))
        #expect(try nearest.testPayload(Image.self).width == 10)
        let grey = try invoke.method(image, "converted", arg("to", try invoke.staticProperty("Image.Mode", "l")))
        #expect(try grey.testPayload(Image.self).mode == .l)
        #expect(throws: MediaError.self) { try self.invoke.method(image, "resized", arg("width", .int(0)), arg("height", .int(5))) }
        #expect(bindingError { try self.invoke.method(image, "resized", arg("width", .int(Int.max)), arg("height", .int(2))) }?
            .contains("larger than") == true)
        let made = try invoke.initializer("Image", arg("width", .int(1)), arg("height", .int(1)),
                                          arg("mode", try invoke.staticProperty("Image.Mode", "l")), arg("pixels", .array([.int(9)])))
        #expect(try made.testPayload(Image.self).pixels == [9])
        #expect(bindingError {
            try self.invoke.initializer("Image", arg("width", .int(1)), arg("height", .int(1)),
                                        arg("mode", try self.invoke.staticProperty("Image.Mode", "l")), arg("pixels", .array([.int(300)])))
        }?.contains("outside 0…255") == true)
    }

    @Test("processor(image) and processor([images]) feed the vision model; CLS token via [.all, 0, .all]")
    func visionModel() throws {
        let processor = try invoke.staticMethod("AutoImageProcessor", "from", arg("pretrained", .string(BindingFixtures.tinyDINOv2)))
        let image = try cat()
        let pixels = try invoke.call(processor, arg(image))
        #expect(try pixels.testPayload(Tensor.self).shape == [1, 3, 32, 32])
        let batch = try invoke.call(processor, arg(.array([image, image])))
        #expect(try batch.testPayload(Tensor.self).shape == [2, 3, 32, 32])
        #expect(try pixels.testPayload(Tensor.self) == (try processor.testPayload(ImageProcessor.self)(try image.testPayload(Image.self))))
        let dinov2 = try invoke.staticMethod("AutoModel", "from", arg("pretrained", .string(BindingFixtures.tinyDINOv2)))
        let outputs = try invoke.call(dinov2, arg(pixels))
        let hidden = try invoke.property(outputs, "lastHiddenState")
        let cls = try invoke.subscriptGet(hidden, try invoke.staticProperty("TensorIndex", "all"), .int(0),
                                          try invoke.staticProperty("TensorIndex", "all"))
        #expect(try cls.testPayload(Tensor.self).shape == [1, 32])
        #expect(try cls.testPayload(Tensor.self) == (try hidden.testPayload(Tensor.self))[.all, 0, .all])
        #expect(throws: MediaError.self) { try self.invoke.call(processor, arg(.array([]))) }
        #expect(invoke.context.describe(try invoke.property(processor, "kind")) == "bit")
        guard case .text(let summary, _) = try invoke.display(processor) else { Issue.record("processor display"); return }
        #expect(summary.hasPrefix("ImageProcessor BitImageProcessor: resize shortest edge 36 (BICUBIC), crop 32×32, rescale, normalize from "))
    }

    @Test("CLIP: model(text:images:), getTextFeatures and getImageFeatures")
    func clip() throws {
        let processor = try invoke.staticMethod("AutoImageProcessor", "from", arg("pretrained", .string(BindingFixtures.tinyCLIP)))
        let clip = try invoke.staticMethod("AutoModel", "from", arg("pretrained", .string(BindingFixtures.tinyCLIP)))
        let pixels = try invoke.call(processor, arg(.array([try cat(), try cat()])))
        let ids: [[Int]] = [[48, 5, 17, 33, 8, 49], [48, 9, 49, 49, 49, 49]]
        let inputs = try invoke.initializer("BatchEncoding",
                                            arg("inputIDs", .array(ids.map { .array($0.map(Value.int)) })),
                                            arg("attentionMask", .array([.array([Value](repeating: .int(1), count: 6)),
                                                                         .array((0 ..< 6).map { .int($0 < 3 ? 1 : 0) })])),
                                            arg("tokenTypeIDs", .array([])), arg("tokens", .array([])))
        let output = try invoke.call(clip, arg("text", inputs), arg("images", pixels))
        #expect(try invoke.property(output, "logitsPerImage").testPayload(Tensor.self).shape == [2, 2])
        let textEmbeds = try invoke.property(output, "textEmbeds").testPayload(Tensor.self)
        #expect(textEmbeds.shape == [2, 16])
        let features = try invoke.method(clip, "getTextFeatures", arg(inputs)).testPayload(Tensor.self)
        #expect(features.normalized().maxAbsDifference(textEmbeds) < 1e-5)
        #expect(try invoke.method(clip, "getImageFeatures", arg(pixels)).testPayload(Tensor.self).shape == [2, 16])
        #expect(try invoke.display(output) == .text("CLIPOutput: logitsPerImage [2, 2], logitsPerText [2, 2], textEmbeds [2, 16], imageEmbeds [2, 16]",
                                                    type: "CLIPOutput"))
        let bert = try invoke.staticMethod("AutoModel", "from", arg("pretrained", .string(BindingFixtures.tinyBERT)))
        #expect(throws: EncoderError.self) { try self.invoke.method(bert, "getImageFeatures", arg(pixels)) }
    }

    @Test("the image display is a PNG thumbnail at most 320 pixels on its longest side")
    func thumbnail() throws {
        guard case .image(let display) = try invoke.display(try cat()) else { Issue.record("not an image display"); return }
        #expect(display.width == 451 && display.height == 300 && display.mode == "RGB")
        let data = try #require(Data(base64Encoded: display.thumbnailPNG))
        let thumbnail = try Image(data: data)
        #expect(thumbnail.width == 320 && thumbnail.height == 213)
        let unchanged = DisplayConversion.thumbnailSize(width: 100, height: 50)
        #expect(unchanged.width == 100 && unchanged.height == 50)
        let tall = DisplayConversion.thumbnailSize(width: 10, height: 4000)
        #expect(tall.width == 1 && tall.height == 320)
    }
}
