import Foundation
import Vectorbook

/// A context that can display any value as the interpreter does (built-in values included).
/// `show(_:)` uses it when the running context conforms; otherwise it falls back to
/// `DisplayConversion.display(of:registry:context:)`.
public protocol DisplayingContext: CallContext {
    /// The display of `value`, as a cell's last expression would show it.
    func cellDisplay(of value: Value) throws -> Display
}

extension BindingRegistry {
    /// `SimilarityTable`, `show(_:)` and `expect(_:_:)`. `expect` emits a `.check` display at
    /// the call site and records the check with `recordCheck(passed:message:)`; it returns the condition.
    func registerCellSupport() {
        registerSimilarityTable()
        function("show", [Parameter(nil)]) { [weak self] arguments, context in
            let value = arguments[argument: 0]
            if let displaying = context as? any DisplayingContext {
                context.emit(try displaying.cellDisplay(of: value))
            } else if let registry = self {
                context.emit(try DisplayConversion.display(of: value, registry: registry, context: context))
            }
            return .void
        }
        discardableResult("expect")
        function("expect", [Parameter(nil, type: "Bool"), Parameter(nil, type: "String")]) { arguments, context in
            let condition = try BindingArgument.bool(arguments[argument: 0], "expect(_:_:) condition")
            let message = try BindingArgument.string(arguments[argument: 1], "expect(_:_:) message")
            context.emit(.check(CheckDisplay(passed: condition, message: message, location: context.location)))
            context.recordCheck(passed: condition, message: message)
            return .bool(condition)
        }
    }

    private func registerSimilarityTable() {
        let type = LibraryType.similarityTable
        let labelled = [Parameter("rows", type: "[String]"), Parameter("columns", type: "[String]")]
        // `values:` is `[[Float]]` or a `[rows, columns]` `Tensor`: one body, chosen by the value.
        let make: Body = { arguments, _ in
            let role = "SimilarityTable(rows:columns:values:)"
            let rows = try BindingArgument.strings(arguments[argument: 0], "\(role) rows")
            let columns = try BindingArgument.strings(arguments[argument: 1], "\(role) columns")
            let values: [[Float]]
            if case .object(let object) = arguments[argument: 2], let tensor = object.payload as? Tensor {
                values = try SimilarityChecks.rows(of: tensor)
            } else {
                values = try BindingArgument.floatRows(arguments[argument: 2], "\(role) values")
            }
            try SimilarityChecks.size(values, rows: rows.count, columns: columns.count)
            return BindingValue.library(type, SimilarityTable(rows: rows, columns: columns, values: values))
        }
        initializer(type, labelled + [Parameter("values", type: "[[Float]]")], make)
        initializer(type, labelled + [Parameter("values", type: "Tensor")], make)
        initializer(type, [Parameter("labels", type: "[String]"), Parameter("embeddings", type: "Tensor")]) { arguments, _ in
            let labels = try BindingArgument.strings(arguments[argument: 0], "SimilarityTable(labels:embeddings:) labels")
            let embeddings = try BindingArgument.tensor(arguments[argument: 1], "SimilarityTable(labels:embeddings:) embeddings")
            try TensorChecks.similarityMatrix(embeddings, embeddings, "SimilarityTable(labels:embeddings:)")
            let vectors = embeddings.rank == 1 ? 1 : embeddings.shape[0]
            guard labels.count == vectors else {
                throw CellRuntimeError("SimilarityTable(labels:embeddings:): \(labels.count) labels for \(vectors) embeddings \(embeddings.shape)")
            }
            return BindingValue.library(type, SimilarityTable(labels: labels, embeddings: embeddings))
        }
        libraryProperty(type, SimilarityTable.self, "rows") { BindingValue.strings($0.rows) }
        libraryProperty(type, SimilarityTable.self, "columns") { BindingValue.strings($0.columns) }
        libraryProperty(type, SimilarityTable.self, "values") { .array($0.values.map(BindingValue.floats)) }
        libraryProperty(type, SimilarityTable.self, "description") { .string($0.description) }
        libraryDescription(type, SimilarityTable.self) { $0.description }
        display(type) { value, _ in
            .similarity(DisplayConversion.similarity(try BindingArgument.object(value, SimilarityTable.self, type, "display")))
        }
    }
}

/// The checks `SimilarityTable`'s precondition would otherwise make fatally.
enum SimilarityChecks {
    /// The rows of a `[rows, columns]` tensor, split exactly as `SimilarityTable(rows:columns:values:)` splits them.
    static func rows(of tensor: Tensor) throws -> [[Float]] {
        let width = tensor.shape.last ?? 0
        let flat = tensor.scalars
        guard width > 0 else { return [] }
        return (0 ..< flat.count / width).map { Array(flat[($0 * width) ..< (($0 + 1) * width)]) }
    }

    /// One row of values per row label, one value per column label in each.
    static func size(_ values: [[Float]], rows: Int, columns: Int) throws {
        guard values.count == rows, values.allSatisfy({ $0.count == columns }) else {
            let widths = Set(values.map(\.count)).sorted().map(String.init).joined(separator: "/")
            throw CellRuntimeError("SimilarityTable: \(values.count) rows of values (\(widths.isEmpty ? "0" : widths) wide) "
                + "for \(rows) row labels and \(columns) column labels")
        }
    }
}
