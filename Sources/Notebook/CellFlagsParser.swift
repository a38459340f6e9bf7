import Foundation

/// Reads the flags after `swift` in a cell's info string, one chapter at a time (so that
/// `check for=NAME` can be matched with an earlier `challenge id=NAME`).
///
/// The grammar and the rules are documented on ``CellFlags``.
struct CellFlagsParser {
    let chapter: String
    /// Challenge ids seen so far, with the line of their fence.
    private var challenges: [String: Int] = [:]

    init(chapter: String) {
        self.chapter = chapter
    }

    /// Parses one info string (starting with `swift`).
    mutating func parse(infoString: String, fenceLine: Int) throws -> CellFlags {
        var words = infoString.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.first == "swift" { words.removeFirst() }

        var flags = CellFlags()
        var seen: Set<String> = []
        var index = 0
        func fail(_ text: String, _ reason: String) -> NotebookError {
            .invalidCellFlags(chapter: chapter, line: fenceLine, text: text, reason: reason)
        }
        func markSeen(_ flag: String, _ text: String) throws {
            guard seen.insert(flag).inserted else { throw fail(text, "the flag `\(flag)` is given twice") }
        }

        while index < words.count {
            let word = words[index]
            index += 1
            switch word {
            case "hide":
                try markSeen("hide", word)
                flags.hide = true
            case "norun":
                try markSeen("norun", word)
                flags.norun = true
            case "error":
                try markSeen("error", word)
                flags.expectsError = true
            case "challenge", "check":
                let key = word == "challenge" ? "id" : "for"
                try markSeen(word, word)
                guard index < words.count, let name = Self.value(of: words[index], key: key) else {
                    throw fail(word, "`\(word)` must be followed by `\(key)=NAME`, e.g. `\(word) \(key)=dimension`")
                }
                let text = "\(word) \(words[index])"
                index += 1
                guard Self.isValidName(name) else {
                    throw fail(text, "the name `\(name)` may use only letters, digits, `-` and `_`")
                }
                if word == "challenge" { flags.challenge = name } else { flags.checkFor = name }
            default:
                if let seconds = Self.value(of: word, key: "timeout") {
                    try markSeen("timeout", word)
                    guard let value = Double(seconds), value.isFinite, value > 0 else {
                        throw fail(word, "timeout must be a positive number of seconds, e.g. `timeout=30`")
                    }
                    flags.timeout = value
                } else if Self.value(of: word, key: "id") != nil || Self.value(of: word, key: "for") != nil {
                    let owner = word.hasPrefix("id=") ? "challenge" : "check"
                    throw fail(word, "`\(word)` must directly follow `\(owner)`")
                } else {
                    throw fail(word, "unknown cell flag; known flags: hide, norun, error, challenge id=NAME, "
                               + "check for=NAME, timeout=SECONDS")
                }
            }
        }

        try checkCombinations(flags, words: words, fenceLine: fenceLine)
        try register(flags, fenceLine: fenceLine)
        return flags
    }

    private func checkCombinations(_ flags: CellFlags, words: [String], fenceLine: Int) throws {
        let text = words.joined(separator: " ")
        func fail(_ reason: String) -> NotebookError {
            .invalidCellFlags(chapter: chapter, line: fenceLine, text: text, reason: reason)
        }
        if flags.norun {
            if flags.hide { throw fail("`norun` with `hide` would neither run nor show the cell") }
            if flags.expectsError { throw fail("`norun` with `error`: a cell that never runs cannot throw") }
            if flags.challenge != nil { throw fail("`norun` with `challenge`: an exercise must run to be checked") }
            if flags.checkFor != nil { throw fail("`norun` with `check`: checks must run") }
            if flags.timeout != nil { throw fail("`norun` with `timeout`: a cell that never runs has no time limit") }
        }
        if flags.challenge != nil {
            if flags.checkFor != nil {
                throw fail("a cell is either a `challenge` or a `check`; put the checks in a cell of their own")
            }
            if flags.hide { throw fail("`challenge` with `hide`: an exercise must be visible") }
            if flags.expectsError { throw fail("`challenge` with `error`: an exercise must not be expected to throw") }
        }
        if flags.checkFor != nil, flags.expectsError {
            throw fail("`check` with `error`: checks report failures with `expect`, not by throwing")
        }
    }

    private mutating func register(_ flags: CellFlags, fenceLine: Int) throws {
        if let name = flags.challenge {
            if let earlier = challenges[name] {
                throw NotebookError.invalidCellFlags(
                    chapter: chapter, line: fenceLine, text: "challenge id=\(name)",
                    reason: "the challenge id `\(name)` is already used by the cell at line \(earlier)")
            }
            challenges[name] = fenceLine
        }
        if let name = flags.checkFor, challenges[name] == nil {
            throw NotebookError.invalidCellFlags(
                chapter: chapter, line: fenceLine, text: "check for=\(name)",
                reason: "no earlier cell in this chapter has `challenge id=\(name)`")
        }
    }

    /// `key=value` → `value` (nil when the word is not of that form).
    private static func value(of word: String, key: String) -> String? {
        let prefix = key + "="
        guard word.hasPrefix(prefix) else { return nil }
        return String(word.dropFirst(prefix.count))
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
    }
}
