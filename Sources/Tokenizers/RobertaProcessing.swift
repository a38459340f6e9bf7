/// `<s> A </s>` and `<s> A </s></s> B </s>` (RoBERTa's template, which CLIP reuses with
/// `<|startoftext|>` and `<|endoftext|>`). Every type id is 0, the pair's included, with or without
/// special tokens, as in `tokenizers`.
struct RobertaProcessing: PostProcessor {
    let sep: Token
    let cls: Token

    func addedTokens(isPair: Bool) -> Int { isPair ? 4 : 2 }

    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding {
        var head = first
        head.setTypeID(0)
        var tail = second
        tail?.setTypeID(0)
        guard addSpecialTokens else {
            if let tail { head.append(tail) }
            return head
        }
        var result = Encoding([cls], typeID: 0)
        result.append(head)
        result.append(Encoding([sep], typeID: 0))
        if let tail {
            result.append(Encoding([sep], typeID: 0))
            result.append(tail)
            result.append(Encoding([sep], typeID: 0))
        }
        return result
    }
}
