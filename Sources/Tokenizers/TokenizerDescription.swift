extension Tokenizer: CustomStringConvertible {
    /// `Tokenizer(vocabulary 30522, max length 512)`.
    public var description: String {
        let limit = modelMaxLength == Int.max ? "no length limit" : "max length \(modelMaxLength)"
        return "Tokenizer(vocabulary \(vocabularySize), \(limit))"
    }
}
