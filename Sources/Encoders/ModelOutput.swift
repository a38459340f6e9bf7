import Tensors

/// What an encoder returns, named as in `transformers`.
public struct ModelOutput: Sendable {
    /// Token vectors of the last layer, `[batch, tokens, hidden]`; its `tokenMask`
    /// is the attention mask, so `mean(dim: 1)` averages real tokens only.
    public var lastHiddenState: Tensor
    /// The architecture's pooled vector (BERT: tanh(dense([CLS]))), `[batch, hidden]`.
    public var poolerOutput: Tensor?
    /// The embedding output followed by every layer's output, when asked for.
    public var hiddenStates: [Tensor]?
    /// The attention mask the model ran with.
    public var attentionMask: [[Int]]

    public init(lastHiddenState: Tensor, poolerOutput: Tensor? = nil, hiddenStates: [Tensor]? = nil, attentionMask: [[Int]]) {
        self.lastHiddenState = lastHiddenState
        self.poolerOutput = poolerOutput
        self.hiddenStates = hiddenStates
        self.attentionMask = attentionMask
    }

    /// One vector per sequence with the given pooling (mask-aware).
    public func pooled(_ pooling: Pooling) -> Tensor {
        lastHiddenState.pooled(pooling, mask: attentionMask)
    }
}
