/// The buffer behind a `Tensor`: either memory this process owns, or a read-only
/// window into a memory-mapped file (weights are used in place, never copied).
final class TensorStorage: @unchecked Sendable {
    /// First element. Writable only when `isMutable`.
    let base: UnsafeMutablePointer<Float>
    /// Number of elements available from `base`.
    let count: Int
    /// True for owned memory; false for a view into a mapped file.
    let isMutable: Bool
    /// Keeps a mapped file alive while any tensor views it.
    private let owner: AnyObject?

    /// Allocates `count` uninitialised elements (callers fill every element).
    init(uninitializedCount count: Int) {
        let capacity = Swift.max(count, 1)
        base = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        self.count = count
        isMutable = true
        owner = nil
    }

    /// Allocates `count` elements set to `value`.
    convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// A read-only view of memory owned by `owner` (a mapped file).
    init(borrowing pointer: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        base = UnsafeMutablePointer(mutating: pointer)
        self.count = count
        isMutable = false
        self.owner = owner
    }

    deinit {
        if isMutable { base.deallocate() }
    }
}
