import Foundation

/// Turns what `from(pretrained:)` is given — a folder or a hub model id — into a local folder,
/// downloading into the Hugging Face cache when needed and allowed.
///
/// ```swift
/// let folder = try ModelLocator().resolve("sentence-transformers/all-MiniLM-L6-v2")
/// // …/models--sentence-transformers--all-MiniLM-L6-v2/snapshots/<commit>/
/// ```
public struct ModelLocator: Sendable {
    /// Where to look and how to reach the hub.
    public var options: HubOptions
    /// Receives download progress (`nil`: quiet).
    public var progress: (any DownloadProgressReporter)?
    /// Which repository files a download fetches.
    public var fileSelection: HubFileSelection = .cpuEncoder

    /// A locator using `options` (the environment plus `--offline` by default).
    public init(options: HubOptions = .current, progress: (any DownloadProgressReporter)? = nil) {
        self.options = options
        self.progress = progress
    }

    /// The folder for `idOrPath`, in this order:
    /// 1. an existing folder path, used as is (`~` is expanded; relative paths are from the working directory);
    /// 2. `VECTORBOOK_MODELS/<id>`;
    /// 3. the Hugging Face cache: `models--org--name/refs/<revision>` → `snapshots/<commit>/`, or
    ///    `snapshots/<revision>/` when the revision is a commit;
    /// 4. a download into the cache, unless offline.
    ///
    /// Throws ``HubError/folderNotFound(_:)`` for a path that names no folder,
    /// ``HubError/invalidModelID(_:reason:)`` for a malformed id, ``HubError/notInstalled(id:revision:searched:offline:)``
    /// when offline and missing (naming every place searched and the install command), or a download error.
    public func resolve(_ idOrPath: String, revision: String = "main") throws -> URL {
        if let folder = try existingFolder(idOrPath) { return folder }
        let id = try ModelID(idOrPath)
        try PathRules.validateRevision(revision)
        if let folder = installedFolder(id, revision: revision) { return folder }
        if options.offline {
            throw HubError.notInstalled(id: id.description, revision: revision,
                                        searched: searchedLocations(for: id.description), offline: true)
        }
        return try downloader.download(id, revision: revision)
    }

    /// The local folder for `id` (or an existing folder path) if it is installed; never touches the network.
    public func localFolder(for id: String, revision: String = "main") -> URL? {
        if let folder = try? existingFolder(id) { return folder }
        guard let model = try? ModelID(id), (try? PathRules.validateRevision(revision)) != nil else { return nil }
        return installedFolder(model, revision: revision)
    }

    /// The places ``resolve(_:revision:)`` looks for `id`, in order, each as `label: path`.
    public func searchedLocations(for id: String) -> [String] {
        var places = [String]()
        if let models = options.modelsDirectory {
            places.append("VECTORBOOK_MODELS: " + models.appendingPathComponent(id, isDirectory: true).path)
        }
        let folder = (try? ModelID(id))?.cacheFolderName ?? "models--" + id.replacingOccurrences(of: "/", with: "--")
        places.append("Hugging Face cache: " + options.cacheDirectory.appendingPathComponent(folder, isDirectory: true).path)
        return places
    }

    /// Downloads `id` at `revision` into the cache (only the files that are missing) and returns the
    /// snapshot folder. Offline, it returns the cached snapshot if there is one and throws
    /// ``HubError/notInstalled(id:revision:searched:offline:)`` otherwise.
    public func download(_ id: String, revision: String = "main") throws -> URL {
        let model = try ModelID(id)
        try PathRules.validateRevision(revision)
        if options.offline {
            if let cached = CacheLayout(cacheDirectory: options.cacheDirectory, id: model).snapshotFolder(revision: revision) {
                return cached
            }
            throw HubError.notInstalled(id: model.description, revision: revision,
                                        searched: searchedLocations(for: model.description), offline: true)
        }
        return try downloader.download(model, revision: revision)
    }

    /// Every model in `VECTORBOOK_MODELS` and in the cache, sorted by id.
    public func installedModels() -> [InstalledModel] {
        InstalledModel.scan(options: options)
    }

    // MARK: - Internals

    private var downloader: HubDownloader {
        HubDownloader(options: options, progress: progress, selection: fileSelection)
    }

    private func installedFolder(_ id: ModelID, revision: String) -> URL? {
        if let models = options.modelsDirectory {
            let folder = models.appendingPathComponent(id.description, isDirectory: true)
            if FileSystem.isDirectory(folder) { return folder }
        }
        return CacheLayout(cacheDirectory: options.cacheDirectory, id: id).snapshotFolder(revision: revision)
    }

    /// The folder `value` names when it is an existing folder; `nil` when it should be read as a model id;
    /// throws when it is clearly a path (absolute, `./`, `../`, `~`) that is not a folder.
    private func existingFolder(_ value: String) throws -> URL? {
        guard !value.isEmpty else { return nil }
        var path = value
        if path == "~" || path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0).path }
                ?? FileManager.default.homeDirectoryForCurrentUser.path
            path = home + path.dropFirst(1)
        }
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        if FileSystem.isDirectory(url) { return url }
        let looksLikePath = path.hasPrefix("/") || path.hasPrefix("./") || path.hasPrefix("../")
            || path == "." || path == ".." || value.hasPrefix("~")
        if looksLikePath { throw HubError.folderNotFound(value) }
        return nil
    }
}
