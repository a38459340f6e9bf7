import Foundation
import Vectorbook

public extension BindingRegistry {
    /// Registers the `Vectorbook` library API that cells use, with the exact Swift names,
    /// argument labels and defaults:
    ///
    /// - tensors: `Tensor` (initializers, `shape`, `scalars`, reductions, `normalized()`,
    ///   arithmetic, subscripts with `Int`, ranges and `.all`, …), `Pooling`,
    ///   `cosineSimilarity`, `cosineSimilarityMatrix`, `matmul`;
    /// - text: `AutoTokenizer`, `Tokenizer`, `BatchEncoding`, `Padding`, `PaddingSide`;
    /// - models: `AutoModel`, `Model`, `ModelOutput`, `CLIPOutput`, `SentenceEmbedder`;
    /// - images: `Image`, `Image.Mode`, `ResamplingFilter`, `AutoImageProcessor`,
    ///   `ImageProcessor`, `URL(string:)`, `MediaOptions.isOffline`;
    /// - audio: `Audio`, `STFT.Window`, `powerToDB`, `amplitudeToDB`, `DecibelReference`,
    ///   `SpeakerEncoder`, `SpeakerPartials`;
    /// - video: `Video`, `VideoEmbedder`, `VideoEmbedding`, `TemporalPooling`, `FramePooling`;
    /// - cell support: `SimilarityTable`, `show(_:)`, `expect(_:_:)`;
    ///
    /// plus the descriptions `print` uses and the displays of every library type.
    /// Bad input throws `CellRuntimeError` (or the library's own error) and never stops
    /// the process. Models and tokenizers are loaded through `ModelLoader` (hub ids via
    /// `ModelLocator`, paths inside the course folder) and cached for the process.
    ///
    /// - Parameter progress: where model download progress goes (`nil`: quiet).
    func registerLibrary(progress: (any DownloadProgressReporter)? = nil) {
        let loader = ModelLoader(progress: progress)
        registerTensors()
        registerTokenizers(loader: loader)
        registerModels(loader: loader)
        registerImages(loader: loader)
        registerAudio()
        registerSpeech(loader: loader)
        registerVideo(loader: loader)
        registerCellSupport()
        registerClock()
        registerPlots()
    }
}
