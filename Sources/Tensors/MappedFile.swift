import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory. Tensors created from it share the
/// mapping (no copy) and keep it alive; the mapping is released with the last one.
public final class MappedFile: @unchecked Sendable {
    /// The file's location.
    public let url: URL
    /// Size of the file in bytes.
    public let size: Int
    private let base: UnsafeRawPointer?

    /// Maps `url` read-only. Throws when the file cannot be opened or mapped.
    public init(url: URL) throws {
        self.url = url
        let path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw TensorError.cannotOpenFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw TensorError.cannotOpenFile(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TensorError.cannotOpenFile(path: path, reason: "not a regular file")
        }
        size = Int(info.st_size)
        if size == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw TensorError.cannotOpenFile(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// Calls `body` with the bytes in `range`; throws when the range is not inside the file.
    public func withBytes<R>(in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw TensorError.rangeOutsideFile(path: url.path, range: range, fileSize: size)
        }
        guard let base, !range.isEmpty else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// A float32 tensor that views `shape` elements starting at `byteOffset`, without copying.
    /// Throws when the bytes lie outside the file or are not 4-byte aligned.
    public func tensor(byteOffset: Int, shape: [Int]) throws -> Tensor {
        let count = try Tensor.elementCount(of: shape)
        let range = byteOffset ..< byteOffset + count * MemoryLayout<Float>.size
        guard byteOffset >= 0, range.upperBound <= size else {
            throw TensorError.rangeOutsideFile(path: url.path, range: range, fileSize: size)
        }
        guard let base, count > 0 else { return Tensor(shape: shape, repeating: 0) }
        let start = base + byteOffset
        guard Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 else {
            throw TensorError.misalignedData(path: url.path, offset: byteOffset)
        }
        let pointer = start.assumingMemoryBound(to: Float.self)
        return Tensor(storage: TensorStorage(borrowing: pointer, count: count, owner: self), shape: shape)
    }
}
