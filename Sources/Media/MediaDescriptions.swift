extension Image: CustomStringConvertible {
    /// `Image(width: 451, height: 300, mode: RGB)` — never the pixels.
    public var description: String { "Image(width: \(width), height: \(height), mode: \(mode.rawValue))" }
}

extension ImageProcessor: CustomStringConvertible {
    /// The processor class and the size it produces, e.g. `ImageProcessor(BitImageProcessor → 224×224)`.
    public var description: String {
        let size = cropSize.map { " → \($0.width)×\($0.height)" } ?? ""
        return "ImageProcessor(\(kind.rawValue)\(size))"
    }
}
