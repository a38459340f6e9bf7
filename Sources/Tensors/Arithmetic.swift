extension Tensor {
    /// Applies `f` elementwise, keeping the shape.
    public func map(_ f: (Float) -> Float) -> Tensor {
        let source = pointer
        return Tensor(shape: shape) { out, count in
            for i in 0 ..< count { out[i] = f(source[i]) }
        }
    }

    /// Combines two tensors of the same shape, or a tensor with one whose shape is
    /// a suffix of it (broadcast over the leading dimensions, e.g. `[n, d] + [d]`).
    private static func combine(_ a: Tensor, _ b: Tensor, _ name: String, _ f: (Float, Float) -> Float) -> Tensor {
        let suffix = a.shape.suffix(b.rank)
        precondition(Array(suffix) == b.shape || (b.count == 1),
                     "\(name): shapes \(a.shape) and \(b.shape) are not compatible")
        let x = a.pointer, y = b.pointer
        let period = Swift.max(b.count, 1)
        return Tensor(shape: a.shape) { out, count in
            for i in 0 ..< count { out[i] = f(x[i], y[i % period]) }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { combine(a, b, "+", +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { combine(a, b, "-", -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { combine(a, b, "*", *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { combine(a, b, "/", /) }
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { $0 * s } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// Dot product of two tensors with the same number of elements.
    public func dot(_ other: Tensor) -> Float {
        precondition(count == other.count, "dot: \(shape) and \(other.shape) have different numbers of elements")
        return withUnsafeBufferPointer { x in
            other.withUnsafeBufferPointer { y in
                var total = 0.0
                for i in 0 ..< x.count { total += Double(x[i]) * Double(y[i]) }
                return Float(total)
            }
        }
    }
}
