import Foundation
import Synchronization
import Vectorbook

/// Resolves what a cell passes to `from(pretrained:)` and keeps what it loaded.
///
/// - A path (`/…`, `./…`, `../…`, `~…`, or a name that exists in the course folder) goes
///   through `CallContext.resolveFile`, so it must stay inside the course folder.
/// - Anything else is a hub id, resolved by `ModelLocator` (`VECTORBOOK_MODELS`, the Hugging
///   Face cache, then a download unless offline).
///
/// Either way the folder is recorded with `recordModel(id:folder:)`. Loaded models,
/// tokenizers, sentence embedders and image processors are cached for the life of the
/// process, keyed by kind, resolved folder, id and options, so loading the same model twice
/// (in one chapter or across chapters) reads it once. Cached objects are immutable
/// (`Model`, `Tokenizer` and `SentenceEmbedder` are `Sendable` classes with `let`
/// properties; `ImageProcessor` is a value), so sharing them between cells is safe.
public final class ModelLoader: Sendable {
    /// Download progress for hub ids that are not installed (`nil`: quiet).
    let progress: (any DownloadProgressReporter)?

    private static let cache = Mutex<[String: any Sendable]>([:])
    private static let names = Mutex<[ObjectIdentifier: String]>([:])

    /// A loader that reports download progress to `progress`.
    public init(progress: (any DownloadProgressReporter)? = nil) {
        self.progress = progress
    }

    /// Forgets every cached object (e.g. after model folders changed on disk).
    public static func removeAll() {
        cache.withLock { $0.removeAll() }
        names.withLock { $0.removeAll() }
    }

    /// The id a tokenizer was loaded under, for displays.
    static func sourceName(of tokenizer: Tokenizer) -> String? {
        names.withLock { $0[ObjectIdentifier(tokenizer)] }
    }

    // MARK: - Kinds

    func tokenizer(_ id: String, revision: String, context: any CallContext) throws -> Tokenizer {
        try load("tokenizer", id, revision: revision, context: context) { folder in
            let tokenizer = try Tokenizer(folder: folder)
            Self.names.withLock { $0[ObjectIdentifier(tokenizer)] = id }
            return tokenizer
        }
    }

    func model(_ id: String, revision: String, context: any CallContext) throws -> Model {
        try load("model", id, revision: revision, context: context) { folder in
            try AutoModel.from(folder: folder, id: id)
        }
    }

    func sentenceEmbedder(_ id: String, revision: String, pooling: Pooling?, normalize: Bool?,
                          context: any CallContext) throws -> SentenceEmbedder {
        let options = "pooling=\(pooling?.rawValue ?? "-") normalize=\(normalize.map(String.init) ?? "-")"
        return try load("sentence-embedder " + options, id, revision: revision, context: context) { folder in
            try SentenceEmbedder(folder: folder, id: id, pooling: pooling, normalize: normalize)
        }
    }

    func imageProcessor(_ id: String, revision: String, context: any CallContext) throws -> ImageProcessor {
        try load("image-processor", id, revision: revision, context: context) { folder in
            try ImageProcessor(folder: folder)
        }
    }

    func featureExtractor(_ id: String, revision: String, context: any CallContext) throws -> FeatureExtractor {
        try load("feature-extractor", id, revision: revision, context: context) { folder in
            try FeatureExtractor(folder: folder)
        }
    }

    func speakerEncoder(_ id: String, revision: String, context: any CallContext) throws -> SpeakerEncoder {
        try load("speaker-encoder", id, revision: revision, context: context) { folder in
            try SpeakerEncoder(folder: folder, name: id)
        }
    }

    // MARK: - Resolution and caching

    private func load<T: Sendable>(_ kind: String, _ id: String, revision: String, context: any CallContext,
                                   _ make: (URL) throws -> T) throws -> T {
        try context.checkDeadline()
        let folder = try resolve(id, revision: revision, context: context)
        let key = "\(kind)\u{0}\(folder.standardizedFileURL.path)\u{0}\(id)"
        if let cached = Self.cache.withLock({ $0[key] }) as? T { return cached }
        // Loading happens outside the lock; two threads loading the same folder at once both load it.
        let value = try make(folder)
        Self.cache.withLock { $0[key] = value }
        return value
    }

    /// The local folder for `id`, recorded with the context.
    func resolve(_ id: String, revision: String, context: any CallContext) throws -> URL {
        guard !id.isEmpty else { throw CellRuntimeError("from(pretrained:): the model id is empty") }
        if Self.looksLikePath(id) || FileManager.default.fileExists(atPath: context.courseRoot.appendingPathComponent(id).path) {
            let folder = try context.resolveFile(id)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CellRuntimeError("from(pretrained: \"\(id)\"): \(folder.path) is a file, not a model folder")
            }
            context.recordModel(id: id, folder: folder)
            return folder
        }
        // `ModelLocator` would take a folder of that name in the working directory, which may lie
        // outside the course folder.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: id, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CellRuntimeError("from(pretrained: \"\(id)\"): a folder of that name exists in the working directory, "
                + "outside the course folder \(context.courseRoot.path); use a path inside the course folder or a hub id")
        }
        let folder = try ModelLocator(progress: progress).resolve(id, revision: revision)
        context.recordModel(id: id, folder: folder)
        return folder
    }

    /// Absolute, explicitly relative or home-relative paths.
    static func looksLikePath(_ value: String) -> Bool {
        value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("../") || value.hasPrefix("~")
            || value == "." || value == ".."
    }
}
