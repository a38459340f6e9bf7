import Foundation
import Testing
import Vectorbook

/// `vectorbook embed video` end to end, on the course videos and the tiny random DINOv2, against the frame
/// vectors that transformers computed on Pillow-decoded frames (`Scripts/reference/make_video_fixtures.py`).
@Suite("vectorbook embed video")
struct EmbedVideoCLITests {
    static let model = CLI.fixture("vision/tiny-dinov2")

    static func asset(_ path: String) -> String { CLI.repository.appendingPathComponent("Assets/\(path)").path }

    static func mediaFixture(_ name: String) -> String {
        CLI.repository.appendingPathComponent("Tests/MediaTests/Fixtures/video/\(name)").path
    }

    static func object(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
    }

    static func tensor(_ rows: Any?) throws -> Tensor {
        let rows = try #require(rows as? [[Double]])
        return try Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0.map(Float.init) })
    }

    static func vector(_ values: Any?) throws -> Tensor {
        Tensor(try #require(values as? [Double]).map(Float.init))
    }

    @Test("--json: 8 segment-centre frames, timestamps, transformers' CLS vectors, their cosine curve and mean")
    func defaultJSON() throws {
        let video = Self.asset("video/rocket-to-hubble.avi")
        let result = try CLI.run(["embed", "video", "--model", Self.model, "--json", video])
        #expect(result.status == 0, "\(result.error)")
        let object = try Self.object(result)
        #expect(object["model"] as? String == Self.model)
        #expect(object["dim"] as? Int == 32)
        #expect(object["pooling"] as? String == "mean")
        let videos = try #require(object["videos"] as? [[String: Any]])
        #expect(videos.count == 1)
        let entry = try #require(videos.first)
        #expect(entry["video"] as? String == video)
        #expect(entry["frame_count"] as? Int == 50)
        #expect(entry["frame_rate"] as? Double == 10)
        #expect(entry["duration"] as? Double == 5)
        #expect(entry["width"] as? Int == 320 && entry["height"] as? Int == 240)
        #expect(entry["frame_indices"] as? [Int] == [3, 9, 15, 21, 28, 34, 40, 46])
        #expect(entry["timestamps"] as? [Double] == [0.3, 0.9, 1.5, 2.1, 2.8, 3.4, 4.0, 4.6])

        let reference = try SafeTensorsFile(url: URL(fileURLWithPath: CLI.fixture("video/tiny-dinov2-rocket-to-hubble.safetensors")))
        let cls = try reference.tensor("cls")
        let frames = try Self.tensor(entry["frame_embeddings"])
        #expect(frames.shape == [8, 32])
        #expect(frames.maxAbsDifference(cls) <= 1e-4)

        let info = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            CLI.fixture("video/tiny-dinov2-rocket-to-hubble.json")))) as? [String: Any])
        let curve = try #require(info["cls_curve"] as? [Double])
        let similarities = try #require(entry["frame_similarities"] as? [Double])
        #expect(similarities.count == 7)
        for (i, value) in similarities.enumerated() { #expect(abs(value - curve[i]) <= 1e-4, "similarity \(i)") }

        let pooled = try Self.vector(entry["embedding"])
        #expect(pooled.maxAbsDifference(cls.mean(dim: 0)) <= 1e-4)
        let embeddings = try Self.tensor(object["embeddings"])
        #expect(embeddings.shape == [1, 32] && embeddings[0] == pooled)
    }

    @Test("--frames, --pooling max, --normalize and --frame-rate on an AVI and a folder of frames")
    func options() throws {
        let avi = Self.asset("video/cat-zoom.avi"), folder = Self.mediaFixture("frames-mixed")
        let result = try CLI.run(["embed", "video", "--model", Self.model, "--frames", "3", "--pooling", "max", "--normalize",
                                  "--json", avi, folder])
        #expect(result.status == 0, "\(result.error)")
        let object = try Self.object(result)
        #expect(object["pooling"] as? String == "max")
        let videos = try #require(object["videos"] as? [[String: Any]])
        #expect(videos.count == 2)
        #expect(videos.map { $0["frame_indices"] as? [Int] } == [[6, 20, 33], [0, 2, 3]])
        #expect(videos[1]["timestamps"] as? [Double] == [0, 0.16, 0.24])   // fps.txt: 12.5

        // The same frames through the processor and the model directly: unit-length CLS rows, normalised max.
        let processor = try ImageProcessor(folder: URL(fileURLWithPath: Self.model))
        let network = try AutoModel.from(folder: URL(fileURLWithPath: Self.model))
        for (entry, path) in zip(videos, [avi, folder]) {
            let video = try Video(contentsOf: path)
            let indices = try #require(entry["frame_indices"] as? [Int])
            let hidden = try network(try processor(try video.frames(at: indices))).lastHiddenState
            let raw = hidden[.all, 0]
            let frames = try Self.tensor(entry["frame_embeddings"])
            #expect(frames.maxAbsDifference(raw.normalized()) <= 1e-5, "\(path)")
            let pooled = try Self.vector(entry["embedding"])
            #expect(pooled.maxAbsDifference(raw.max(dim: 0).normalized()) <= 1e-5, "\(path)")
            #expect(abs(pooled.norm() - 1) <= 1e-5)
        }

        let slow = try CLI.run(["embed", "video", "--model", Self.model, "--frames", "3", "--frame-rate", "2", "--json", folder])
        #expect(slow.status == 0, "\(slow.error)")
        let entry = try #require((try Self.object(slow)["videos"] as? [[String: Any]])?.first)
        #expect(entry["timestamps"] as? [Double] == [0, 1, 1.5])
        #expect(entry["frame_rate"] as? Double == 2 && entry["duration"] as? Double == 2)
    }

    @Test("--frame-pooling mean averages the patch tokens")
    func patchMean() throws {
        let avi = Self.asset("video/astronaut-pan.avi")
        let result = try CLI.run(["embed", "video", "--model", Self.model, "--frames", "2", "--frame-pooling", "mean", "--json", avi])
        #expect(result.status == 0, "\(result.error)")
        let entry = try #require((try Self.object(result)["videos"] as? [[String: Any]])?.first)
        #expect(entry["frame_indices"] as? [Int] == [12, 37])
        let video = try Video(contentsOf: avi)
        let pixels = try ImageProcessor(folder: URL(fileURLWithPath: Self.model))(try video.frames(at: [12, 37]))
        let hidden = try AutoModel.from(folder: URL(fileURLWithPath: Self.model))(pixels).lastHiddenState
        #expect(try Self.tensor(entry["frame_embeddings"]).maxAbsDifference(hidden[.all, 1...].mean(dim: 1)) <= 1e-5)
    }

    @Test("the text output names each video, its frames, their times, the similarity curve and the pooled vector")
    func textOutput() throws {
        let video = Self.asset("video/rocket-to-hubble.avi")
        let result = try CLI.run(["embed", "video", "--model", Self.model, "--frames", "4", video])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(result.output)")
        #expect(lines.first == "\(video)  50 frames, 10 fps, 5.00 s, 320×240")
        #expect(lines.contains("  frames      6 18 31 43"))
        #expect(lines.contains("  seconds     0.60 1.80 3.10 4.30"))
        let curve = try #require(lines.first { $0.hasPrefix("  similarity  ") })
        #expect(curve.split(separator: " ").count == 4, "\(curve)")   // the label and 3 values
        #expect(lines.last?.hasPrefix("  [32] ") == true && lines.last?.hasSuffix("(mean of 4 frames)") == true)
    }

    @Test("bad videos, bad options and text models fail with one clear message")
    func errors() throws {
        let notVideo = CLI.repository.appendingPathComponent("README.md").path
        let text = try CLI.run(["embed", "video", "--model", Self.model, notVideo])
        #expect(text.status == 1)
        #expect(text.error.contains("error: \(notVideo) is not a Motion-JPEG AVI video"), "\(text.error)")
        #expect(text.output.isEmpty)

        let h264 = Self.mediaFixture("h264-fourcc.avi")
        let codec = try CLI.run(["embed", "video", "--model", Self.model, h264])
        #expect(codec.status == 1)
        #expect(codec.error.contains(h264) && codec.error.contains("'H264'"), "\(codec.error)")

        let missing = try CLI.run(["embed", "video", "--model", Self.model, "/nonexistent/clip.avi"])
        #expect(missing.status == 1 && missing.error.contains("/nonexistent/clip.avi"))

        let zero = try CLI.run(["embed", "video", "--model", Self.model, "--frames", "0", Self.asset("video/cat-zoom.avi")])
        #expect(zero.status != 0 && zero.error.contains("--frames"))
        let badRate = try CLI.run(["embed", "video", "--model", Self.model, "--frame-rate", "0", Self.asset("video/cat-zoom.avi")])
        #expect(badRate.status != 0 && badRate.error.contains("--frame-rate"))
        let badPooling = try CLI.run(["embed", "video", "--model", Self.model, "--pooling", "median", Self.asset("video/cat-zoom.avi")])
        #expect(badPooling.status != 0 && badPooling.error.contains("median"))
        let none = try CLI.run(["embed", "video", "--model", Self.model])
        #expect(none.status != 0 && none.error.contains("give at least one video"))

        let textModel = try CLI.run(["embed", "video", "--model", CLI.fixture("tiny-bert"), Self.asset("video/cat-zoom.avi")])
        #expect(textModel.status == 1)
        #expect(textModel.error.contains("is not an image model"))
    }
}
