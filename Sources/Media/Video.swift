import Foundation

/// A video as a sequence of JPEG frames: a Motion-JPEG AVI file or a folder of numbered
/// frame images. Frames are decoded on demand with the same decoder as `Image`, so a
/// frame equals decoding its JPEG bytes with Pillow.
public struct Video: Sendable {
    /// Where the frames come from.
    public enum Source: Sendable, Equatable {
        /// Compressed frames of an AVI file, in order.
        case frames([Data])
        /// Image files, in order.
        case files([URL])
    }

    /// The frames' source.
    public let source: Source
    /// Frames per second.
    public let frameRate: Double
    /// Frame size in pixels.
    public let width: Int
    public let height: Int
    /// Where the video was read from, for messages.
    public let origin: String

    public init(source: Source, frameRate: Double, width: Int, height: Int, origin: String) {
        self.source = source
        self.frameRate = frameRate
        self.width = width
        self.height = height
        self.origin = origin
    }

    /// Number of frames.
    public var frameCount: Int {
        switch source {
        case let .frames(frames): return frames.count
        case let .files(files): return files.count
        }
    }

    /// Length in seconds.
    public var duration: Double { frameRate > 0 ? Double(frameCount) / frameRate : 0 }
}
