import Foundation
import Testing
@testable import ModelHub

/// Builds a cache folder the way Python `huggingface_hub` writes one: content in `blobs/`, relative
/// symlinks in `snapshots/<commit>/`, `refs/main` without a newline, plus `.no_exist/` and `.locks/`.
func makePythonCache(_ cache: URL, id: String, commit: String, files: [String: String], ref: String = "main") throws -> URL {
    let repo = cache.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
    let blobs = repo.appendingPathComponent("blobs")
    let snapshot = repo.appendingPathComponent("snapshots/\(commit)")
    try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
    for (name, text) in files {
        let data = Data(text.utf8)
        let etag = TestHubServer.gitBlobSHA1(data)
        try data.write(to: blobs.appendingPathComponent(etag))
        let link = snapshot.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        let ups = Array(repeating: "..", count: name.split(separator: "/").count + 1).joined(separator: "/")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "\(ups)/blobs/\(etag)")
    }
    try FileManager.default.createDirectory(at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
    try Data(commit.utf8).write(to: repo.appendingPathComponent("refs/\(ref)"))
    try FileManager.default.createDirectory(at: repo.appendingPathComponent(".no_exist/\(commit)"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: cache.appendingPathComponent(".locks/\(repo.lastPathComponent)"),
                                            withIntermediateDirectories: true)
    return snapshot
}

@Suite("Resolving a model id or folder")
struct ResolutionTests {
    let commit = "89abcdef0123456789abcdef0123456789abcdef"

    @Test("An existing folder path is used as is; a missing path is a clear error")
    func localFolder() throws {
        try withTemporaryFolder { folder in
            let model = folder.appendingPathComponent("my-model")
            try writeFile("{}", to: model, "config.json")
            let locator = ModelLocator(options: testOptions(folder, server: nil, offline: true))
            #expect(try locator.resolve(model.path).path == model.standardizedFileURL.path)
            #expect(try locator.resolve(model.path + "/").path == model.standardizedFileURL.path)
            #expect(locator.localFolder(for: model.path)?.path == model.standardizedFileURL.path)

            let missing = folder.appendingPathComponent("nowhere").path
            #expect(hubError { try locator.resolve(missing) } == .folderNotFound(missing))
            #expect(hubError { try locator.resolve("./no-such-model-folder") } == .folderNotFound("./no-such-model-folder"))
            let error = hubError { try locator.resolve(missing) }
            #expect(error?.localizedDescription.contains(missing) == true)
        }
    }

    @Test("Malformed ids are rejected before anything is searched")
    func malformed() throws {
        try withTemporaryFolder { folder in
            let locator = ModelLocator(options: testOptions(folder, server: nil, offline: true))
            for id in ["org/../etc", "a/b/c", "org//name", "org/na me"] {
                guard case .invalidModelID(id, _)? = hubError({ try locator.resolve(id) }) else {
                    Issue.record("'\(id)' should be an invalid id")
                    continue
                }
            }
            #expect(throws: HubError.invalidRevision("../main", reason: "'.' and '..' parts are not allowed")) {
                try locator.resolve("org/name", revision: "../main")
            }
        }
    }

    @Test("HF_HUB_CACHE: refs/main → snapshots/<commit>/, other refs, and a commit given directly")
    func cacheRefs() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let snapshot = try makePythonCache(cache, id: "org/model", commit: commit, files: ["config.json": "{}"])
            let other = "fedcba9876543210fedcba9876543210fedcba98"
            let tagged = try makePythonCache(cache, id: "org/model", commit: other, files: ["config.json": "{\"v\":2}"], ref: "v2")
            let options = HubOptions.fromEnvironment(["HOME": folder.path, "HF_HUB_CACHE": cache.path, "HF_HUB_OFFLINE": "1"])
            let locator = ModelLocator(options: options)
            #expect(try locator.resolve("org/model").path == snapshot.path)
            #expect(try locator.resolve("org/model", revision: "v2").path == tagged.path)
            #expect(try locator.resolve("org/model", revision: other).path == tagged.path)
            #expect(locator.localFolder(for: "org/model", revision: "v3") == nil)
            #expect(locator.localFolder(for: "org/other") == nil)
        }
    }

    @Test("HF_HOME/hub is the cache when HF_HUB_CACHE is not set")
    func hfHome() throws {
        try withTemporaryFolder { folder in
            let home = folder.appendingPathComponent("hf-home")
            let snapshot = try makePythonCache(home.appendingPathComponent("hub"), id: "bert-tiny", commit: commit,
                                               files: ["config.json": "{}"])
            let options = HubOptions.fromEnvironment(["HOME": folder.path, "HF_HOME": home.path, "HF_HUB_OFFLINE": "yes"])
            #expect(try ModelLocator(options: options).resolve("bert-tiny").path == snapshot.path)
        }
    }

    @Test("VECTORBOOK_MODELS/<id> comes before the cache")
    func modelsDirectoryFirst() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let snapshot = try makePythonCache(cache, id: "org/model", commit: commit, files: ["config.json": "{}"])
            let models = folder.appendingPathComponent("models")
            let options = HubOptions.fromEnvironment(["HOME": folder.path, "HF_HUB_CACHE": cache.path,
                                                      "VECTORBOOK_MODELS": models.path, "HF_HUB_OFFLINE": "1"])
            let locator = ModelLocator(options: options)
            #expect(try locator.resolve("org/model").path == snapshot.path)
            try writeFile("{}", to: models.appendingPathComponent("org/model"), "config.json")
            #expect(try locator.resolve("org/model").path == models.appendingPathComponent("org/model").path)
        }
    }

    @Test("A cache written by Python huggingface_hub works unchanged (symlinks into blobs, subfolders)")
    func pythonLayout() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let files = ["config.json": #"{"model_type":"bert"}"#, "1_Pooling/config.json": #"{"pooling_mode_mean_tokens":true}"#,
                         "vocab.txt": "[PAD]\nhello\n"]
            let snapshot = try makePythonCache(cache, id: "sentence-transformers/tiny", commit: commit, files: files)
            let locator = ModelLocator(options: HubOptions(cacheDirectory: cache, offline: true))
            let resolved = try locator.resolve("sentence-transformers/tiny")
            #expect(resolved.path == snapshot.path)
            for (name, text) in files {
                let content = try String(contentsOf: resolved.appendingPathComponent(name), encoding: .utf8)
                #expect(content == text)
            }
        }
    }

    @Test("refs/main naming a missing snapshot counts as not installed")
    func danglingRef() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let refs = cache.appendingPathComponent("models--org--model/refs")
            try writeFile(commit, to: refs, "main")
            let locator = ModelLocator(options: HubOptions(cacheDirectory: cache, offline: true))
            #expect(locator.localFolder(for: "org/model") == nil)
        }
    }

    @Test("Offline and missing: the error names the id, every place searched and the install command")
    func offlineMessage() throws {
        try withTemporaryFolder { folder in
            let models = folder.appendingPathComponent("models")
            let cache = folder.appendingPathComponent("hub")
            let locator = ModelLocator(options: HubOptions(modelsDirectory: models, cacheDirectory: cache, offline: true))
            let error = hubError { try locator.resolve("org/missing-model") }
            guard case let .notInstalled(id, revision, searched, offline)? = error else {
                Issue.record("expected notInstalled, got \(String(describing: error))")
                return
            }
            #expect(id == "org/missing-model")
            #expect(revision == "main")
            #expect(offline)
            #expect(searched == locator.searchedLocations(for: "org/missing-model"))
            let message = error?.localizedDescription ?? ""
            #expect(message.contains("'org/missing-model'"))
            #expect(message.contains(models.appendingPathComponent("org/missing-model").path))
            #expect(message.contains(cache.appendingPathComponent("models--org--missing-model").path))
            #expect(message.contains("VECTORBOOK_MODELS"))
            #expect(message.contains("vectorbook models install org/missing-model"))
            #expect(message.contains("HF_HUB_OFFLINE"))
            #expect(message.contains("--offline"))
        }
    }

    @Test("searchedLocations lists VECTORBOOK_MODELS/<id> only when it is set")
    func searched() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let plain = ModelLocator(options: HubOptions(cacheDirectory: cache))
            #expect(plain.searchedLocations(for: "org/m") == ["Hugging Face cache: " + cache.appendingPathComponent("models--org--m").path])
            let models = folder.appendingPathComponent("models")
            let both = ModelLocator(options: HubOptions(modelsDirectory: models, cacheDirectory: cache))
            #expect(both.searchedLocations(for: "org/m").first == "VECTORBOOK_MODELS: " + models.appendingPathComponent("org/m").path)
        }
    }

    @Test("installedModels lists VECTORBOOK_MODELS and the cache with sizes on disk")
    func installed() throws {
        try withTemporaryFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let snapshot = try makePythonCache(cache, id: "org/cached", commit: commit,
                                               files: ["config.json": "12345", "vocab.txt": "1234567890"])
            // A second snapshot that shares a blob: the blob is counted once.
            let older = "1111111111111111111111111111111111111111"
            try FileManager.default.createDirectory(at: cache.appendingPathComponent("models--org--cached/snapshots/\(older)"),
                                                    withIntermediateDirectories: true)
            // Not models: a dataset, the lock folder, a model folder with no snapshot.
            try FileManager.default.createDirectory(at: cache.appendingPathComponent("datasets--org--data/snapshots"),
                                                    withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: cache.appendingPathComponent("models--org--empty"),
                                                    withIntermediateDirectories: true)
            let models = folder.appendingPathComponent("models")
            try writeFile("abc", to: models.appendingPathComponent("plain"), "config.json")
            try writeFile("abcd", to: models.appendingPathComponent("acme/encoder"), "config.json")
            try writeFile("ab", to: models.appendingPathComponent("acme/encoder/1_Pooling"), "config.json")

            let locator = ModelLocator(options: HubOptions(modelsDirectory: models, cacheDirectory: cache, offline: true))
            let found = locator.installedModels()
            #expect(found.map(\.id) == ["acme/encoder", "org/cached", "plain"])
            let cached = try #require(found.first { $0.id == "org/cached" })
            #expect(cached.folder.path == snapshot.path)
            #expect(cached.source == .cache)
            #expect(cached.commit == commit)
            #expect(cached.sizeOnDisk == 15 + Int64(commit.utf8.count))   // two blobs + refs/main
            let encoder = try #require(found.first { $0.id == "acme/encoder" })
            #expect(encoder.source == .modelsDirectory)
            #expect(encoder.sizeOnDisk == 6)
            #expect(encoder.folder.path == models.appendingPathComponent("acme/encoder").path)
        }
    }
}
