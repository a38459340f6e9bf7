import Foundation

/// Renders cell outputs as terminal text, with ANSI colours when asked.
///
/// Every rendering is plain text without a trailing newline; the caller joins outputs
/// with newlines. The CLI passes `colors: false` when `NO_COLOR` is set or stdout is not a
/// terminal, and then the output contains no escape sequences at all.
///
/// ```
/// Tensor [1, 384] float32  norm 1.0000  min -0.1532  max 0.1687
/// [0.0123, -0.0456, 0.0789, 0.0012, -0.0345, 0.0678, -0.0901, 0.0234, …]
/// ▃▄▂▅▄▃▆▄▁▄▅▃▄█▄▃▂▄▅▄▃▄▃▅▄▂▄▃▇▄▃▅▄▃▄▂▄▅▃▄▃▄▅▃▄▃▂▄
/// ```
public struct TerminalRenderer: Sendable {
    /// Whether ANSI colour sequences are written.
    public var colors: Bool
    /// Token tables wrap at this many columns.
    public var width: Int

    /// A renderer; `colors` turns ANSI colours on, `width` (at least 20) is where token tables wrap.
    public init(colors: Bool, width: Int = 100) {
        self.colors = colors
        self.width = Swift.max(width, 20)
    }

    /// `print` output as written (without its final newline), or a rendered display.
    public func render(_ output: CellOutput) -> String {
        switch output {
        case .stdout(let text): return text.hasSuffix("\n") ? String(text.dropLast()) : text
        case .display(let display): return render(display)
        }
    }

    /// One display as terminal text.
    public func render(_ display: Display) -> String {
        switch display {
        case .text(let text, _): return text
        case .tensor(let tensor): return render(tensor)
        case .tokens(let table): return render(table)
        case .similarity(let table): return render(table)
        case .image(let image): return render(image)
        case .collection(let collection): return render(collection)
        case .check(let check): return render(check)
        case .error(let error): return render(error)
        case .picture(let picture): return paint("[picture \(picture.width)×\(picture.height)] ", .dim) + picture.alt
        case .audio(let audio): return paint("[audio] ", .dim) + audio.summary
        case .frames(let strip):
            let times = strip.timestamps.map { String(format: "%.1fs", $0) }.joined(separator: " ")
            return paint("[frames] ", .dim) + strip.summary + "\n" + paint("sampled at ", .dim) + times
        }
    }

    // MARK: - Tensors

    /// Header with shape, dtype, norm, min and max; the leading values; a sparkline.
    public func render(_ tensor: TensorDisplay) -> String {
        let header = paint("Tensor", .bold) + " " + paint("\(tensor.shape)", .cyan) + " \(tensor.dtype)  "
            + [("norm", tensor.norm), ("min", tensor.minimum), ("max", tensor.maximum)]
                .map { paint($0.0, .dim) + " " + Self.fixed($0.1, 4) }.joined(separator: "  ")
        var values = tensor.leading.map { Self.fixed($0, 4) }
        if tensor.count > tensor.leading.count { values.append("…") }
        var lines = [header, "[" + values.joined(separator: ", ") + "]"]
        if !tensor.sparkline.isEmpty {
            lines.append(paint(Self.sparkline(tensor.sparkline, minimum: tensor.minimum, maximum: tensor.maximum), .cyan))
        }
        return lines.joined(separator: "\n")
    }

    /// One block character per value, scaled between `minimum` and `maximum`.
    static func sparkline(_ values: [Float], minimum: Float, maximum: Float) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let span = maximum - minimum
        return String(values.map { value -> Character in
            guard value.isFinite else { return " " }
            guard span > 0, span.isFinite else { return blocks[3] }
            let level = Int(((value - minimum) / span * Float(blocks.count - 1)).rounded())
            return blocks[Swift.min(Swift.max(level, 0), blocks.count - 1)]
        })
    }

    // MARK: - Token tables

    /// Each sequence as aligned columns (token, id, mask, type), wrapped at `width`;
    /// padding positions are dimmed.
    public func render(_ table: TokenTableDisplay) -> String {
        var blocks: [String] = []
        for (index, rows) in table.sequences.enumerated() {
            var lines: [String] = table.sequences.count > 1 ? [paint("sequence \(index)", .bold)] : []
            lines += tokenLines(rows)
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.isEmpty ? "(no sequences)" : blocks.joined(separator: "\n\n")
    }

    private func tokenLines(_ rows: [TokenTableDisplay.Row]) -> [String] {
        guard !rows.isEmpty else { return ["(no tokens)"] }
        let showTypes = rows.contains { $0.typeID != nil }
        let labels = showTypes ? ["token", "id", "mask", "type"] : ["token", "id", "mask"]
        let labelWidth = labels.map(\.count).max() ?? 0
        let columns = rows.map { row -> [String] in
            var cells = [Self.escaped(row.token), "\(row.id)", "\(row.attentionMask)"]
            if showTypes { cells.append(row.typeID.map(String.init) ?? "") }
            return cells
        }
        var chunks: [[Int]] = [[]]
        var used = labelWidth
        for (position, cells) in columns.enumerated() {
            let cellWidth = (cells.map(\.count).max() ?? 0) + 2
            if used + cellWidth > width, !(chunks.last?.isEmpty ?? true) {
                chunks.append([])
                used = labelWidth
            }
            chunks[chunks.count - 1].append(position)
            used += cellWidth
        }
        var lines: [String] = []
        for (chunkIndex, chunk) in chunks.enumerated() {
            if chunkIndex > 0 { lines.append("") }
            for (line, label) in labels.enumerated() {
                var text = paint(Self.padRight(label, labelWidth), .dim)
                for position in chunk {
                    let cellWidth = columns[position].map(\.count).max() ?? 0
                    let cell = line == 0 ? Self.padRight(columns[position][line], cellWidth)
                        : Self.padLeft(columns[position][line], cellWidth)
                    text += "  " + (rows[position].attentionMask == 0 ? paint(cell, .dim) : cell)
                }
                lines.append(Self.trimmedRight(text))
            }
        }
        return lines
    }

    // MARK: - Similarity tables

    /// Labels and values (3 decimals) aligned as `SimilarityTable.description` does; with
    /// colours, each value is coloured on a blue → red scale from the table's minimum to maximum.
    public func render(_ table: SimilarityDisplay) -> String {
        let labelWidth = Swift.max(table.rows.map(\.count).max() ?? 0, 1)
        let cellWidth = Swift.max(table.columns.map(\.count).max() ?? 0, 6)
        let finite = table.values.joined().filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        var lines: [String] = []
        if let title = table.title { lines.append(paint(title, .bold)) }
        lines.append(String(repeating: " ", count: labelWidth)
            + table.columns.map { " " + paint(Self.padLeft($0, cellWidth), .bold) }.joined())
        for (index, label) in table.rows.enumerated() {
            let values = index < table.values.count ? table.values[index] : []
            let cells = values.map { value in
                " " + scaleColor(Self.padLeft(Self.fixed(value, 3), cellWidth), value: value, low: low, high: high)
            }
            lines.append(paint(Self.padRight(label, labelWidth), .bold) + cells.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// 256-colour foreground codes from blue (low) through green and yellow to red (high).
    private static let scale = [33, 39, 45, 50, 48, 118, 190, 220, 214, 208, 202, 196]

    private func scaleColor(_ text: String, value: Float, low: Float, high: Float) -> String {
        guard colors, value.isFinite else { return text }
        let position = high > low ? (value - low) / (high - low) : 0.5
        let index = Int((position * Float(Self.scale.count - 1)).rounded())
        return "\u{1B}[38;5;\(Self.scale[Swift.min(Swift.max(index, 0), Self.scale.count - 1)])m\(text)\u{1B}[0m"
    }

    // MARK: - Images, collections, checks and errors

    /// `[image 451×300 RGB]`, followed by the caption when there is one.
    public func render(_ image: ImageDisplay) -> String {
        paint("[image \(image.width)×\(image.height) \(image.mode)]", .magenta) + (image.caption.map { " " + $0 } ?? "")
    }

    /// Short collections of one-line values on one line, as Swift prints them (`[1, 2, 3]`,
    /// `["a": 1]`, `(width: 451, height: 300)`); others one item per line under a header.
    public func render(_ collection: CollectionDisplay) -> String {
        let keys = collection.keys.map { keys in
            collection.kind == .dictionary && collection.type.hasPrefix("[String:") ? keys.map { $0.debugDescription } : keys
        }
        let items = collection.items.map(renderItem)
        let (open, close) = collection.kind == .tuple ? ("(", ")") : ("[", "]")
        let more = collection.omitted > 0 ? ["… \(collection.omitted) more"] : []
        if items.isEmpty && collection.omitted == 0 {
            return collection.kind == .dictionary ? "[:]" : open + close
        }
        if items.allSatisfy({ !$0.contains("\n") }) {
            let parts = items.enumerated().map { index, item in
                guard let key = keys?[safe: index], !key.isEmpty else { return item }
                return "\(key): \(item)"
            }
            let line = open + (parts + more).joined(separator: ", ") + close
            if line.count <= width { return line }
        }
        let total = items.count + collection.omitted
        var lines = [paint("\(collection.type) (\(total) \(total == 1 ? "item" : "items"))", .dim)]
        for (index, item) in items.enumerated() {
            let key = keys?[safe: index].flatMap { $0.isEmpty ? nil : $0 } ?? "[\(index)]"
            let indent = String(repeating: " ", count: key.count + 1)
            let body = item.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
            lines.append(paint(key, .dim) + " " + body)
        }
        lines += more.map { paint($0, .dim) }
        return lines.joined(separator: "\n")
    }

    /// A collection item: strings quoted as Swift prints them inside collections.
    private func renderItem(_ display: Display) -> String {
        if case .text(let text, let type) = display, type == "String" { return text.debugDescription }
        return render(display)
    }

    /// `✓ message`, or `✗ message (file:line:column)` for a failed check.
    public func render(_ check: CheckDisplay) -> String {
        guard !check.passed else { return paint("✓", .green) + " " + check.message }
        return paint("✗", .red) + " " + check.message + (check.location.map { " " + paint("(\($0))", .dim) } ?? "")
    }

    /// `file:line:column: runtime error: message`, as compilers report.
    public func render(_ error: ErrorDisplay) -> String {
        let label = paint(Self.label(error.kind), error.kind == .expected ? .yellow : .red, .bold)
        return (error.location.map { "\($0): " } ?? "") + label + ": " + error.message
    }

    static func label(_ kind: ErrorDisplay.Kind) -> String {
        switch kind {
        case .syntax: return "syntax error"
        case .unsupported: return "not supported"
        case .runtime: return "runtime error"
        case .timeout: return "timeout"
        case .fileAccess: return "file access error"
        case .expected: return "expected error"
        }
    }

    // MARK: - Text helpers

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35", cyan = "36"
    }

    func paint(_ text: String, _ styles: Style...) -> String {
        guard colors, !styles.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    /// `value` with `digits` decimals (`nan`, `inf`, `-inf` for non-finite values).
    static func fixed(_ value: Float, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let text = String(format: "%.\(digits)f", Double(value))
        // `-0.000` reads as noise in a table.
        return text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(text.dropFirst()) : text
    }

    /// Control characters (including escape) shown as Swift escapes, so tokens cannot move the cursor.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.properties.generalCategory == .control {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func trimmedRight(_ text: String) -> String {
        var result = text
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        index >= 0 && index < count ? self[index] : nil
    }
}
