import Tokenizers

extension Model: CustomStringConvertible {
    /// `Model(bert, hidden 384, from sentence-transformers/all-MiniLM-L6-v2)`.
    public var description: String {
        let hidden = hiddenSize.map { ", hidden \($0)" } ?? ""
        return "Model(\(modelType)\(hidden), from \(id))"
    }
}

extension SentenceEmbedder: CustomStringConvertible {
    /// `SentenceEmbedder(sentence-transformers/all-MiniLM-L6-v2, dimension 384, mean pooling, normalized)`.
    public var description: String {
        "SentenceEmbedder(\(id), dimension \(dimension), \(poolingModes.joined(separator: "+")) pooling"
            + (normalizes ? ", normalized)" : ")")
    }
}
