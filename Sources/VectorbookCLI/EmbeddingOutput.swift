import Foundation

/// The output of the `embed` commands: one JSON object, or a label and a one-line vector summary
/// per input.
enum EmbeddingOutput {
    /// `[384] +0.0007 +0.1257 … norm 1.0000`: the length, the first six values and the L2 norm.
    static func summary(_ vector: [Float]) -> String {
        let head = vector.prefix(6).map { String(format: "%+.4f", $0) }.joined(separator: " ")
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return "[\(vector.count)] \(head) …  norm \(String(format: "%.4f", norm))"
    }

    /// `{"model", "dim", "embeddings"}` with `json`, else each label with its vector's summary.
    static func write(model: String, labels: [String], rows: [[Float]], json: Bool) {
        if json {
            Terminal.output(JSONWriter.object([
                ("model", JSONWriter.string(model)),
                ("dim", "\(rows.first?.count ?? 0)"),
                ("embeddings", JSONWriter.array(rows) { JSONWriter.array($0, JSONWriter.number) }),
            ]))
        } else {
            for (label, row) in zip(labels, rows) { Terminal.output("\(label)\n  \(summary(row))") }
        }
    }
}
