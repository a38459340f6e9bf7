import Foundation

/// A labelled matrix of similarity scores. In a chapter it is displayed as a
/// colour-scaled table; in a program its `description` is an aligned text table.
public struct SimilarityTable: Sendable, CustomStringConvertible {
    public let rows: [String]
    public let columns: [String]
    /// `rows.count × columns.count` values.
    public let values: [[Float]]

    /// A table from nested arrays.
    ///
    /// - Precondition: `values` has one row per label in `rows`, each with one value per label in `columns`.
    public init(rows: [String], columns: [String], values: [[Float]]) {
        precondition(values.count == rows.count && values.allSatisfy { $0.count == columns.count },
                     "SimilarityTable: \(values.count) rows of values for \(rows.count) row labels and \(columns.count) column labels")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A table from a `[rows, columns]` tensor.
    public init(rows: [String], columns: [String], values: Tensor) {
        let width = values.shape.last ?? 0
        let flat = values.scalars
        self.init(rows: rows, columns: columns,
                  values: (0 ..< (width == 0 ? 0 : flat.count / width)).map { Array(flat[($0 * width) ..< (($0 + 1) * width)]) })
    }

    /// Pairwise cosine similarities of labelled vectors (`[n, d]`).
    public init(labels: [String], embeddings: Tensor) {
        self.init(rows: labels, columns: labels, values: cosineSimilarityMatrix(embeddings, embeddings))
    }

    public var description: String {
        let labelWidth = max(rows.map(\.count).max() ?? 0, 1)
        let cellWidth = max(columns.map(\.count).max() ?? 0, 6)
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var lines = [String(repeating: " ", count: labelWidth) + columns.map { " " + pad($0, cellWidth) }.joined()]
        for (label, row) in zip(rows, values) {
            let padded = label + String(repeating: " ", count: labelWidth - label.count)
            lines.append(padded + row.map { " " + pad(String(format: "%.3f", $0), cellWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

/// Shows a value. In a chapter the value is displayed richly (tensor summary, token
/// table, thumbnail…); in a program it is printed.
public func show(_ value: Any) {
    print(value)
}

/// A check in a chapter's `check` cell: passes when `condition` holds, else reports
/// `message`. In a program it prints the outcome.
@discardableResult
public func expect(_ condition: Bool, _ message: String) -> Bool {
    print(condition ? "✓ \(message)" : "✗ \(message)")
    return condition
}

/// A matrix shown as a picture with frequency (or bin) upwards and time to the right,
/// e.g. a spectrogram, log-mel features or MFCCs (`[bins, frames]`, or `[1, bins, frames]`).
public struct Spectrogram: Sendable, CustomStringConvertible {
    public let values: Tensor
    public let title: String
    /// Seconds between frames (hop / sample rate), for a time axis; nil: frame numbers.
    public let secondsPerFrame: Double?
    public let yLabel: String

    public init(_ values: Tensor, title: String = "spectrogram", secondsPerFrame: Double? = nil, yLabel: String = "bin") {
        self.values = values
        self.title = title
        self.secondsPerFrame = secondsPerFrame
        self.yLabel = yLabel
    }

    public var description: String { "Spectrogram(\(title), \(values.shape))" }
}

/// A line plot of values against their index, e.g. a frame-to-frame similarity curve.
public struct LinePlot: Sendable, CustomStringConvertible {
    public let values: [Float]
    public let title: String
    public let xLabel: String
    public let yLabel: String

    public init(_ values: [Float], title: String = "", xLabel: String = "index", yLabel: String = "value") {
        self.values = values
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public var description: String {
        "LinePlot(\(title), \(values.count) points)"
    }
}
