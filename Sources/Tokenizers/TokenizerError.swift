import Foundation

/// Errors raised while loading or running a tokenizer. Every message names the file, key or value at fault.
public enum TokenizerError: LocalizedError, Equatable, Sendable {
    /// The folder holds neither `tokenizer.json` nor `vocab.txt`.
    case noTokenizerFiles(folder: String)
    /// A file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// A file is not valid JSON (or not the JSON shape expected at its top level).
    case malformedJSON(file: String, reason: String)
    /// A component `type` this library does not implement (`kind` is e.g. "normalizer", "model").
    case unsupportedComponent(kind: String, type: String, file: String, key: String)
    /// A regular expression (a `Regex` pattern) that is invalid or uses syntax this library does not implement.
    case unsupportedPattern(pattern: String, reason: String, key: String, file: String)
    /// A required key is absent.
    case missingKey(key: String, file: String)
    /// A key holds a value of the wrong type or out of range.
    case invalidValue(key: String, value: String, file: String, expected: String)
    /// The model's unknown token is not in its vocabulary.
    case unknownTokenNotInVocabulary(token: String, key: String, file: String)
    /// A special token used by the post-processor or configuration has no id.
    case specialTokenNotInVocabulary(token: String, key: String, file: String)
    /// Padding was requested but the tokenizer defines no pad token.
    case noPadToken(file: String)
    /// `pairs` and `texts` differ in length.
    case pairCountMismatch(texts: Int, pairs: Int)

    public var errorDescription: String? {
        switch self {
        case .noTokenizerFiles(let folder):
            return "no tokenizer.json or vocab.txt in \(folder)"
        case .unreadableFile(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .malformedJSON(let file, let reason):
            return "\(file) is not valid JSON: \(reason)"
        case .unsupportedComponent(let kind, let type, let file, let key):
            return "unsupported \(kind) \"\(type)\" in \(file) (key \"\(key)\")"
        case .unsupportedPattern(let pattern, let reason, let key, let file):
            return "unsupported regular expression \"\(pattern)\" (key \"\(key)\") in \(file): \(reason)"
        case .missingKey(let key, let file):
            return "missing key \"\(key)\" in \(file)"
        case .invalidValue(let key, let value, let file, let expected):
            return "invalid value \(value) for \"\(key)\" in \(file): expected \(expected)"
        case .unknownTokenNotInVocabulary(let token, let key, let file):
            return "the unknown token \"\(token)\" (\(key)) is not in the vocabulary of \(file)"
        case .specialTokenNotInVocabulary(let token, let key, let file):
            return "the special token \"\(token)\" (\(key)) has no id in \(file)"
        case .noPadToken(let file):
            return "padding was requested but \(file) defines no pad token (pad_token)"
        case .pairCountMismatch(let texts, let pairs):
            return "got \(texts) texts but \(pairs) pairs; they must have the same count"
        }
    }
}
