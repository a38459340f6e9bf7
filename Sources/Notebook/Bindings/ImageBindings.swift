import Foundation
import Vectorbook

extension BindingRegistry {
    /// `Image`, `Image.Mode`, `ResamplingFilter`, `AutoImageProcessor`, `ImageProcessor`,
    /// `MediaOptions.isOffline` and the few `URL` members `Image(url:)` needs.
    func registerImages(loader: ModelLoader) {
        registerImageLoading()
        registerImageMembers()
        registerImageProcessor(loader: loader)
        registerURL()
        libraryEnumeration(LibraryType.imageMode, Image.Mode.allCases.map { (String(describing: $0), $0) })
        libraryProperty(LibraryType.imageMode, Image.Mode.self, "rawValue") { .string($0.rawValue) }
        libraryProperty(LibraryType.imageMode, Image.Mode.self, "channels") { .int($0.channels) }
        // `Image.Mode.rgb` reads `Mode` off the `Image` type first.
        staticProperty(LibraryType.image, "Mode") { _ in .metatype(LibraryType.imageMode) }
        libraryEnumeration(LibraryType.resamplingFilter, ResamplingFilter.allCases.map { (String(describing: $0), $0) })
        libraryProperty(LibraryType.resamplingFilter, ResamplingFilter.self, "name") { .string($0.name) }
        libraryProperty(LibraryType.resamplingFilter, ResamplingFilter.self, "rawValue") { .int($0.rawValue) }
        staticProperty("MediaOptions", "isOffline") { _ in .bool(MediaOptions.isOffline) }
    }

    /// `Image(contentsOf:)` (a path in the course folder, or a URL) and `Image(url:)`.
    private func registerImageLoading() {
        let type = LibraryType.image
        let open: Body = { arguments, context in
            try context.checkDeadline()
            switch arguments[argument: 0] {
            case .object(let object):
                guard let url = object.payload as? URL else { break }
                return BindingValue.library(type, try ImageValues.load(url, context: context))
            default:
                break
            }
            let path = try BindingArgument.string(arguments[argument: 0], "Image(contentsOf:)")
            return BindingValue.library(type, try Image(contentsOf: try context.resolveFile(path).path))
        }
        initializer(type, [Parameter("contentsOf", type: "String")], open)
        initializer(type, [Parameter("contentsOf", type: "URL")], open)
        initializer(type, [Parameter("url", type: "URL")]) { arguments, context in
            try context.checkDeadline()
            let url = try BindingArgument.object(arguments[argument: 0], URL.self, LibraryType.url, "Image(url:)")
            return BindingValue.library(type, try ImageValues.load(url, context: context))
        }
        initializer(type, [Parameter("width", type: "Int"), Parameter("height", type: "Int"),
                           Parameter("mode", type: "Image.Mode"), Parameter("pixels", type: "[UInt8]")]) { arguments, _ in
            let role = "Image(width:height:mode:pixels:)"
            let width = try BindingArgument.int(arguments[argument: 0], "\(role) width")
            let height = try BindingArgument.int(arguments[argument: 1], "\(role) height")
            let mode = try BindingArgument.object(arguments[argument: 2], Image.Mode.self, LibraryType.imageMode, "\(role) mode")
            let pixels = try BindingArgument.ints(arguments[argument: 3], "\(role) pixels").enumerated().map { index, sample in
                guard let byte = UInt8(exactly: sample) else {
                    throw CellRuntimeError("\(role): pixel sample \(index) is \(sample), outside 0…255")
                }
                return byte
            }
            return BindingValue.library(type, try Image(width: width, height: height, mode: mode, pixels: pixels))
        }
    }

    private func registerImageMembers() {
        let type = LibraryType.image
        libraryProperty(type, Image.self, "width") { .int($0.width) }
        libraryProperty(type, Image.self, "height") { .int($0.height) }
        libraryProperty(type, Image.self, "channels") { .int($0.channels) }
        libraryProperty(type, Image.self, "mode") { BindingValue.library(LibraryType.imageMode, $0.mode) }
        libraryProperty(type, Image.self, "size") { .tuple([(label: "width", value: .int($0.width)), (label: "height", value: .int($0.height))]) }
        libraryProperty(type, Image.self, "pixels") { BindingValue.ints($0.pixels.map(Int.init)) }
        libraryMethod(type, Image.self, "resized", [Parameter("width", type: "Int"), Parameter("height", type: "Int"),
                                                     Parameter("filter", type: "ResamplingFilter",
                                                               default: BindingValue.library(LibraryType.resamplingFilter, ResamplingFilter.bicubic))]) { image, arguments, context in
            let width = try BindingArgument.int(arguments[argument: 0], "resized(width:height:filter:) width")
            let height = try BindingArgument.int(arguments[argument: 1], "resized(width:height:filter:) height")
            let filter = try BindingArgument.object(arguments[argument: 2], ResamplingFilter.self, LibraryType.resamplingFilter, "resized filter")
            _ = try ImageValues.checkedArea(width, height, "resized(width:height:filter:)")
            try context.checkDeadline()
            return BindingValue.library(type, try image.resized(width: width, height: height, filter: filter))
        }
        libraryMethod(type, Image.self, "cropped", [Parameter("x", type: "Int"), Parameter("y", type: "Int"),
                                                     Parameter("width", type: "Int"), Parameter("height", type: "Int")]) { image, arguments, _ in
            let role = "cropped(x:y:width:height:)"
            let values = try (0 ..< 4).map { try BindingArgument.int(arguments[argument: $0], role) }
            _ = try ImageValues.checkedArea(values[2], values[3], role)
            return BindingValue.library(type, try image.cropped(x: values[0], y: values[1], width: values[2], height: values[3]))
        }
        libraryMethod(type, Image.self, "converted", [Parameter("to", type: "Image.Mode")]) { image, arguments, _ in
            let mode = try BindingArgument.object(arguments[argument: 0], Image.Mode.self, LibraryType.imageMode, "converted(to:)")
            return BindingValue.library(type, image.converted(to: mode))
        }
        libraryEquality(type, Image.self)
        // Swift would print every pixel; cells get a one-line summary instead.
        libraryDescription(type, Image.self) { $0.description }
        display(type) { value, _ in
            .image(try DisplayConversion.image(try BindingArgument.object(value, Image.self, type, "display")))
        }
    }

    private func registerImageProcessor(loader: ModelLoader) {
        let type = LibraryType.imageProcessor
        staticMethod("AutoImageProcessor", "from", [Parameter("pretrained", type: "String"),
                                                   Parameter("revision", type: "String", default: .string("main"))]) { arguments, context in
            let id = try BindingArgument.string(arguments[argument: 0], "AutoImageProcessor.from(pretrained:)")
            let revision = try BindingArgument.string(arguments[argument: 1], "AutoImageProcessor.from(pretrained:) revision")
            return BindingValue.library(type, try loader.imageProcessor(id, revision: revision, context: context))
        }
        // `processor(image)` and `processor(images)`: one body, chosen by the value.
        let process: MemberBody = { receiver, arguments, context in
            let processor = try BindingArgument.object(receiver, ImageProcessor.self, type, "ImageProcessor call")
            try context.checkDeadline()
            if BindingArgument.isArray(arguments[argument: 0]) {
                let images = try BindingArgument.array(arguments[argument: 0], "processor(_:)", expected: "[Image]").enumerated().map {
                    try BindingArgument.object($1, Image.self, LibraryType.image, "processor(_:) image \($0)")
                }
                return BindingValue.tensor(try processor(images))
            }
            return BindingValue.tensor(try processor(try BindingArgument.object(arguments[argument: 0], Image.self, LibraryType.image, "processor(_:)")))
        }
        callAsFunction(type, [Parameter(nil, type: "Image")], process)
        callAsFunction(type, [Parameter(nil, type: "[Image]")], process)
        libraryMethod(type, ImageProcessor.self, "preparedImage", [Parameter(nil, type: "Image")]) { processor, arguments, _ in
            BindingValue.library(LibraryType.image, try processor.preparedImage(
                try BindingArgument.object(arguments[argument: 0], Image.self, LibraryType.image, "preparedImage(_:)")))
        }
        let kind = "ImageProcessor.Kind"
        libraryEnumeration(kind, ImageProcessor.Kind.allCases.map { (String(describing: $0), $0) })
        libraryProperty(kind, ImageProcessor.Kind.self, "rawValue") { .string($0.rawValue) }
        libraryProperty(type, ImageProcessor.self, "kind") { BindingValue.library(kind, $0.kind) }
        libraryProperty(type, ImageProcessor.self, "source") { .string($0.source) }
        libraryProperty(type, ImageProcessor.self, "resample") { BindingValue.library(LibraryType.resamplingFilter, $0.resample) }
        libraryProperty(type, ImageProcessor.self, "rescaleFactor") { .optional($0.rescaleFactor, Value.double) }
        libraryProperty(type, ImageProcessor.self, "convertsToRGB") { .bool($0.convertsToRGB) }
        libraryProperty(type, ImageProcessor.self, "cropSize") { .optional($0.cropSize) { BindingValue.library(LibraryType.pixelSize, $0) } }
        libraryProperty(LibraryType.pixelSize, ImageProcessor.PixelSize.self, "width") { .int($0.width) }
        libraryProperty(LibraryType.pixelSize, ImageProcessor.PixelSize.self, "height") { .int($0.height) }
        libraryDescription(LibraryType.pixelSize, ImageProcessor.PixelSize.self) { String(describing: $0) }
        display(LibraryType.pixelSize) { value, context in .text(context.describe(value), type: LibraryType.pixelSize) }
        libraryDescription(type, ImageProcessor.self) { DisplayConversion.summary(of: $0) }
        display(type) { value, _ in
            .text(DisplayConversion.summary(of: try BindingArgument.object(value, ImageProcessor.self, type, "display")), type: type)
        }
    }

    /// `URL(string:)`, `URL(fileURLWithPath:)` and a few read-only members, enough for `Image(url:)`.
    private func registerURL() {
        let type = LibraryType.url
        initializer(type, [Parameter("string", type: "String")]) { arguments, _ in
            .optional(URL(string: try BindingArgument.string(arguments[argument: 0], "URL(string:)")).map { BindingValue.library(type, $0) })
        }
        initializer(type, [Parameter("fileURLWithPath", type: "String")]) { arguments, _ in
            BindingValue.library(type, URL(fileURLWithPath: try BindingArgument.string(arguments[argument: 0], "URL(fileURLWithPath:)")))
        }
        libraryProperty(type, URL.self, "absoluteString") { .string($0.absoluteString) }
        libraryProperty(type, URL.self, "path") { .string($0.path) }
        libraryProperty(type, URL.self, "lastPathComponent") { .string($0.lastPathComponent) }
        libraryProperty(type, URL.self, "pathExtension") { .string($0.pathExtension) }
        libraryProperty(type, URL.self, "scheme") { .optional($0.scheme, Value.string) }
        libraryProperty(type, URL.self, "isFileURL") { .bool($0.isFileURL) }
        libraryMethod(type, URL.self, "appendingPathComponent", [Parameter(nil, type: "String")]) { url, arguments, _ in
            BindingValue.library(type, url.appendingPathComponent(try BindingArgument.string(arguments[argument: 0], "appendingPathComponent(_:)")))
        }
        libraryEquality(type, URL.self)
        libraryDescription(type, URL.self) { $0.absoluteString }
        display(type) { value, context in .text(context.describe(value), type: type) }
    }
}

/// Image helpers for the bindings.
enum ImageValues {
    /// The most pixels an image a cell asks for may have (the decoder's own limit).
    static func checkedArea(_ width: Int, _ height: Int, _ role: String) throws -> Int {
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, area <= Image.maxPixels else {
            throw CellRuntimeError("\(role): \(width)×\(height) is larger than \(Image.maxPixels) pixels")
        }
        return area
    }

    /// A file URL goes through the course-folder rule; `http(s)` downloads (honouring offline).
    static func load(_ url: URL, context: any CallContext) throws -> Image {
        if url.isFileURL {
            return try Image(contentsOf: try context.resolveFile(url.path).path)
        }
        return try Image(url: url)
    }
}
