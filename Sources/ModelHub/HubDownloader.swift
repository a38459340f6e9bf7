import Foundation

/// Downloads a model repository from the hub into the Hugging Face cache layout, the way Python
/// `huggingface_hub.snapshot_download` does, so either can reuse what the other fetched:
///
/// 1. `GET {endpoint}/api/models/{id}/revision/{revision}` lists the files and the commit.
/// 2. For each selected file not yet in `snapshots/{commit}/`: `HEAD {endpoint}/{id}/resolve/{commit}/{file}`
///    (no absolute redirects) gives the etag (`X-Linked-Etag` for LFS files, else `ETag`) and the size.
/// 3. Unless `blobs/{etag}` exists: `GET` the same URL (following redirects to the CDN) into
///    `blobs/{etag}.incomplete`, resuming with `Range` when a partial file is there, check the digest
///    the etag implies, and rename it into place — all under the lock Python uses.
/// 4. Link `snapshots/{commit}/{file}` → `../../blobs/{etag}`; finally write `refs/{revision}`.
struct HubDownloader: Sendable {
    let options: HubOptions
    let progress: (any DownloadProgressReporter)?
    let selection: HubFileSelection
    /// How long to wait for another process that is downloading the same blob.
    var lockTimeout: Double = 30 * 60

    private var client: HTTPClient { HTTPClient(token: options.token, endpoint: options.endpoint) }
    private var endpointString: String {
        let raw = options.endpoint.absoluteString
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    /// What the hub's model API says about one revision.
    struct Listing: Sendable, Equatable {
        /// The commit the revision points to, when the API said.
        var commit: String?
        /// Every file of the repository (`rfilename`s).
        var files: [String]
    }

    /// What a `HEAD` on a file's resolve URL says.
    struct FileMetadata: Sendable, Equatable {
        var commit: String?
        var etag: String
        var size: Int64?
    }

    /// Downloads the selected files of `id` at `revision` and returns the snapshot folder.
    func download(_ id: ModelID, revision: String) throws -> URL {
        try PathRules.validateRevision(revision)
        let layout = CacheLayout(cacheDirectory: options.cacheDirectory, id: id)
        guard !options.offline else {
            throw HubError.notInstalled(id: id.description, revision: revision,
                                        searched: [layout.repoFolder.path], offline: true)
        }
        let listing = try listFiles(id, revision: revision)
        var commit = listing.commit
        for file in listing.files where selection.includes(file) {
            if let known = commit, FileSystem.isFile(layout.snapshotFile(commit: known, file: file)) { continue }
            let url = try resolveURL(id, revision: commit ?? revision, file: file)
            let metadata = try fileMetadata(url, id: id, file: file)
            if commit == nil {
                guard let fromHeader = metadata.commit else {
                    throw HubError.invalidResponse(url: url.absoluteString,
                                                   reason: "neither the API nor X-Repo-Commit names the commit")
                }
                commit = fromHeader
            }
            guard let commit else { continue }
            try fetchBlob(url, metadata: metadata, id: id, file: file, layout: layout)
            try layout.linkSnapshotFile(commit: commit, file: file, etag: metadata.etag)
        }
        guard let commit else {
            throw HubError.invalidResponse(url: try apiURL(id, revision: revision).absoluteString,
                                           reason: "no commit ('sha') for revision '\(revision)'")
        }
        let snapshot = layout.snapshot(commit: commit)
        try FileSystem.createDirectory(snapshot)
        if revision != commit { try layout.writeRef(revision: revision, commit: commit) }
        return snapshot
    }

    // MARK: - Hub API

    /// `GET {endpoint}/api/models/{id}/revision/{revision}`.
    func listFiles(_ id: ModelID, revision: String) throws -> Listing {
        let url = try apiURL(id, revision: revision)
        let (response, body) = try client.fetch(url, redirects: .relativeOnly, timeout: options.metadataTimeout)
        guard response.status == 200 else {
            throw statusError(response, id: id, file: nil, revision: revision, url: url)
        }
        struct Payload: Decodable {
            struct Sibling: Decodable { let rfilename: String }
            let sha: String?
            let siblings: [Sibling]?
        }
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: body)
        } catch {
            throw HubError.invalidResponse(url: url.absoluteString, reason: "the model listing is not the expected JSON (\(error))")
        }
        if let sha = payload.sha, !PathRules.isSafeComponent(sha) {
            throw HubError.invalidResponse(url: url.absoluteString, reason: "the commit '\(sha)' is not a valid folder name")
        }
        let files = (payload.siblings ?? []).map(\.rfilename)
        for file in files {
            if let problem = PathRules.relativePathProblem(file) {
                throw HubError.invalidResponse(url: url.absoluteString, reason: "file name '\(file)': \(problem)")
            }
        }
        return Listing(commit: payload.sha, files: files)
    }

    /// `HEAD` on a resolve URL without following absolute redirects (the hub's own headers are on the 302).
    func fileMetadata(_ url: URL, id: ModelID, file: String) throws -> FileMetadata {
        let (response, _) = try client.fetch(url, method: "HEAD", redirects: .relativeOnly, timeout: options.metadataTimeout)
        guard (200..<400).contains(response.status) else {
            throw statusError(response, id: id, file: file, revision: nil, url: url)
        }
        let rawEtag = response.header("X-Linked-Etag") ?? response.header("ETag")
        guard let etag = rawEtag.map(Self.normalizeEtag), !etag.isEmpty else {
            throw HubError.invalidResponse(url: url.absoluteString, reason: "no ETag for file '\(file)' of model '\(id)'")
        }
        guard PathRules.isSafeComponent(etag) else {
            throw HubError.invalidResponse(url: url.absoluteString, reason: "the ETag '\(etag)' is not a valid blob name")
        }
        var size = response.header("X-Linked-Size").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        if size == nil, (200..<300).contains(response.status) { size = response.contentLength }
        let commit = response.header("X-Repo-Commit").map { $0.trimmingCharacters(in: .whitespaces) }
            .flatMap { PathRules.isSafeComponent($0) ? $0 : nil }
        return FileMetadata(commit: commit, etag: etag, size: size)
    }

    /// `W/"abc"` → `abc`.
    static func normalizeEtag(_ raw: String) -> String {
        var value = raw.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { value.removeFirst(2) }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    // MARK: - Blobs

    /// Puts the content of `url` at `blobs/{etag}` unless it is there, verified, via `blobs/{etag}.incomplete`.
    func fetchBlob(_ url: URL, metadata: FileMetadata, id: ModelID, file: String, layout: CacheLayout) throws {
        let blob = layout.blob(etag: metadata.etag)
        if FileSystem.isFile(blob) { return }
        try FileSystem.createDirectory(layout.blobsFolder)
        try FileLock.withLock(at: layout.lockFile(etag: metadata.etag), timeout: lockTimeout) {
            if FileSystem.isFile(blob) { return }   // another process finished it while we waited
            do {
                try downloadVerified(url, metadata: metadata, id: id, file: file, layout: layout)
            } catch {
                progress?.failed(file: file)
                throw error
            }
            progress?.finished(file: file)
        }
    }

    private func downloadVerified(_ url: URL, metadata: FileMetadata, id: ModelID, file: String, layout: CacheLayout) throws {
        let incomplete = layout.incompleteBlob(etag: metadata.etag)
        let blob = layout.blob(etag: metadata.etag)
        var restartedAfter416 = false
        while true {
            var resumeFrom = FileSystem.fileSize(incomplete) ?? 0
            if let size = metadata.size, resumeFrom > size {
                FileSystem.remove(incomplete)
                resumeFrom = 0
            }
            if let size = metadata.size, size > 0, resumeFrom == size {
                // An earlier attempt stored every byte but stopped before the check: just check it.
                progress?.started(file: file, totalBytes: size, resumedFrom: size)
            } else {
                let reporter = progress
                let knownSize = metadata.size
                let result = try client.download(
                    url, into: incomplete, resumeFrom: resumeFrom, timeout: options.downloadTimeout,
                    started: { offset, length in
                        reporter?.started(file: file, totalBytes: knownSize ?? length.map { $0 + offset }, resumedFrom: offset)
                    },
                    progress: { reporter?.advanced(file: file, bytes: $0) })
                let response = result.response
                if response.status == 416, resumeFrom > 0, !restartedAfter416 {
                    // The server will not serve from that offset: the partial file is unusable.
                    FileSystem.remove(incomplete)
                    restartedAfter416 = true
                    continue
                }
                guard (200..<300).contains(response.status) else {
                    throw statusError(response, id: id, file: file, revision: nil, url: response.url)
                }
                let received = result.startOffset + result.bytesWritten
                let expected = metadata.size ?? response.contentLength.map { $0 + result.startOffset }
                if let failure = result.failure {
                    switch failure {
                    case .fileSystem, .invalidResponse, .tooManyRedirects: throw failure
                    default:
                        throw HubError.truncated(id: id.description, file: file, url: response.url.absoluteString,
                                                 received: received, expected: expected, reason: Self.reason(failure))
                    }
                }
                if let expected, received < expected {
                    throw HubError.truncated(id: id.description, file: file, url: response.url.absoluteString,
                                             received: received, expected: expected, reason: "the connection closed early")
                }
            }
            try verify(incomplete, metadata: metadata, id: id, file: file, url: url)
            try FileSystem.rename(incomplete, to: blob)
            return
        }
    }

    /// Checks the digest the etag implies (or, for other etags, the size); deletes the file on a mismatch.
    private func verify(_ file: URL, metadata: FileMetadata, id: ModelID, file name: String, url: URL) throws {
        if let check = ContentDigest(etag: metadata.etag) {
            let actual: String
            do {
                actual = try check.actual(ofFileAt: file)
            } catch {
                throw HubError.fileSystem(path: file.path, operation: "read", reason: error.localizedDescription)
            }
            if actual != check.expected {
                FileSystem.remove(file)
                throw HubError.digestMismatch(id: id.description, file: name, algorithm: check.algorithm,
                                              expected: check.expected, actual: actual)
            }
        } else if let size = metadata.size, let actual = FileSystem.fileSize(file), actual != size {
            FileSystem.remove(file)
            throw HubError.invalidResponse(url: url.absoluteString,
                                           reason: "file '\(name)' of model '\(id)' has \(actual) bytes, expected \(size)")
        }
    }

    private static func reason(_ failure: HubError) -> String {
        switch failure {
        case let .timedOut(_, seconds): "no data for \(Int(seconds.rounded())) s"
        case let .network(_, reason): reason
        default: failure.localizedDescription
        }
    }

    // MARK: - URLs and statuses

    func apiURL(_ id: ModelID, revision: String) throws -> URL {
        try url(endpointString + "/api/models/\(id)/revision/" + Self.encode(revision, keepingSlashes: false))
    }

    func resolveURL(_ id: ModelID, revision: String, file: String) throws -> URL {
        try url(endpointString + "/\(id)/resolve/" + Self.encode(revision, keepingSlashes: false)
                + "/" + Self.encode(file, keepingSlashes: true))
    }

    private func url(_ string: String) throws -> URL {
        guard let url = URL(string: string) else {
            throw HubError.invalidResponse(url: string, reason: "not a valid URL (check HF_ENDPOINT)")
        }
        return url
    }

    /// Percent-encodes all but `A-Z a-z 0-9 - . _ ~` (and `/` when `keepingSlashes`), as Python's `quote`.
    static func encode(_ value: String, keepingSlashes: Bool) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        if keepingSlashes { allowed.insert("/") }
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// The ``HubError`` for a non-success answer, using the hub's `X-Error-Code` where it gives one.
    private func statusError(_ response: HTTPResponse, id: ModelID, file: String?, revision: String?, url: URL) -> HubError {
        let code = response.header("X-Error-Code")
        switch response.status {
        case 401, 403:
            return .accessDenied(id: id.description, url: url.absoluteString, status: response.status,
                                 tokenSet: options.token != nil)
        case 404:
            if code == "RevisionNotFound", let revision {
                return .revisionNotFound(id: id.description, revision: revision, endpoint: endpointString)
            }
            if let file, code != "RepoNotFound" {
                return .fileNotFound(id: id.description, file: file, url: url.absoluteString)
            }
            return .modelNotFound(id: id.description, endpoint: endpointString, status: 404)
        default:
            return .httpStatus(id: id.description, file: file, url: url.absoluteString, status: response.status)
        }
    }
}
