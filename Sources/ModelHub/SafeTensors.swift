import Foundation
import Tensors

/// Element types a safetensors file may declare.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .F64, .I64: return 8
        case .F32, .I32: return 4
        case .F16, .BF16, .I16: return 2
        case .I8, .U8, .BOOL: return 1
        }
    }
}

/// Where one tensor lives in a safetensors file.
public struct SafeTensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: SafeTensorsDType
    public let shape: [Int]
    /// Absolute byte range in the file.
    public let byteRange: Range<Int>
}

/// A `.safetensors` file, memory-mapped and validated when opened.
///
/// Float32 tensors are read in place from the mapping; F16, BF16, F64 and integer
/// tensors are converted to float32 on request.
public final class SafeTensorsFile: Sendable {
    /// The file's location.
    public let url: URL
    /// Free-form `__metadata__` strings.
    public let metadata: [String: String]
    /// Every tensor, by name.
    public let tensors: [String: SafeTensorInfo]
    private let file: MappedFile

    /// Largest header accepted (the format's own limit is 100 MB).
    static let maximumHeaderSize = 100_000_000

    /// Opens and validates `url`: header length, JSON, dtypes, shapes against byte
    /// ranges, ranges inside the file and not overlapping.
    public init(url: URL) throws {
        self.url = url
        let path = url.path
        do {
            file = try MappedFile(url: url)
        } catch {
            throw ModelFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard file.size >= 8 else {
            throw ModelFileError.corruptSafetensors(path: path, reason: "file is \(file.size) bytes, too short for the 8-byte header length")
        }
        let headerLength = try file.withBytes(in: 0 ..< 8) { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(Self.maximumHeaderSize), 8 + Int(headerLength) <= file.size else {
            throw ModelFileError.corruptSafetensors(
                path: path, reason: "header length \(headerLength) does not fit in a file of \(file.size) bytes (truncated?)")
        }
        let dataStart = 8 + Int(headerLength)
        let header = try file.withBytes(in: 8 ..< dataStart) { Data($0) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw ModelFileError.corruptSafetensors(path: path, reason: "header is not valid JSON")
        }
        guard let entries = json as? [String: Any] else {
            throw ModelFileError.corruptSafetensors(path: path, reason: "header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var tensors: [String: SafeTensorInfo] = [:]
        let dataSize = file.size - dataStart
        for (name, value) in entries {
            if name == "__metadata__" {
                for (key, item) in value as? [String: Any] ?? [:] { metadata[key] = item as? String ?? "\(item)" }
                continue
            }
            tensors[name] = try Self.parseEntry(name: name, value: value, path: path, dataStart: dataStart, dataSize: dataSize)
        }
        try Self.checkOverlaps(Array(tensors.values), path: path)
        self.metadata = metadata
        self.tensors = tensors
    }

    private static func parseEntry(name: String, value: Any, path: String, dataStart: Int, dataSize: Int) throws -> SafeTensorInfo {
        guard let entry = value as? [String: Any] else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "header entry is not an object")
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "missing dtype")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw ModelFileError.unsupportedDType(path: path, tensor: name, dtype: dtypeName)
        }
        guard let rawShape = entry["shape"] as? [Any] else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "missing shape")
        }
        let shape = rawShape.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
        guard shape.count == rawShape.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "shape \(rawShape) is not a list of non-negative integers")
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
              let begin = (offsets[0] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
              let end = (offsets[1] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }) else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "data_offsets must be two integers")
        }
        guard begin >= 0, begin <= end else {
            throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "data_offsets [\(begin), \(end)] are reversed or negative")
        }
        guard end <= dataSize else {
            throw ModelFileError.corruptTensor(
                path: path, tensor: name,
                reason: "data_offsets end \(end) lies beyond the \(dataSize) data bytes in the file (truncated?)")
        }
        var elements = 1
        for size in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow else { throw ModelFileError.corruptTensor(path: path, tensor: name, reason: "shape \(shape) is too large") }
            elements = product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, bytes == end - begin else {
            throw ModelFileError.corruptTensor(
                path: path, tensor: name,
                reason: "shape \(shape) of \(dtype.rawValue) needs \(bytes) bytes but data_offsets cover \(end - begin)")
        }
        return SafeTensorInfo(name: name, dtype: dtype, shape: shape, byteRange: dataStart + begin ..< dataStart + end)
    }

    private static func checkOverlaps(_ infos: [SafeTensorInfo], path: String) throws {
        let sorted = infos.filter { !$0.byteRange.isEmpty }.sorted { $0.byteRange.lowerBound < $1.byteRange.lowerBound }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where next.byteRange.lowerBound < previous.byteRange.upperBound {
            throw ModelFileError.corruptTensor(path: path, tensor: next.name,
                                               reason: "its bytes overlap those of \"\(previous.name)\"")
        }
    }

    /// Tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// Whether the file holds `name`.
    public func contains(_ name: String) -> Bool { tensors[name] != nil }

    /// The tensor `name` as float32 (mapped in place when stored as aligned F32).
    public func tensor(_ name: String) throws -> Tensor {
        guard let info = tensors[name] else { throw ModelFileError.tensorNotFound(path: url.path, tensor: name) }
        if info.dtype == .F32, let mapped = try? file.tensor(byteOffset: info.byteRange.lowerBound, shape: info.shape) {
            return mapped
        }
        let count = info.shape.reduce(1, *)
        let values = try file.withBytes(in: info.byteRange) { raw -> [Float] in
            var out = [Float](repeating: 0, count: count)
            out.withUnsafeMutableBufferPointer { target in
                for i in 0 ..< count { target[i] = Self.convert(raw, index: i, dtype: info.dtype) }
            }
            return out
        }
        return try Tensor(shape: info.shape, scalars: values)
    }

    /// Integer tensors (e.g. token ids) as `Int`s.
    public func integers(_ name: String) throws -> [Int] {
        guard let info = tensors[name] else { throw ModelFileError.tensorNotFound(path: url.path, tensor: name) }
        let count = info.shape.reduce(1, *)
        return try file.withBytes(in: info.byteRange) { raw in
            (0 ..< count).map { i -> Int in
                switch info.dtype {
                case .I64: return Int(raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
                case .I32: return Int(raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
                case .I16: return Int(raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
                case .I8: return Int(raw.loadUnaligned(fromByteOffset: i, as: Int8.self))
                case .U8, .BOOL: return Int(raw[i])
                case .F64, .F32, .F16, .BF16: return Int(Self.convert(raw, index: i, dtype: info.dtype))
                }
            }
        }
    }

    private static func convert(_ raw: UnsafeRawBufferPointer, index i: Int, dtype: SafeTensorsDType) -> Float {
        switch dtype {
        case .F32: return raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
        case .F64: return Float(raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self))
        case .F16: return Float(halfBits: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
        case .BF16: return Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) << 16)
        case .I64: return Float(raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
        case .I32: return Float(raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
        case .I16: return Float(raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
        case .I8: return Float(raw.loadUnaligned(fromByteOffset: i, as: Int8.self))
        case .U8, .BOOL: return Float(raw[i])
        }
    }
}

extension Float {
    /// Widens IEEE binary16 bits exactly (subnormals, infinities and NaN included).
    init(halfBits bits: UInt16) {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // ±0 or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            self = sign != 0 ? -magnitude : magnitude
        case 0x1F:
            self = Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            self = Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
