/// How a batch is padded. `true` means `.longest` and `false` `.doNotPad`, as in transformers.
public enum Padding: Sendable, Equatable, ExpressibleByBooleanLiteral {
    /// No padding.
    case doNotPad
    /// Pad every sequence to the longest one in the batch.
    case longest
    /// Pad every sequence to `maxLength`, or to the tokenizer's `modelMaxLength` when none is given.
    case maxLength

    /// `true` → `.longest`, `false` → `.doNotPad`.
    public init(booleanLiteral value: Bool) {
        self = value ? .longest : .doNotPad
    }
}

/// The side on which padding (or truncation) happens.
public enum PaddingSide: String, Sendable {
    case left
    case right
}

/// The result of tokenizing one text, a pair, or a batch: one row per sequence.
public struct BatchEncoding: Sendable, Equatable {
    /// Token ids, special and pad tokens included.
    public var inputIDs: [[Int]]
    /// 1 for real tokens, 0 for padding.
    public var attentionMask: [[Int]]
    /// Segment ids: 0 for the first sequence, 1 for the pair (as the post-processor assigns them).
    public var tokenTypeIDs: [[Int]]
    /// The token strings matching `inputIDs`.
    public var tokens: [[String]]

    /// A batch from its rows (normally made by calling a `Tokenizer`).
    public init(inputIDs: [[Int]], attentionMask: [[Int]], tokenTypeIDs: [[Int]], tokens: [[String]]) {
        self.inputIDs = inputIDs
        self.attentionMask = attentionMask
        self.tokenTypeIDs = tokenTypeIDs
        self.tokens = tokens
    }

    /// The number of sequences.
    public var count: Int { inputIDs.count }

    init(_ encodings: [Encoding]) {
        inputIDs = encodings.map(\.ids)
        attentionMask = encodings.map(\.attentionMask)
        tokenTypeIDs = encodings.map(\.typeIDs)
        tokens = encodings.map(\.tokens)
    }
}
