/// How token vectors become one vector per sequence.
public enum Pooling: String, Sendable, CaseIterable, Codable {
    /// Average of the real tokens (attention-mask aware).
    case mean
    /// The first token's vector ([CLS]).
    case cls
    /// Elementwise maximum over the real tokens.
    case max
}

extension Tensor {
    /// Pools a `[batch, tokens, features]` tensor to `[batch, features]`.
    /// `mask` (`[batch][tokens]`, 1 for real tokens) defaults to the tensor's own `tokenMask`.
    public func pooled(_ pooling: Pooling, mask: [[Int]]? = nil) -> Tensor {
        var source = self
        if let mask { source.tokenMask = mask }
        switch pooling {
        case .mean: return source.mean(dim: 1)
        case .max: return source.max(dim: 1)
        case .cls: return source[.all, 0]
        }
    }
}
