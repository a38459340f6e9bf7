import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook bench text|image|audio`: timings for Scripts/bench (not shown in help).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure embedding speed (used by Scripts/bench).",
        shouldDisplay: false,
        subcommands: [BenchText.self, BenchImage.self, BenchAudio.self]
    )
}

/// Sentence embedding throughput, latency and GEMM efficiency.
struct BenchText: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "text", abstract: "Time a sentence encoder.")

    @Option(help: "Model id or folder.")
    var model: String

    @Option(name: .customLong("input-file"), help: "Sentences, one per line.")
    var inputFile: String

    @Option(help: "Sentences per forward pass.")
    var batchSize = 32

    @Option(help: "Repetitions (the best is reported for throughput, the median for latency).")
    var runs = 5

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        guard let text = try? String(contentsOfFile: inputFile, encoding: .utf8) else {
            throw ValidationError("cannot read --input-file \(inputFile)")
        }
        let sentences = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard !sentences.isEmpty else { throw ValidationError("--input-file \(inputFile) has no sentences") }
        try reportingErrors {
            var clock = Stopwatch()
            let embedder = try SentenceEmbedder.from(pretrained: model)
            let loadSeconds = clock.lap()
            _ = try embedder.encode(sentences[0])
            let firstSeconds = clock.lap()

            var latencies: [Double] = []
            for _ in 0 ..< max(runs * 10, 20) {
                clock.reset()
                _ = try embedder.encode(sentences[0])
                latencies.append(clock.lap())
            }
            var batchTimes: [Double] = []
            for _ in 0 ..< runs {
                clock.reset()
                _ = try embedder.encode(sentences, batchSize: batchSize)
                batchTimes.append(clock.lap())
            }
            let lengths = sentences.map { min(embedder.tokenizer.encode($0).count, embedder.maxSequenceLength) }
            let flops = lengths.reduce(0.0) { $0 + Self.forwardFlops(tokens: $1, encoder: embedder.encoder) }
            let best = batchTimes.min() ?? 0
            let peak = Self.gemmPeak()
            let report: [(String, String)] = [
                ("model", JSONWriter.string(model)),
                ("threads", "\(ComputeThreads.count)"),
                ("sentences", "\(sentences.count)"),
                ("tokens", "\(lengths.reduce(0, +))"),
                ("load_s", "\(loadSeconds)"),
                ("first_embedding_s", "\(firstSeconds)"),
                ("latency_median_s", "\(Self.median(latencies))"),
                ("batch_best_s", "\(best)"),
                ("sentences_per_s", "\(Double(sentences.count) / best)"),
                ("forward_gflop", "\(flops / 1e9)"),
                ("effective_gflops", "\(flops / best / 1e9)"),
                ("gemm_gflops", JSONWriter.object(peak.map { ($0.0, "\($0.1)") })),
                ("blas_core", JSONWriter.string(BLAS.coreName)),
            ]
            Terminal.output(JSONWriter.object(report))
        }
    }

    /// Multiply-adds of one sequence through a BERT-style encoder (×2 for FLOPs).
    static func forwardFlops(tokens: Int, encoder: any TextEncoder) -> Double {
        guard let bert = encoder as? BertModel else { return 0 }
        let h = Double(bert.config.hiddenSize), inner = Double(bert.config.intermediateSize)
        let n = Double(tokens), layers = Double(bert.config.numHiddenLayers)
        let dense = n * (4 * h * h + 2 * h * inner)
        let attention = 2 * n * n * h
        return 2 * layers * (dense + attention)
    }

    /// Best GFLOP/s of cblas_sgemm at transformer-like sizes.
    static func gemmPeak() -> [(String, Double)] {
        [(672, 1536, 384), (672, 384, 1536), (1024, 1024, 1024)].map { m, n, k in
            ("\(m)x\(n)x\(k)", BLAS.measuredPeak(m: m, n: n, k: k))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// Vision encoder latency (batch 1) and throughput (a larger batch) on pixel tensors.
struct BenchImage: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image", abstract: "Time an image encoder.")

    @Option(help: "Model id or folder.")
    var model: String

    @Option(help: "Image side in pixels.")
    var size = 224

    @Option(help: "Images per forward pass for throughput.")
    var batchSize = 16

    @Option(help: "Repetitions (best for throughput, median for latency).")
    var runs = 5

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            var clock = Stopwatch()
            let loaded = try AutoModel.from(pretrained: model)
            let loadSeconds = clock.lap()
            func pixels(_ n: Int) throws -> Tensor {
                var state: UInt32 = 12345
                let values = (0 ..< n * 3 * size * size).map { _ -> Float in
                    state = state &* 1_664_525 &+ 1_013_904_223
                    return Float(state >> 8) / Float(1 << 24) * 4 - 2
                }
                return try Tensor(shape: [n, 3, size, size], scalars: values)
            }
            let one = try pixels(1), batch = try pixels(batchSize)
            _ = try loaded(one)
            var latencies: [Double] = []
            for _ in 0 ..< max(runs * 4, 10) {
                clock.reset()
                _ = try loaded(one)
                latencies.append(clock.lap())
            }
            _ = try loaded(batch)
            var batchTimes: [Double] = []
            for _ in 0 ..< runs {
                clock.reset()
                _ = try loaded(batch)
                batchTimes.append(clock.lap())
            }
            let best = batchTimes.min() ?? 0
            Terminal.output(JSONWriter.object([
                ("model", JSONWriter.string(model)),
                ("threads", "\(ComputeThreads.count)"),
                ("size", "\(size)"),
                ("batch_size", "\(batchSize)"),
                ("load_s", "\(loadSeconds)"),
                ("latency_median_s", "\(BenchText.median(latencies))"),
                ("batch_best_s", "\(best)"),
                ("images_per_s", "\(Double(batchSize) / best)"),
            ]))
        }
    }
}

/// Speech encoder latency on one input tensor read from a safetensors file (so that the Python side
/// times the very same input): Whisper log-mel features `[1, mels, frames]` or Wav2Vec2/HuBERT input
/// values `[1, samples]`.
struct BenchAudio: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audio", abstract: "Time a speech encoder.")

    @Option(help: "Model id or folder.")
    var model: String

    @Option(help: "A safetensors file holding the input tensor.")
    var input: String

    @Option(help: "Name of the input tensor in the file.")
    var tensor = "input"

    @Option(help: "Timed forward passes after one warm-up pass (best and median are reported).")
    var runs = 5

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs))") }
    }

    func run() throws {
        try global.apply()
        try reportingErrors {
            var clock = Stopwatch()
            let loaded = try AutoModel.from(pretrained: model)
            let loadSeconds = clock.lap()
            let values = try SafeTensorsFile(url: URL(fileURLWithPath: input)).tensor(tensor)
            clock.reset()
            let first = try loaded(values)
            let firstSeconds = clock.lap()
            var times: [Double] = []
            for _ in 0 ..< runs {
                clock.reset()
                _ = try loaded(values)
                times.append(clock.lap())
            }
            let output = first.lastHiddenState
            let meanAbs = output.scalars.reduce(0.0) { $0 + Double(abs($1)) } / Double(max(output.count, 1))
            Terminal.output(JSONWriter.object([
                ("model", JSONWriter.string(model)),
                ("model_type", JSONWriter.string(loaded.modelType)),
                ("threads", "\(ComputeThreads.count)"),
                ("input_shape", "\(values.shape)"),
                ("output_shape", "\(output.shape)"),
                ("output_mean_abs", "\(meanAbs)"),
                ("load_s", "\(loadSeconds)"),
                ("first_s", "\(firstSeconds)"),
                ("runs", "\(runs)"),
                ("latency_best_s", "\(times.min() ?? 0)"),
                ("latency_median_s", "\(BenchText.median(times))"),
                ("latencies_s", "\(times)"),
            ]))
        }
    }
}

/// Monotonic wall-clock timing.
struct Stopwatch {
    private var start = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the start or the last lap; starts a new lap.
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { start = now }
        return Double(now - start) / 1e9
    }

    mutating func reset() { start = DispatchTime.now().uptimeNanoseconds }
}
