import Foundation
import ModelHub
import Tensors
import Testing
import Tokenizers
@testable import Encoders

/// Hidden states of tiny random checkpoints against `transformers` (max abs error ≤ 1e-4).
@Suite("Encoder parity with transformers", .serialized)
struct EncoderParityTests {
    static let tolerance: Float = 1e-4

    @Test("hidden states, every layer and the pooler match", arguments: [
        "tiny-bert", "tiny-bert-variants/gelu-new", "tiny-bert-variants/mlm", "tiny-bert-variants/float16",
        "tiny-bert-variants/bfloat16", "tiny-bert-variants/no-pooler", "tiny-distilbert", "tiny-distilbert-mlm",
    ])
    func hiddenStates(_ name: String) throws {
        let folder = try Fixtures.folder(name)
        let expected = try SafeTensorsFile(url: folder.appendingPathComponent("expected.safetensors"))
        let batch = try Fixtures.batch(expected)
        let model = try AutoModel.from(folder: folder)
        let output = try model(batch, outputHiddenStates: true)

        let last = try expected.tensor("last_hidden_state")
        #expect(output.lastHiddenState.shape == last.shape)
        #expect(maxDifferenceOnTokens(output.lastHiddenState, last, mask: batch.attentionMask) <= Self.tolerance)
        // Padding rows are computed exactly as transformers does, so the whole tensor matches too.
        #expect(output.lastHiddenState.maxAbsDifference(last) <= Self.tolerance)

        let states = try #require(output.hiddenStates)
        #expect(states.count == expected.names.filter { $0.hasPrefix("hidden_states.") }.count)
        for (index, state) in states.enumerated() {
            let reference = try expected.tensor("hidden_states.\(index)")
            #expect(state.maxAbsDifference(reference) <= Self.tolerance, "hidden_states.\(index) of \(name)")
        }
        if expected.contains("pooler_output") {
            let pooled = try #require(output.poolerOutput)
            #expect(pooled.maxAbsDifference(try expected.tensor("pooler_output")) <= Self.tolerance)
        } else {
            #expect(output.poolerOutput == nil)
        }
    }

    @Test("left padding gives transformers' outputs (positions count from the row start)")
    func leftPadding() throws {
        let folder = try Fixtures.folder("tiny-bert")
        let expected = try SafeTensorsFile(url: folder.appendingPathComponent("expected_left_padding.safetensors"))
        let batch = try Fixtures.batch(expected)
        let output = try AutoModel.from(folder: folder)(batch)
        let reference = try expected.tensor("hf_default_positions.last_hidden_state")
        #expect(output.lastHiddenState.maxAbsDifference(reference) <= Self.tolerance)
        let pooled = try #require(output.poolerOutput)
        #expect(pooled.maxAbsDifference(try expected.tensor("hf_default_positions.pooler_output")) <= Self.tolerance)
    }

    @Test("the tiny tokenizer and model run end to end like transformers")
    func tokenizerToModel() throws {
        let folder = try Fixtures.folder("tiny-bert")
        let rows = try #require(try Fixtures.json("tiny-bert/expected.json")["rows"] as? [[String: Any]])
        let tokenizer = try AutoTokenizer.from(pretrained: folder.path)
        for row in rows {
            let text = try #require(row["text"] as? String)
            let encoding = try tokenizer(text, pair: row["text_pair"] as? String, truncation: true, maxLength: 64)
            #expect(encoding.inputIDs[0] == row["input_ids"] as? [Int], "ids of \(text)")
            #expect(encoding.tokenTypeIDs[0] == row["token_type_ids"] as? [Int], "type ids of \(text)")
        }
        // The stored batch is exactly these rows padded to 64; the model output on them was checked above.
        let expected = try SafeTensorsFile(url: folder.appendingPathComponent("expected.safetensors"))
        let stored = try Fixtures.batch(expected)
        for (index, row) in rows.enumerated() {
            let ids = try #require(row["input_ids"] as? [Int])
            #expect(Array(stored.inputIDs[index].prefix(ids.count)) == ids)
        }
    }

    @Test("a masked-LM checkpoint loads its encoder and reports the unused head tensors")
    func unusedTensorsAreReported() throws {
        let (_, warnings) = try capturingWarnings { try AutoModel.from(folder: Fixtures.folder("tiny-bert-variants/mlm")) }
        let message = try #require(warnings.first { $0.contains("cls.predictions") })
        #expect(message.contains("cls.predictions.transform.dense.weight"))
        #expect(!message.contains("bert.encoder"))
        let (_, clean) = try capturingWarnings { try AutoModel.from(folder: Fixtures.folder("tiny-bert")) }
        #expect(clean.isEmpty)
    }
}

/// sentence-transformers folders: pooling modes, Normalize, truncation to max_seq_length.
@Suite("SentenceEmbedder")
struct SentenceEmbedderTests {
    @Test("embeddings match sentence-transformers", arguments: ["tiny-sentence-transformers", "tiny-sentence-transformers-cls-max"])
    func tinyFolders(_ name: String) throws {
        let folder = try Fixtures.folder(name)
        let info = try Fixtures.json("\(name)/expected.json")
        let texts = try #require(info["texts"] as? [String])
        let embedder = try SentenceEmbedder(folder: folder)
        #expect(embedder.dimension == info["embedding_dimension"] as? Int)
        #expect(embedder.poolingModes == info["pooling_modes"] as? [String])
        #expect(embedder.normalizes == info["normalize"] as? Bool)
        #expect(embedder.maxSequenceLength == 16)
        let vectors = try embedder.encode(texts, batchSize: 3)
        let reference = try SafeTensorsFile(url: folder.appendingPathComponent("expected.safetensors")).tensor("embeddings")
        #expect(vectors.maxAbsDifference(reference) <= 1e-4)
        for i in 0 ..< texts.count {
            #expect(cosineSimilarity(vectors[i], reference[i]) >= 0.99999, "text \(i)")
        }
        // One text at a time gives the same vectors as a batch.
        #expect(try embedder.encode(texts[1]).maxAbsDifference(reference[1]) <= 1e-4)
    }

    @Test("a plain model folder (no modules.json) uses mean pooling without normalisation")
    func plainFolder() throws {
        let folder = try Fixtures.folder("tiny-bert")
        let embedder = try SentenceEmbedder(folder: folder)
        #expect(embedder.poolingModes == ["mean"])
        #expect(!embedder.normalizes)
        #expect(embedder.maxSequenceLength == 64)
        let texts = ["Where is the library?", "Hi"]
        let vectors = try embedder.encode(texts)
        let model = try AutoModel.from(folder: folder)
        let padded = try model(try embedder.tokenizer(texts, padding: true)).lastHiddenState.mean(dim: 1)
        #expect(vectors.maxAbsDifference(padded) <= 1e-5)
    }

    @Test("pooling and normalisation can be overridden")
    func overrides() throws {
        let folder = try Fixtures.folder("tiny-sentence-transformers")
        let embedder = try SentenceEmbedder(folder: folder, pooling: .cls, normalize: false)
        #expect(embedder.poolingModes == ["cls"])
        #expect(!embedder.normalizes)
        let vector = try embedder.encode("Where is the library?")
        let model = try AutoModel.from(folder: folder)
        let tokens = try embedder.tokenizer("Where is the library?")
        let cls = try model(tokens).lastHiddenState[0, 0]
        #expect(vector.maxAbsDifference(cls) <= 1e-5)
    }
}

/// The real offline pack against reference embeddings recorded from the Python stack.
@Suite("all-MiniLM-L6-v2 (real weights)")
struct MiniLMTests {
    @Test("67 sentence embeddings have cosine ≥ 0.99999 with sentence-transformers")
    func sentenceEmbeddings() throws {
        let folder = try Fixtures.miniLM()
        let sentences = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: Fixtures.folder("minilm-reference/sentences.json"))) as? [String])
        let reference = try SafeTensorsFile(url: Fixtures.folder("minilm-reference/embeddings.safetensors")).tensor("embeddings")
        #expect(reference.shape == [sentences.count, 384])
        let embedder = try SentenceEmbedder(folder: folder, id: "sentence-transformers/all-MiniLM-L6-v2")
        #expect(embedder.dimension == 384)
        #expect(embedder.maxSequenceLength == 256)
        let vectors = try embedder.encode(sentences)
        var worst: Float = 1
        for i in 0 ..< sentences.count {
            let cosine = cosineSimilarity(vectors[i], reference[i])
            worst = min(worst, cosine)
            #expect(cosine >= 0.99999, "sentence \(i): \(sentences[i].prefix(40))")
            #expect(abs(vectors[i].norm() - 1) < 1e-5)
        }
        #expect(worst >= 0.99999)
    }

    @Test("token vectors, pooler and mean pooling match transformers within 1e-4")
    func hiddenStates() throws {
        let folder = try Fixtures.miniLM()
        let info = try Fixtures.json("minilm-reference/hidden.json")
        let sentences = try #require(info["sentences"] as? [String])
        let expected = try SafeTensorsFile(url: Fixtures.folder("minilm-reference/hidden.safetensors"))
        let tokenizer = try AutoTokenizer.from(pretrained: folder.path)
        let model = try AutoModel.from(pretrained: folder.path)
        let inputs = try tokenizer(sentences, padding: true, truncation: true)
        #expect(inputs.inputIDs == (try Fixtures.matrix(expected, "input_ids")))
        #expect(inputs.attentionMask == (try Fixtures.matrix(expected, "attention_mask")))
        let output = try model(inputs)
        #expect(output.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state")) <= 1e-4)
        #expect(try #require(output.poolerOutput).maxAbsDifference(try expected.tensor("pooler_output")) <= 1e-4)
        let meanPooled = output.lastHiddenState.mean(dim: 1)
        #expect(meanPooled.maxAbsDifference(try expected.tensor("mean_pooled")) <= 1e-4)
    }

    @Test("DESIGN's first steps: tokenize, encode, mean-pool to [1, 384]")
    func designExample() throws {
        let folder = try Fixtures.miniLM()
        let tokenizer = try AutoTokenizer.from(pretrained: folder.path)
        #expect(tokenizer.tokenize("Multimodal AI") == ["multi", "##mo", "##dal", "ai"])
        let model = try AutoModel.from(pretrained: folder.path)
        let inputs = try tokenizer("Multimodal AI is revolutionizing how we interact with technology.", padding: true, truncation: true)
        let outputs = try model(inputs)
        let embedding = outputs.lastHiddenState.mean(dim: 1)
        #expect(embedding.shape == [1, 384])
        #expect(embedding[0, ..<5].shape == [5])
    }
}
