import Foundation
import Testing
@testable import ModelHub

@Suite("Hub options from the environment")
struct HubOptionsTests {
    @Test("Defaults: ~/.cache/huggingface/hub, the public hub, online, no token")
    func defaults() {
        let options = HubOptions.fromEnvironment(["HOME": "/home/learner"])
        #expect(options.cacheDirectory.path == "/home/learner/.cache/huggingface/hub")
        #expect(options.endpoint.absoluteString == "https://huggingface.co")
        #expect(options.modelsDirectory == nil)
        #expect(options.offline == false)
        #expect(options.token == nil)
        #expect(options.downloadTimeout == 10)
        #expect(options.metadataTimeout == 10)
    }

    @Test("HF_HUB_CACHE wins over HF_HOME, which wins over XDG_CACHE_HOME")
    func cacheOrder() {
        let base = ["HOME": "/home/learner"]
        #expect(HubOptions.fromEnvironment(base.merging(["XDG_CACHE_HOME": "/xdg"]) { $1 }).cacheDirectory.path
                == "/xdg/huggingface/hub")
        #expect(HubOptions.fromEnvironment(base.merging(["HF_HOME": "/hf", "XDG_CACHE_HOME": "/xdg"]) { $1 })
                .cacheDirectory.path == "/hf/hub")
        #expect(HubOptions.fromEnvironment(base.merging(["HF_HUB_CACHE": "/cache", "HF_HOME": "/hf"]) { $1 })
                .cacheDirectory.path == "/cache")
        #expect(HubOptions.fromEnvironment(base.merging(["HF_HOME": "~/hf"]) { $1 }).cacheDirectory.path
                == "/home/learner/hf/hub")
        #expect(HubOptions.fromEnvironment(base.merging(["HF_HUB_CACHE": ""]) { $1 }).cacheDirectory.path
                == "/home/learner/.cache/huggingface/hub")
    }

    @Test("VECTORBOOK_MODELS, HF_ENDPOINT, HF_TOKEN and timeouts")
    func otherVariables() {
        let options = HubOptions.fromEnvironment([
            "HOME": "/home/learner", "VECTORBOOK_MODELS": "~/models", "HF_ENDPOINT": "https://hf-mirror.example/",
            "HF_TOKEN": "hf_secret", "HF_HUB_DOWNLOAD_TIMEOUT": "42", "HF_HUB_ETAG_TIMEOUT": "nonsense",
        ])
        #expect(options.modelsDirectory?.path == "/home/learner/models")
        #expect(options.endpoint.absoluteString == "https://hf-mirror.example")
        #expect(options.token == "hf_secret")
        #expect(options.downloadTimeout == 42)
        #expect(options.metadataTimeout == 10)
        #expect(HubOptions.fromEnvironment(["HOME": "/h", "HF_TOKEN": ""]).token == nil)
        #expect(HubOptions.fromEnvironment(["HOME": "/h", "HUGGING_FACE_HUB_TOKEN": "old"]).token == "old")
    }

    @Test("HF_HUB_OFFLINE accepts 1/ON/YES/TRUE in any case",
          arguments: [("1", true), ("ON", true), ("on", true), ("Yes", true), ("TRUE", true), ("true", true),
                      ("0", false), ("false", false), ("no", false), ("", false), ("2", false)])
    func offlineValues(value: String, expected: Bool) {
        #expect(HubOptions.fromEnvironment(["HOME": "/h", "HF_HUB_OFFLINE": value]).offline == expected)
    }

    @Test("TRANSFORMERS_OFFLINE is honoured as well")
    func transformersOffline() {
        #expect(HubOptions.fromEnvironment(["HOME": "/h", "TRANSFORMERS_OFFLINE": "1"]).offline)
    }
}

@Suite("The --offline override", .serialized)
struct OfflineOverrideTests {
    @Test("setOfflineOverride forces HubOptions.current.offline and nil restores the environment")
    func override() {
        let fromEnvironment = HubOptions.fromEnvironment().offline
        HubOptions.setOfflineOverride(true)
        #expect(HubOptions.current.offline == true)
        HubOptions.setOfflineOverride(false)
        #expect(HubOptions.current.offline == false)
        HubOptions.setOfflineOverride(nil)
        #expect(HubOptions.current.offline == fromEnvironment)
    }
}

@Suite("Model ids")
struct ModelIDTests {
    @Test("Valid ids and their cache folder names")
    func valid() throws {
        #expect(try ModelID("distilbert-base-uncased").cacheFolderName == "models--distilbert-base-uncased")
        let id = try ModelID("sentence-transformers/all-MiniLM-L6-v2")
        #expect(id.organization == "sentence-transformers")
        #expect(id.name == "all-MiniLM-L6-v2")
        #expect(id.cacheFolderName == "models--sentence-transformers--all-MiniLM-L6-v2")
        #expect(ModelID(cacheFolderName: "models--google--vit-base-patch16-224")?.description == "google/vit-base-patch16-224")
        #expect(ModelID(cacheFolderName: "datasets--org--data") == nil)
    }

    @Test("Invalid ids are rejected with the reason",
          arguments: ["", "a/b/c", "org/..", "org/.", "org//name", "/", "a--b", "org/name.", "-org/name",
                      "org/na me", "org/näme", "org/a..b"])
    func invalid(id: String) {
        let error = hubError { try ModelID(id) }
        guard case let .invalidModelID(value, reason)? = error else {
            Issue.record("expected invalidModelID for '\(id)', got \(String(describing: error))")
            return
        }
        #expect(value == id)
        #expect(!reason.isEmpty)
        #expect(error?.localizedDescription.contains("'\(id)'") == true)
    }

    @Test("Revisions that would escape the cache are rejected", arguments: ["", "../x", "/abs", "a//b", "refs/../main"])
    func badRevisions(revision: String) {
        #expect(throws: HubError.self) { try PathRules.validateRevision(revision) }
    }

    @Test("Branches, tags, PR refs and commits are accepted",
          arguments: ["main", "v1.0", "refs/pr/1", "0123456789abcdef0123456789abcdef01234567"])
    func goodRevisions(revision: String) throws {
        try PathRules.validateRevision(revision)
    }
}
