import Foundation
import Synchronization
import Testing
@testable import ModelHub

/// Downloads against the loopback test hub (``TestHubServer``), into temporary caches.
@Suite("Downloading into the Hugging Face cache layout")
struct DownloadTests {
    /// Runs `body` with a server serving ``TinyRepo`` and a temporary folder.
    func withHub(_ repo: TestHubServer.Repo = TinyRepo.repo(),
                 _ body: (TestHubServer, URL) throws -> Void) throws {
        let server = try TestHubServer()
        defer { server.stop() }
        server.add(repo)
        try withTemporaryFolder { folder in try body(server, folder) }
    }

    func repoFolder(_ folder: URL) -> URL {
        folder.appendingPathComponent("cache/models--org--tiny-bert")
    }

    @Test("Happy path: blobs named by etag, relative snapshot symlinks, refs/main, only encoder files")
    func happyPath() throws {
        try withHub { server, folder in
            let reporter = RecordingReporter()
            let locator = ModelLocator(options: testOptions(folder, server: server), progress: reporter)
            let snapshot = try locator.resolve(TinyRepo.id)
            let repo = repoFolder(folder)
            #expect(snapshot.path == repo.appendingPathComponent("snapshots/\(TinyRepo.commit)").path)

            // blobs/: one file per fetched file, named by its etag; nothing incomplete left.
            let blobs = try FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent("blobs").path)
            #expect(Set(blobs) == Set(TinyRepo.fetched.map(TinyRepo.etag)))
            #expect(TinyRepo.etag("model.safetensors").count == 64)
            #expect(TinyRepo.etag("config.json").count == 40)

            // snapshots/<commit>/: relative symlinks into blobs/, with the right content.
            for file in TinyRepo.fetched {
                let link = snapshot.appendingPathComponent(file)
                let depth = file.split(separator: "/").count + 1
                let expected = Array(repeating: "..", count: depth).joined(separator: "/") + "/blobs/" + TinyRepo.etag(file)
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == expected, "\(file)")
                #expect(try Data(contentsOf: link) == TinyRepo.files[file], "\(file)")
            }
            // refs/main holds the commit, without a newline (as Python writes it).
            #expect(try String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8) == TinyRepo.commit)

            // Skipped: PyTorch/TF/ONNX weights and git metadata.
            for skipped in ["pytorch_model.bin", "tf_model.h5", "onnx/model.onnx", ".gitattributes"] {
                #expect(!FileManager.default.fileExists(atPath: snapshot.appendingPathComponent(skipped).path))
                #expect(!server.requests.contains { $0.path.hasSuffix("/" + skipped) }, "\(skipped) was requested")
            }

            // The requests: the listing, then HEAD + GET per file; the LFS GET went on to the CDN host.
            let requests = server.requests
            #expect(requests.first?.method == "GET")
            #expect(requests.first?.path == "/api/models/org/tiny-bert/revision/main")
            #expect(requests.filter { $0.method == "HEAD" }.count == TinyRepo.fetched.count)
            #expect(requests.filter { $0.method == "HEAD" }.allSatisfy { $0.path.contains("/resolve/\(TinyRepo.commit)/") })
            #expect(requests.contains { $0.method == "GET" && $0.path == "/cdn/\(TinyRepo.etag("model.safetensors"))" })
            #expect(requests.filter { $0.path.hasPrefix("/cdn/") }.allSatisfy { $0.headers["host"]?.hasPrefix("localhost") == true })
            #expect(requests.allSatisfy { $0.headers["accept-encoding"] == "identity" })
            #expect(requests.allSatisfy { $0.headers["authorization"] == nil })
            #expect(requests.contains { $0.path == "/org/tiny-bert/resolve/\(TinyRepo.commit)/1_Pooling/config.json" })

            // Progress: every fetched file started, advanced by its size, finished.
            for file in TinyRepo.fetched {
                let size = Int64(TinyRepo.files[file]?.count ?? 0)
                #expect(reporter.events.contains(.started(file, size, 0)), "\(file)")
                #expect(reporter.bytesAdvanced(file) == size, "\(file)")
                #expect(reporter.events.contains(.finished(file)), "\(file)")
            }

            // The folder is now found without the network, and listed.
            #expect(locator.localFolder(for: TinyRepo.id)?.path == snapshot.path)
            let installed = locator.installedModels()
            #expect(installed.map(\.id) == [TinyRepo.id])
            #expect(installed.first?.sizeOnDisk ?? 0 >= Int64(TinyRepo.weights.count))
        }
    }

    @Test("Downloading again is idempotent: resolve makes no request, download only lists the files")
    func idempotent() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let first = try locator.download(TinyRepo.id)
            server.clearLog()
            #expect(try locator.resolve(TinyRepo.id).path == first.path)
            #expect(server.requests.isEmpty)

            #expect(try locator.download(TinyRepo.id).path == first.path)
            #expect(server.requests.map(\.method) == ["GET"])
            #expect(server.requests.first?.path.hasPrefix("/api/models/") == true)

            // A snapshot that lost its links (blobs still there): HEADs, but no file is fetched again.
            try FileManager.default.removeItem(at: first)
            server.clearLog()
            #expect(try locator.download(TinyRepo.id).path == first.path)
            #expect(server.requests.filter { $0.method == "GET" }.count == 1)
            #expect(server.requests.filter { $0.method == "HEAD" }.count == TinyRepo.fetched.count)
            #expect(try Data(contentsOf: first.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
        }
    }

    @Test("Concurrent downloads of one model share the blobs safely (the per-blob lock)")
    func concurrent() throws {
        try withHub { server, folder in
            let options = testOptions(folder, server: server)
            let results = Mutex<[Result<String, HubError>]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let path = try ModelLocator(options: options).download(TinyRepo.id).path
                    results.withLock { $0.append(.success(path)) }
                } catch {
                    results.withLock { $0.append(.failure(error as? HubError ?? .network(url: "?", reason: "\(error)"))) }
                }
            }
            let outcomes = results.withLock { $0 }
            #expect(outcomes.count == 4)
            for outcome in outcomes {
                guard case let .success(path) = outcome else {
                    Issue.record("a concurrent download failed: \(outcome)")
                    continue
                }
                #expect(path.hasSuffix(TinyRepo.commit))
                #expect(try Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent("model.safetensors")) == TinyRepo.weights)
            }
            let blobs = try FileManager.default.contentsOfDirectory(atPath: repoFolder(folder).appendingPathComponent("blobs").path)
            #expect(Set(blobs) == Set(TinyRepo.fetched.map(TinyRepo.etag)))
        }
    }

    @Test("Downloading a commit directly uses it as the snapshot and writes no ref")
    func commitRevision() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let snapshot = try locator.download(TinyRepo.id, revision: TinyRepo.commit)
            #expect(snapshot.path.hasSuffix("snapshots/\(TinyRepo.commit)"))
            #expect(!FileManager.default.fileExists(atPath: repoFolder(folder).appendingPathComponent("refs/main").path))
            #expect(locator.localFolder(for: TinyRepo.id) == nil)
            #expect(locator.localFolder(for: TinyRepo.id, revision: TinyRepo.commit)?.path == snapshot.path)
            #expect(server.requests.first?.path == "/api/models/org/tiny-bert/revision/\(TinyRepo.commit)")
        }
    }

    @Test("A truncated body keeps the .incomplete file; the next attempt resumes with Range and verifies")
    func resume() throws {
        try withHub { server, folder in
            let reporter = RecordingReporter()
            let locator = ModelLocator(options: testOptions(folder, server: server), progress: reporter)
            server.truncateNextGet(of: "model.safetensors", afterBytes: 100_000)
            let error = hubError { try locator.download(TinyRepo.id) }
            guard case let .truncated(id, file, url, received, expected, _)? = error else {
                Issue.record("expected truncated, got \(String(describing: error))")
                return
            }
            #expect(id == TinyRepo.id)
            #expect(file == "model.safetensors")
            #expect(url.contains("/cdn/"))
            #expect(received == 100_000)
            #expect(expected == Int64(TinyRepo.weights.count))
            #expect(error?.localizedDescription.contains("100000 of 300001 bytes") == true)
            #expect(reporter.events.contains(.failed("model.safetensors")))

            let etag = TinyRepo.etag("model.safetensors")
            let blobs = repoFolder(folder).appendingPathComponent("blobs")
            let incomplete = blobs.appendingPathComponent(etag + ".incomplete")
            #expect(FileSystem.fileSize(incomplete) == 100_000)
            #expect(!FileManager.default.fileExists(atPath: blobs.appendingPathComponent(etag).path))
            #expect(locator.localFolder(for: TinyRepo.id) == nil)   // refs/main only once complete

            server.clearLog()
            let snapshot = try locator.download(TinyRepo.id)
            let get = try #require(server.requests.first { $0.method == "GET" && $0.path.hasPrefix("/cdn/") })
            #expect(get.headers["range"] == "bytes=100000-")
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
            #expect(!FileManager.default.fileExists(atPath: incomplete.path))
            #expect(SHA256.hash(try Data(contentsOf: blobs.appendingPathComponent(etag))).hexString == etag)
            #expect(reporter.events.contains(.started("model.safetensors", Int64(TinyRepo.weights.count), 100_000)))
        }
    }

    @Test("A server that ignores Range and answers 200 makes the download restart from zero")
    func ignoredRange() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            server.truncateNextGet(of: "model.safetensors", afterBytes: 12_345)
            #expect(throws: HubError.self) { try locator.download(TinyRepo.id) }
            server.setIgnoreRange(true)
            server.clearLog()
            let snapshot = try locator.download(TinyRepo.id)
            #expect(server.requests.contains { $0.headers["range"] == "bytes=12345-" })
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
        }
    }

    @Test("A stalled body times out with a clear error and resumes later")
    func stalled() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server, timeout: 1))
            server.stallNextGet(of: "model.safetensors", afterBytes: 50_000, seconds: 4)
            let start = Date()
            let error = hubError { try locator.download(TinyRepo.id) }
            #expect(Date().timeIntervalSince(start) < 3.5)
            guard case let .truncated(_, file, _, received, _, reason)? = error else {
                Issue.record("expected truncated, got \(String(describing: error))")
                return
            }
            #expect(file == "model.safetensors")
            #expect(received == 50_000)
            #expect(reason.contains("no data for 1 s"))
            let snapshot = try locator.download(TinyRepo.id)
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
        }
    }

    @Test("The timeout is for silence, not for the whole transfer: a slow, steady body completes")
    func slowButSteady() throws {
        try withHub { server, folder in
            let reporter = RecordingReporter()
            let locator = ModelLocator(options: testOptions(folder, server: server, timeout: 1), progress: reporter)
            server.trickleNextGet(of: "model.safetensors", pieces: 8, secondsApart: 0.4)
            let start = Date()
            let snapshot = try locator.download(TinyRepo.id)
            #expect(Date().timeIntervalSince(start) > 2.5)
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
            let pieces = reporter.events.filter { if case .advanced("model.safetensors", _) = $0 { true } else { false } }
            #expect(pieces.count >= 8)
        }
    }

    @Test("Content that does not match its SHA-256 etag is deleted and reported with both digests")
    func sha256Mismatch() throws {
        let wrong = String(repeating: "ab", count: 32)
        try withHub(TinyRepo.repo(advertisedEtag: ["model.safetensors": wrong])) { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let error = hubError { try locator.download(TinyRepo.id) }
            let actual = TestHubServer.sha256(TinyRepo.weights)
            #expect(error == .digestMismatch(id: TinyRepo.id, file: "model.safetensors", algorithm: "SHA-256",
                                             expected: wrong, actual: actual))
            let message = error?.localizedDescription ?? ""
            #expect(message.contains(wrong) && message.contains(actual) && message.contains("model.safetensors"))
            let blobs = repoFolder(folder).appendingPathComponent("blobs")
            #expect(!FileManager.default.fileExists(atPath: blobs.appendingPathComponent(wrong).path))
            #expect(!FileManager.default.fileExists(atPath: blobs.appendingPathComponent(wrong + ".incomplete").path))
            #expect(locator.localFolder(for: TinyRepo.id) == nil)
        }
    }

    @Test("A small file that does not match its git blob SHA-1 etag is rejected")
    func sha1Mismatch() throws {
        let wrong = String(repeating: "0", count: 40)
        try withHub(TinyRepo.repo(advertisedEtag: ["config.json": wrong])) { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let error = hubError { try locator.download(TinyRepo.id) }
            #expect(error == .digestMismatch(id: TinyRepo.id, file: "config.json", algorithm: "git blob SHA-1", expected: wrong,
                                             actual: TestHubServer.gitBlobSHA1(TinyRepo.files["config.json"] ?? Data())))
        }
    }

    @Test("Unknown model → 'not found at ENDPOINT (HTTP 404)'; unknown revision and file are named")
    func notFound() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let endpoint = server.endpoint.absoluteString
            let missing = hubError { try locator.resolve("org/no-such-model") }
            #expect(missing == .modelNotFound(id: "org/no-such-model", endpoint: endpoint, status: 404))
            #expect(missing?.localizedDescription.contains("model 'org/no-such-model' not found at \(endpoint) (HTTP 404)") == true)
            #expect(hubError { try locator.download(TinyRepo.id, revision: "v9") }
                    == .revisionNotFound(id: TinyRepo.id, revision: "v9", endpoint: endpoint))

            // A file the listing names but the hub cannot serve.
            var broken = TinyRepo.repo()
            broken.id = "org/broken"
            server.add(broken)
            let downloader = HubDownloader(options: testOptions(folder, server: server), progress: nil, selection: .cpuEncoder)
            let id = try ModelID("org/broken")
            let url = try downloader.resolveURL(id, revision: TinyRepo.commit, file: "missing.json")
            #expect(hubError { try downloader.fileMetadata(url, id: id, file: "missing.json") }
                    == .fileNotFound(id: "org/broken", file: "missing.json", url: url.absoluteString))
        }
    }

    @Test("Gated models: 401 names HF_TOKEN; with the token it downloads, and the token never goes to the CDN")
    func gated() throws {
        try withHub(TinyRepo.repo(requiredToken: "hf_test")) { server, folder in
            let anonymous = ModelLocator(options: testOptions(folder, server: server))
            let error = hubError { try anonymous.download(TinyRepo.id) }
            guard case let .accessDenied(id, _, status, tokenSet)? = error else {
                Issue.record("expected accessDenied, got \(String(describing: error))")
                return
            }
            #expect(id == TinyRepo.id && status == 401 && !tokenSet)
            #expect(error?.localizedDescription.contains("HF_TOKEN") == true)
            #expect(error?.localizedDescription.contains("gated or private") == true)

            server.clearLog()
            let authorized = ModelLocator(options: testOptions(folder, server: server, token: "hf_test"))
            let snapshot = try authorized.download(TinyRepo.id)
            #expect(FileManager.default.fileExists(atPath: snapshot.appendingPathComponent("model.safetensors").path))
            let hub = server.requests.filter { !$0.path.hasPrefix("/cdn/") }
            let cdn = server.requests.filter { $0.path.hasPrefix("/cdn/") }
            #expect(hub.allSatisfy { $0.headers["authorization"] == "Bearer hf_test" })
            #expect(!cdn.isEmpty && cdn.allSatisfy { $0.headers["authorization"] == nil })
        }
    }

    @Test("Redirects: a renamed repository's relative redirects are followed", arguments: [301, 302, 307, 308])
    func renamedRepository(status: Int) throws {
        try withHub { server, folder in
            server.rename("old-org/tiny", to: TinyRepo.id, status: status)
            let locator = ModelLocator(options: testOptions(folder, server: server))
            let snapshot = try locator.download("old-org/tiny")
            #expect(snapshot.path.hasSuffix("models--old-org--tiny/snapshots/\(TinyRepo.commit)"))
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("config.json")) == TinyRepo.files["config.json"])
            let requests = server.requests
            #expect(requests.contains { $0.method == "HEAD" && $0.path.hasPrefix("/old-org/tiny/resolve/") })
            #expect(requests.contains { $0.method == "HEAD" && $0.path.hasPrefix("/org/tiny-bert/resolve/") })
            // HEADs stay HEADs through the redirect, and never reach the CDN (absolute redirects are not followed).
            #expect(!requests.contains { $0.method == "HEAD" && $0.path.hasPrefix("/cdn/") })
        }
    }

    @Test("Offline never touches the network: zero requests, zero connections")
    func offlineSendsNothing() throws {
        try withHub { server, folder in
            let locator = ModelLocator(options: testOptions(folder, server: server, offline: true))
            let error = hubError { try locator.resolve(TinyRepo.id) }
            guard case .notInstalled(TinyRepo.id, "main", _, true)? = error else {
                Issue.record("expected notInstalled offline, got \(String(describing: error))")
                return
            }
            #expect(throws: HubError.self) { try locator.download(TinyRepo.id) }
            #expect(locator.localFolder(for: TinyRepo.id) == nil)
            _ = locator.installedModels()
            Thread.sleep(forTimeInterval: 0.2)
            #expect(server.requests.isEmpty)
            #expect(server.connectionCount == 0)

            // Once downloaded online, the offline locator finds it — still without a request.
            _ = try ModelLocator(options: testOptions(folder, server: server)).download(TinyRepo.id)
            server.clearLog()
            let before = server.connectionCount
            #expect(try locator.resolve(TinyRepo.id).path.hasSuffix(TinyRepo.commit))
            #expect(try locator.download(TinyRepo.id).path.hasSuffix(TinyRepo.commit))
            Thread.sleep(forTimeInterval: 0.2)
            #expect(server.requests.isEmpty)
            #expect(server.connectionCount == before)
        }
    }

    @Test("A hub that does not answer times out with an error naming the URL and the timeout")
    func silentHub() throws {
        try withHub { server, folder in
            server.setSilence(seconds: 3)
            let locator = ModelLocator(options: testOptions(folder, server: server, timeout: 1))
            let start = Date()
            let error = hubError { try locator.resolve(TinyRepo.id) }
            #expect(Date().timeIntervalSince(start) < 2.9)
            let url = server.endpoint.absoluteString + "/api/models/org/tiny-bert/revision/main"
            #expect(error == .timedOut(url: url, seconds: 1))
            #expect(error?.localizedDescription.contains("timed out after 1 s") == true)
            #expect(error?.localizedDescription.contains(url) == true)
        }
    }

    @Test("A refused connection is a network error naming the URL")
    func refused() throws {
        let server = try TestHubServer()
        let endpoint = server.endpoint
        server.stop()
        try withTemporaryFolder { folder in
            var options = testOptions(folder, server: nil)
            options.endpoint = endpoint
            let error = hubError { try ModelLocator(options: options).resolve(TinyRepo.id) }
            guard case let .network(url, _)? = error else {
                Issue.record("expected a network error, got \(String(describing: error))")
                return
            }
            #expect(url.hasPrefix(endpoint.absoluteString + "/api/models/org/tiny-bert"))
        }
    }

    @Test("A partial file larger than the blob is discarded and the download starts from zero")
    func oversizedPartial() throws {
        try withHub { server, folder in
            let blobs = repoFolder(folder).appendingPathComponent("blobs")
            try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
            let incomplete = blobs.appendingPathComponent(TinyRepo.etag("model.safetensors") + ".incomplete")
            try Data(repeating: 1, count: TinyRepo.weights.count + 10).write(to: incomplete)
            let snapshot = try ModelLocator(options: testOptions(folder, server: server)).download(TinyRepo.id)
            #expect(!server.requests.contains { $0.headers["range"] != nil })
            #expect(try Data(contentsOf: snapshot.appendingPathComponent("model.safetensors")) == TinyRepo.weights)
        }
    }

    @Test("URLs quote revisions and file names as huggingface_hub does; etags are normalised")
    func urls() throws {
        let downloader = HubDownloader(options: HubOptions(cacheDirectory: URL(fileURLWithPath: "/tmp/none"),
                                                           endpoint: URL(string: "https://hub.example/")!),
                                       progress: nil, selection: .cpuEncoder)
        let id = try ModelID("org/model")
        #expect(try downloader.apiURL(id, revision: "refs/pr/1").absoluteString
                == "https://hub.example/api/models/org/model/revision/refs%2Fpr%2F1")
        #expect(try downloader.resolveURL(id, revision: "main", file: "1_Pooling/my config.json").absoluteString
                == "https://hub.example/org/model/resolve/main/1_Pooling/my%20config.json")
        #expect(HubDownloader.normalizeEtag("W/\"abc123\"") == "abc123")
        #expect(HubDownloader.normalizeEtag(" \"abc\" ") == "abc")
    }

    @Test("The file selection keeps encoder files and skips other frameworks' weights")
    func selection() {
        let selection = HubFileSelection.cpuEncoder
        for kept in ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
                     "merges.txt", "spiece.model", "sentencepiece.bpe.model", "model.safetensors",
                     "model.safetensors.index.json", "model-00001-of-00002.safetensors", "1_Pooling/config.json",
                     "modules.json", "sentence_bert_config.json", "2_Dense/model.safetensors", "README.md"] {
            #expect(selection.includes(kept), "\(kept)")
        }
        for skipped in ["pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "flax_model.msgpack",
                        "model.onnx", "onnx/config.json", "rust_model.ot", "model.tflite", "model.ckpt", "model.pt",
                        "coreml/model.mlmodel", "openvino/openvino_model.xml", "logo.png", "photo.jpg", ".gitattributes",
                        ".github/workflow.json"] {
            #expect(!selection.includes(skipped), "\(skipped)")
        }
    }
}
