import Foundation

/// A bounded, thread-safe map from words to their BPE tokens, shared by every task using a tokenizer.
/// Like the `tokenizers` cache it stops accepting entries once full (no eviction) and holds only words
/// shorter than `maxWordBytes` UTF-8 bytes.
final class BPECache: @unchecked Sendable {
    /// The `tokenizers` defaults.
    static let defaultCapacity = 10_000
    static let maxWordBytes = 256

    private let lock = NSLock()
    private var entries: [TokenKey: [Token]] = [:]
    let capacity: Int

    init(capacity: Int = BPECache.defaultCapacity) {
        self.capacity = capacity
    }

    func tokens(for word: TokenKey) -> [Token]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[word]
    }

    func store(_ tokens: [Token], for word: TokenKey) {
        guard word.bytes.count < Self.maxWordBytes else { return }
        lock.lock()
        defer { lock.unlock() }
        if entries.count < capacity { entries[word] = tokens }
    }

    /// The number of cached words.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
