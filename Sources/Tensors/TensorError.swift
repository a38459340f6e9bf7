import Foundation

/// Errors raised by tensor construction, file mapping and shape checks.
public enum TensorError: LocalizedError, Equatable {
    case shapeMismatch(operation: String, expected: [Int], actual: [Int])
    case elementCountMismatch(shape: [Int], count: Int)
    case invalidShape([Int])
    case indexOutOfRange(index: Int, dimension: Int, size: Int)
    case tooManyIndices(count: Int, rank: Int)
    case invalidDimension(dim: Int, rank: Int)
    case raggedRows(row: Int, expected: Int, actual: Int)
    case cannotOpenFile(path: String, reason: String)
    case rangeOutsideFile(path: String, range: Range<Int>, fileSize: Int)
    case misalignedData(path: String, offset: Int)

    public var errorDescription: String? {
        switch self {
        case let .shapeMismatch(operation, expected, actual):
            return "\(operation): shape \(actual) does not match the expected shape \(expected)"
        case let .elementCountMismatch(shape, count):
            return "shape \(shape) needs \(shape.reduce(1, *)) values but \(count) were given"
        case let .invalidShape(shape):
            return "invalid tensor shape \(shape): dimensions must be zero or positive"
        case let .indexOutOfRange(index, dimension, size):
            return "index \(index) is out of range for dimension \(dimension) of size \(size)"
        case let .tooManyIndices(count, rank):
            return "\(count) indices given for a tensor of rank \(rank)"
        case let .invalidDimension(dim, rank):
            return "dimension \(dim) does not exist in a tensor of rank \(rank)"
        case let .raggedRows(row, expected, actual):
            return "row \(row) has \(actual) values but row 0 has \(expected)"
        case let .cannotOpenFile(path, reason):
            return "cannot open \(path): \(reason)"
        case let .rangeOutsideFile(path, range, fileSize):
            return "byte range \(range.lowerBound)..<\(range.upperBound) lies outside \(path) (\(fileSize) bytes)"
        case let .misalignedData(path, offset):
            return "float data at byte \(offset) of \(path) is not 4-byte aligned"
        }
    }
}
