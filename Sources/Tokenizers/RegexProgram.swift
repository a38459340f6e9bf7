/// One step of a compiled regular expression.
enum RegexInstruction: Sendable {
    /// Consume one scalar from the set.
    case scalar(RegexScalarSet)
    /// Consume a run of `min…max` scalars from the set (`max == Int.max`: unbounded), backtracking
    /// over the run's length without recursion.
    case span(RegexScalarSet, min: Int, max: Int, mode: RegexRepetitionMode)
    /// Continue at `preferred`; on failure, at `alternative`.
    case split(preferred: Int, alternative: Int)
    case jump(Int)
    case assertion(RegexAssertion)
    /// Run the sub-program at `start` here without consuming; continue when it matches (or, when
    /// `negative`, when it does not).
    case lookahead(start: Int, negative: Bool)
    /// Run the sub-program at `start` and continue after its first match, never revisiting it.
    case atomic(start: Int)
    case accept
}

/// A regular expression compiled for a backtracking machine with an explicit stack, so that long inputs
/// cannot exhaust the call stack. Matching is leftmost-first (Perl and Oniguruma semantics).
struct RegexProgram: Sendable {
    private let code: [RegexInstruction]
    /// Upper bound on the program size, against patterns such as `(?:ab){100000}`.
    static let maxInstructions = 200_000

    init(_ node: RegexNode) throws {
        var compiler = Compiler()
        try compiler.compile(node)
        compiler.emit(.accept)
        try compiler.compilePending()
        code = compiler.code
    }

    /// A program that matches exactly `scalars`.
    init(literal scalars: [Unicode.Scalar]) {
        code = scalars.map { .scalar(RegexScalarSet(scalar: $0.value)) } + [.accept]
    }

    private enum Backtrack {
        case thread(pc: Int, position: Int)
        /// A greedy span may still give back scalars: retry `pc` at `position`, then down to `lowest`.
        case shorter(pc: Int, lowest: Int, position: Int)
        /// A lazy span may still take more scalars: retry `pc` at `position`, then up to `highest`.
        case longer(pc: Int, highest: Int, position: Int)
    }

    /// The end of the first match of the program (or of the sub-program at `start`) that begins exactly
    /// at `position`, or nil.
    func match(_ text: ScalarSlice, at position: Int, start: Int = 0) -> Int? {
        var stack: [Backtrack] = []
        var pc = start
        var position = position
        let end = text.endIndex
        while true {
            var failed = false
            switch code[pc] {
            case .accept:
                return position
            case .scalar(let set):
                if position < end && set.contains(text[position]) {
                    position += 1
                    pc += 1
                } else {
                    failed = true
                }
            case .span(let set, let minimum, let maximum, let mode):
                var count = 0
                while count < maximum && position + count < end && set.contains(text[position + count]) { count += 1 }
                if count < minimum {
                    failed = true
                    break
                }
                switch mode {
                case .greedy:
                    if count > minimum {
                        stack.append(.shorter(pc: pc + 1, lowest: position + minimum, position: position + count - 1))
                    }
                    position += count
                case .lazy:
                    if count > minimum {
                        stack.append(.longer(pc: pc + 1, highest: position + count, position: position + minimum + 1))
                    }
                    position += minimum
                case .possessive:
                    position += count
                }
                pc += 1
            case .split(let preferred, let alternative):
                stack.append(.thread(pc: alternative, position: position))
                pc = preferred
            case .jump(let target):
                pc = target
            case .assertion(let assertion):
                if holds(assertion, text, position) { pc += 1 } else { failed = true }
            case .lookahead(let sub, let negative):
                if (match(text, at: position, start: sub) != nil) != negative { pc += 1 } else { failed = true }
            case .atomic(let sub):
                if let after = match(text, at: position, start: sub) {
                    position = after
                    pc += 1
                } else {
                    failed = true
                }
            }
            guard failed else { continue }
            guard let entry = stack.popLast() else { return nil }
            switch entry {
            case .thread(let target, let at):
                pc = target
                position = at
            case .shorter(let target, let lowest, let at):
                if at > lowest { stack.append(.shorter(pc: target, lowest: lowest, position: at - 1)) }
                pc = target
                position = at
            case .longer(let target, let highest, let at):
                if at < highest { stack.append(.longer(pc: target, highest: highest, position: at + 1)) }
                pc = target
                position = at
            }
        }
    }

    private func holds(_ assertion: RegexAssertion, _ text: ScalarSlice, _ position: Int) -> Bool {
        let start = text.startIndex
        let end = text.endIndex
        switch assertion {
        case .lineStart: return position == start || text[position - 1] == "\n"
        case .lineEnd: return position == end || text[position] == "\n"
        case .textStart: return position == start
        case .textEnd: return position == end
        case .textEndOrFinalNewline: return position == end || (position == end - 1 && text[position] == "\n")
        case .wordBoundary, .notWordBoundary:
            let word = RegexUnicodeClass.word(inBrackets: false)
            let before = position > start && UnicodeClass.contains(word, text[position - 1].value)
            let after = position < end && UnicodeClass.contains(word, text[position].value)
            return (before != after) == (assertion == .wordBoundary)
        }
    }

    /// Turns the tree into instructions; look-ahead and atomic bodies become sub-programs after the main one.
    private struct Compiler {
        var code: [RegexInstruction] = []
        private var pending: [(node: RegexNode, site: Int)] = []

        mutating func emit(_ instruction: RegexInstruction) {
            code.append(instruction)
        }

        mutating func compile(_ node: RegexNode) throws {
            if code.count > RegexProgram.maxInstructions {
                throw RegexSyntaxError(reason: "pattern too large once repetitions are expanded", offset: 0)
            }
            switch node {
            case .empty:
                break
            case .set(let set):
                emit(.scalar(set))
            case .sequence(let items):
                for item in items { try compile(item) }
            case .alternation(let branches):
                var exits: [Int] = []
                for branch in branches.dropLast() {
                    let split = code.count
                    emit(.jump(-1))
                    try compile(branch)
                    exits.append(code.count)
                    emit(.jump(-1))
                    code[split] = .split(preferred: split + 1, alternative: code.count)
                }
                if let last = branches.last { try compile(last) }
                for site in exits { code[site] = .jump(code.count) }
            case .repetition(let body, let minimum, let maximum, let mode):
                try compileRepetition(body, minimum, maximum, mode)
            case .lookahead(let body, let negative):
                pending.append((body, code.count))
                emit(.lookahead(start: -1, negative: negative))
            case .atomic(let body):
                pending.append((body, code.count))
                emit(.atomic(start: -1))
            case .assertion(let assertion):
                emit(.assertion(assertion))
            }
        }

        private mutating func compileRepetition(_ body: RegexNode, _ minimum: Int, _ maximum: Int?,
                                                _ mode: RegexRepetitionMode) throws {
            if case .set(let set) = body {
                emit(.span(set, min: minimum, max: maximum ?? Int.max, mode: mode))
                return
            }
            if mode == .possessive {
                try compile(.atomic(.repetition(body, min: minimum, max: maximum, mode: .greedy)))
                return
            }
            for _ in 0..<minimum { try compile(body) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(code.count)
                    emit(.jump(-1))
                    try compile(body)
                }
                let exit = code.count
                for site in splits {
                    code[site] = mode == .lazy ? .split(preferred: exit, alternative: site + 1)
                                               : .split(preferred: site + 1, alternative: exit)
                }
                return
            }
            if body.isNullable {
                throw RegexSyntaxError(reason: "unbounded repetition of a sub-pattern that can match the empty string",
                                       offset: 0)
            }
            let loop = code.count
            emit(.jump(-1))
            try compile(body)
            emit(.jump(loop))
            let exit = code.count
            code[loop] = mode == .lazy ? .split(preferred: exit, alternative: loop + 1)
                                       : .split(preferred: loop + 1, alternative: exit)
        }

        mutating func compilePending() throws {
            while !pending.isEmpty {
                let (node, site) = pending.removeFirst()
                let start = code.count
                try compile(node)
                emit(.accept)
                switch code[site] {
                case .lookahead(_, let negative): code[site] = .lookahead(start: start, negative: negative)
                default: code[site] = .atomic(start: start)
                }
            }
        }
    }
}
