extension Tensor: CustomStringConvertible {
    /// `Tensor([1, 768], float32) [0.1234, -0.5678, …]` with up to 8 leading values.
    public var description: String {
        let values = withUnsafeBufferPointer { buffer in
            buffer.prefix(8).map { formatScalar($0) }.joined(separator: ", ")
        }
        let more = count > 8 ? ", …" : ""
        return "Tensor(\(shape), \(dtype)) [\(values)\(more)]"
    }
}

/// Four significant decimals, as notebooks show embeddings.
func formatScalar(_ value: Float) -> String {
    guard value.isFinite else { return "\(value)" }
    let scaled = (Double(value) * 10_000).rounded() / 10_000
    return String(scaled)
}
