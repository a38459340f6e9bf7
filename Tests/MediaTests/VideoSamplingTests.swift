import Foundation
import Testing
@testable import Media

@Suite("Video frame sampling and timing")
struct VideoSamplingTests {
    /// A video of `count` placeholder frames (sampling never decodes).
    static func video(frames count: Int, rate: Double = 10) -> Video {
        Video(source: .frames(Array(repeating: Data([0xFF, 0xD8]), count: count)), frameRate: rate, width: 1, height: 1,
              origin: "synthetic")
    }

    @Test("segment centres: 8 of 50 frames, 4 of 40, 1 of 3")
    func knownIndices() {
        #expect(Self.video(frames: 50).sampledFrameIndices(count: 8) == [3, 9, 15, 21, 28, 34, 40, 46])
        #expect(Self.video(frames: 40).sampledFrameIndices(count: 4) == [5, 15, 25, 35])
        #expect(Self.video(frames: 3).sampledFrameIndices(count: 1) == [1])
        #expect(Self.video(frames: 2).sampledFrameIndices(count: 1) == [1])
    }

    @Test("asking for as many frames as there are, or more, gives every frame once; nothing for count < 1")
    func edgeCounts() {
        #expect(Self.video(frames: 3).sampledFrameIndices(count: 8) == [0, 1, 2])
        #expect(Self.video(frames: 5).sampledFrameIndices(count: 5) == [0, 1, 2, 3, 4])
        #expect(Self.video(frames: 5).sampledFrameIndices(count: 0) == [])
        #expect(Self.video(frames: 5).sampledFrameIndices(count: -2) == [])
        #expect(Self.video(frames: 0).sampledFrameIndices(count: 4) == [])
    }

    @Test("for every length and count, one strictly rising index inside each equal segment")
    func segmentProperty() {
        for total in 1 ... 120 {
            let video = Self.video(frames: total)
            for count in 1 ..< total {
                let indices = video.sampledFrameIndices(count: count)
                #expect(indices.count == count)
                for (i, index) in indices.enumerated() {
                    // Segment i covers [i·N/count, (i+1)·N/count) in real numbers.
                    let lower = Double(i * total) / Double(count), upper = Double((i + 1) * total) / Double(count)
                    #expect(Double(index) >= lower.rounded(.down) && Double(index) < upper, "N \(total) count \(count)")
                }
                #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }, "N \(total) count \(count)")
            }
        }
    }

    @Test("timestamps, frame lookup by time, duration")
    func timing() {
        let video = Self.video(frames: 50, rate: 12.5)
        #expect(video.timestamp(ofFrame: 0) == 0)
        #expect(video.timestamp(ofFrame: 25) == 2)
        #expect(video.duration == 4)
        #expect(video.frameIndex(at: 2.0) == 25)
        #expect(video.frameIndex(at: 3.999) == 49)
        #expect(video.frameIndex(at: 4.0) == nil)
        #expect(video.frameIndex(at: -0.1) == nil)
        #expect(video.frameIndex(at: .nan) == nil)
        #expect(Self.video(frames: 3, rate: 0).timestamp(ofFrame: 2) == 0)
    }

    @Test("sampled frames are the decoded frames at the sampled indices")
    func sampledFrames() throws {
        let video = try Video(contentsOf: VideoFixtures.path("dropped-frames.avi"))
        let indices = video.sampledFrameIndices(count: 2)
        #expect(indices == [1, 3])
        let sampled = try video.sampledFrames(count: 2)
        #expect(sampled == (try video.frames(at: indices)))
        #expect(sampled == [try video.frame(at: 1), try video.frame(at: 3)])
    }
}
