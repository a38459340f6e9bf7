import Foundation

extension Video {
    /// Decodes frame `index` (0-based). AVI frames are decoded from their JPEG bytes with the decoder of
    /// ``Image/init(data:source:)``, so the pixels equal Pillow's `Image.open` of the same bytes; frame
    /// files are read with ``Image/init(contentsOf:)-(String)``. Nothing is cached: each call decodes.
    ///
    /// Throws ``MediaError/frameIndexOutOfRange(path:index:count:)`` outside `0 ..< frameCount`, and the
    /// image error of a frame that does not decode (naming the video and the frame).
    public func frame(at index: Int) throws -> Image {
        guard index >= 0, index < frameCount else {
            throw MediaError.frameIndexOutOfRange(path: origin, index: index, count: frameCount)
        }
        switch source {
        case let .frames(frames): return try Image(data: frames[index], source: "\(origin) (frame \(index))")
        case let .files(files): return try Image(contentsOf: files[index].path)
        }
    }

    /// Decodes the frames at `indices`, in that order.
    public func frames(at indices: [Int]) throws -> [Image] {
        try indices.map(frame(at:))
    }

    /// The frames that uniform sampling picks: the middle frame of each of `count` equal segments of the
    /// video, `⌊(2i + 1) · frameCount / (2 · count)⌋` for `i` in `0 ..< count` — the segment-centre rule of
    /// TSN-style test-time sampling (as in mmaction2's `SampleFrames` in test mode). The indices rise
    /// strictly, and the start and the end of the video are covered alike (8 of 50 frames: 3, 9, 15, 21,
    /// 28, 34, 40, 46).
    ///
    /// When `count ≥ frameCount` every frame is returned once (`0 ..< frameCount`, no repeats); a
    /// `count` below 1 gives `[]`.
    public func sampledFrameIndices(count: Int) -> [Int] {
        let total = frameCount
        guard count > 0, total > 0 else { return [] }
        guard count < total else { return Array(0 ..< total) }
        return (0 ..< count).map { i in (2 * i + 1) * total / (2 * count) }
    }

    /// Decodes the frames of ``sampledFrameIndices(count:)``.
    public func sampledFrames(count: Int) throws -> [Image] {
        try frames(at: sampledFrameIndices(count: count))
    }

    /// When frame `index` starts, in seconds: `index / frameRate` (0 when the rate is not positive).
    public func timestamp(ofFrame index: Int) -> Double {
        frameRate > 0 ? Double(index) / frameRate : 0
    }

    /// The frame shown at `seconds` (`⌊seconds · frameRate⌋`), or nil outside the video.
    public func frameIndex(at seconds: Double) -> Int? {
        guard seconds.isFinite, seconds >= 0, frameRate > 0 else { return nil }
        let position = (seconds * frameRate).rounded(.down)
        guard position < Double(frameCount) else { return nil }
        return Int(position)
    }
}
