/// One encoded sequence (or pair) on its way through truncation, post-processing and padding.
struct Encoding: Sendable, Equatable {
    var ids: [Int] = []
    var tokens: [String] = []
    var typeIDs: [Int] = []
    var attentionMask: [Int] = []

    init() {}

    init(_ tokens: [Token], typeID: Int) {
        ids = tokens.map(\.id)
        self.tokens = tokens.map(\.value)
        typeIDs = Array(repeating: typeID, count: tokens.count)
        attentionMask = Array(repeating: 1, count: tokens.count)
    }

    var count: Int { ids.count }

    /// Sets every type id to `typeID`.
    mutating func setTypeID(_ typeID: Int) {
        typeIDs = Array(repeating: typeID, count: ids.count)
    }

    mutating func append(_ other: Encoding) {
        ids += other.ids
        tokens += other.tokens
        typeIDs += other.typeIDs
        attentionMask += other.attentionMask
    }

    /// Keeps at most `length` tokens, dropping from the end (`.right`) or from the start (`.left`).
    mutating func truncate(to length: Int, side: PaddingSide) {
        guard count > length else { return }
        let length = max(length, 0)
        switch side {
        case .right:
            ids.removeLast(count - length)
            tokens.removeLast(tokens.count - length)
            typeIDs.removeLast(typeIDs.count - length)
            attentionMask.removeLast(attentionMask.count - length)
        case .left:
            ids.removeFirst(count - length)
            tokens.removeFirst(tokens.count - length)
            typeIDs.removeFirst(typeIDs.count - length)
            attentionMask.removeFirst(attentionMask.count - length)
        }
    }

    /// Pads up to `length` with the pad token, attention 0 and `typeID`, on `side`.
    mutating func pad(to length: Int, id: Int, typeID: Int, token: String, side: PaddingSide) {
        guard count < length else { return }
        let n = length - count
        switch side {
        case .right:
            ids += repeatElement(id, count: n)
            tokens += repeatElement(token, count: n)
            typeIDs += repeatElement(typeID, count: n)
            attentionMask += repeatElement(0, count: n)
        case .left:
            ids.insert(contentsOf: repeatElement(id, count: n), at: 0)
            tokens.insert(contentsOf: repeatElement(token, count: n), at: 0)
            typeIDs.insert(contentsOf: repeatElement(typeID, count: n), at: 0)
            attentionMask.insert(contentsOf: repeatElement(0, count: n), at: 0)
        }
    }

    /// `tokenizers`' "longest first" truncation of a sequence and its optional pair to `maxLength`
    /// tokens in all, where `specialTokens` of that budget go to the post-processor. When the budget
    /// is smaller than the special tokens the sequences are left alone, as `tokenizers` does.
    static func truncate(_ first: inout Encoding, _ second: inout Encoding?, maxLength: Int,
                         specialTokens: Int, side: PaddingSide) {
        if specialTokens > maxLength { return }
        let budget = maxLength - specialTokens
        if budget == 0 {
            first.truncate(to: 0, side: side)
            second?.truncate(to: 0, side: side)
            return
        }
        let total = first.count + (second?.count ?? 0)
        guard total > budget else { return }
        guard var pair = second else {
            first.truncate(to: budget, side: side)
            return
        }
        var n1 = first.count
        var n2 = pair.count
        let swapped = n1 > n2
        if swapped { swap(&n1, &n2) }
        n2 = n1 > budget ? n1 : max(n1, budget - n1)
        if n1 + n2 > budget {
            n1 = budget / 2
            n2 = n1 + budget % 2
        }
        if swapped { swap(&n1, &n2) }
        first.truncate(to: n1, side: side)
        pair.truncate(to: n2, side: side)
        second = pair
    }
}
