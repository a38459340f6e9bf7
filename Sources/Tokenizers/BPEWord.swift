/// One word during byte-pair merging: a row of symbols (token ids) that the merges join pairwise.
/// The lowest-ranked adjacent pair is merged first, the leftmost among equals, exactly as the
/// `tokenizers` `Word::merge_all` does with its priority queue.
struct BPEWord {
    private struct Symbol {
        var id: Int
        var previous: Int
        var next: Int
        var removed = false
    }

    private struct Candidate: Comparable {
        let rank: Int
        let position: Int
        let newID: Int

        static func < (lhs: Candidate, rhs: Candidate) -> Bool {
            lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.position < rhs.position
        }
    }

    private var symbols: [Symbol] = []

    init(capacity: Int) {
        symbols.reserveCapacity(capacity)
    }

    mutating func append(_ id: Int) {
        let index = symbols.count
        if index > 0 { symbols[index - 1].next = index }
        symbols.append(Symbol(id: id, previous: index - 1, next: -1))
    }

    /// The ids left after merging, in order.
    var ids: [Int] { symbols.filter { !$0.removed }.map(\.id) }

    /// Applies `merges` (pair of ids → rank and merged id) until no adjacent pair can be merged.
    mutating func mergeAll(_ merges: [BPEPair: BPEMerge]) {
        var queue = MinHeap<Candidate>()
        for index in symbols.indices.dropLast() {
            if let merge = merges[BPEPair(symbols[index].id, symbols[index + 1].id)] {
                queue.push(Candidate(rank: merge.rank, position: index, newID: merge.id))
            }
        }
        while let top = queue.pop() {
            let left = symbols[top.position]
            if left.removed || left.next < 0 { continue }
            let right = symbols[left.next]
            // Skip entries made stale by earlier merges.
            guard let current = merges[BPEPair(left.id, right.id)], current.id == top.newID else { continue }
            symbols[top.position].id = top.newID
            symbols[top.position].next = right.next
            symbols[left.next].removed = true
            if right.next >= 0 { symbols[right.next].previous = top.position }
            let merged = symbols[top.position]
            if merged.previous >= 0, let merge = merges[BPEPair(symbols[merged.previous].id, merged.id)] {
                queue.push(Candidate(rank: merge.rank, position: merged.previous, newID: merge.id))
            }
            if merged.next >= 0, let merge = merges[BPEPair(merged.id, symbols[merged.next].id)] {
                queue.push(Candidate(rank: merge.rank, position: top.position, newID: merge.id))
            }
        }
    }
}

/// Two adjacent token ids.
struct BPEPair: Hashable, Sendable {
    let left: Int
    let right: Int

    init(_ left: Int, _ right: Int) {
        self.left = left
        self.right = right
    }
}

/// A merge: its priority (its line in the merges list) and the id of the merged token.
struct BPEMerge: Sendable {
    let rank: Int
    let id: Int
}

/// A binary min-heap.
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    mutating func push(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
