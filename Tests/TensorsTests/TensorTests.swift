import Foundation
import Testing
@testable import Tensors

@Suite("Tensor basics")
struct TensorBasicsTests {
    @Test("shape, count and scalars round-trip")
    func construction() throws {
        let t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.shape == [2, 3])
        #expect(t.rank == 2)
        #expect(t.count == 6)
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.self) { try Tensor([[1, 2], [3]]) }
    }

    @Test("copies are independent (copy-on-write)")
    func copyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 9 }
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [9, 2, 3])
    }

    @Test("integer, range and .all subscripts follow PyTorch")
    func subscripts() throws {
        let t = try Tensor(shape: [2, 3, 4], scalars: (0 ..< 24).map(Float.init))
        #expect(t[0].shape == [3, 4])
        #expect(t[1, 2].scalars == [20, 21, 22, 23])
        #expect(t[.all, 0, .all].shape == [2, 4])
        #expect(t[.all, 0, .all].scalars == [0, 1, 2, 3, 12, 13, 14, 15])
        #expect(t[0, 0, ..<2].scalars == [0, 1])
        #expect(t[0, 0, 2...].scalars == [2, 3])
        #expect(t[0, 0, 1 ... 2].scalars == [1, 2])
        #expect(t[-1, -1, -1].scalars == [23])
        #expect(t[0, 0, ..<100].scalars == [0, 1, 2, 3]) // clamped like Python slices
        #expect(throws: TensorError.self) { try t.slice([5]) }
        #expect(throws: TensorError.self) { try t.slice([0, 0, 0, 0]) }
    }

    @Test("reshape infers one dimension and rejects bad counts")
    func reshape() throws {
        let t = Tensor((0 ..< 12).map(Float.init))
        #expect(try t.reshaped([3, -1]).shape == [3, 4])
        #expect(throws: TensorError.self) { try t.reshaped([5, 3]) }
    }
}

@Suite("Reductions, pooling and similarity")
struct ReductionTests {
    @Test("mean over the token dimension honours the token mask")
    func maskedMean() throws {
        var t = try Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 100, 100,
                                                       5, 6, 7, 8, 9, 10])
        #expect(t.mean(dim: 1).scalars == [34.666668, 35.333332, 7, 8])
        t.tokenMask = [[1, 1, 0], [1, 1, 1]]
        #expect(t.mean(dim: 1).scalars == [2, 3, 7, 8])
        #expect(t.max(dim: 1).scalars == [3, 4, 9, 10])
        #expect(t.pooled(.cls).scalars == [1, 2, 5, 6])
        #expect(t.sum(dim: 2).shape == [2, 3])
    }

    @Test("normalized gives unit rows; cosine similarity matches the definition")
    func normalizeAndCosine() throws {
        let a = try Tensor([[3, 4], [0, 0]])
        let n = a.normalized()
        #expect(n.scalars == [0.6, 0.8, 0, 0])
        let x = Tensor([1, 2, 3]), y = Tensor([2, 4, 6]), z = Tensor([-1, -2, -3])
        #expect(abs(cosineSimilarity(x, y) - 1) < 1e-6)
        #expect(abs(cosineSimilarity(x, z) + 1) < 1e-6)
        #expect(abs(cosineSimilarity(Tensor([1, 0]), Tensor([0, 1]))) < 1e-7)
        let matrix = cosineSimilarityMatrix(try Tensor([[1, 0], [1, 1]]), try Tensor([[1, 0], [0, 1], [1, 1]]))
        #expect(matrix.shape == [2, 3])
        #expect(matrix.maxAbsDifference(try Tensor([[1, 0, 0.70710678], [0.70710678, 0.70710678, 1]])) < 1e-6)
    }
}

@Suite("BLAS and kernels")
struct KernelTests {
    /// A deterministic pseudo-random tensor.
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var state = seed
        let count = shape.reduce(1, *)
        let values = (0 ..< count).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 500
        }
        return (try? Tensor(shape: shape, scalars: values)) ?? Tensor(shape: shape)
    }

    @Test("matmul equals the naive triple loop")
    func matmulMatchesNaive() throws {
        let a = Self.random([7, 5], seed: 1), b = Self.random([5, 3], seed: 2)
        var expected = [Float](repeating: 0, count: 21)
        for i in 0 ..< 7 { for j in 0 ..< 3 { for k in 0 ..< 5 { expected[i * 3 + j] += a.scalars[i * 5 + k] * b.scalars[k * 3 + j] } } }
        #expect(matmul(a, b).maxAbsDifference(try Tensor(shape: [7, 3], scalars: expected)) < 1e-5)
        #expect(a.transposed().transposed() == a)
    }

    @Test("GELU variants, tanh and exp match libm within 2e-6")
    func activations() {
        let xs = stride(from: -12.0, through: 12.0, by: 0.013).map { Float($0) }
        let t = Tensor(xs)
        let gelu = t.gelu().scalars, tanhApprox = t.geluTanh().scalars, quick = t.quickGelu().scalars, th = t.tanh().scalars
        for (i, x) in xs.enumerated() {
            let d = Double(x)
            #expect(abs(Double(gelu[i]) - d * 0.5 * (1 + Foundation.erf(d / 2.0.squareRoot()))) < 2e-6)
            #expect(abs(Double(tanhApprox[i]) - d * 0.5 * (1 + Foundation.tanh(0.7978845608 * (d + 0.044715 * d * d * d)))) < 2e-6 * max(1, abs(d)))
            #expect(abs(Double(quick[i]) - d / (1 + Foundation.exp(-1.702 * d))) < 2e-6 * max(1, abs(d)))
            #expect(abs(Double(th[i]) - Foundation.tanh(d)) < 2e-7)
        }
        let inputs = stride(from: -80.0, through: 80.0, by: 0.37).map { Float($0) }
        for (x, e) in zip(inputs, Kernels.exp(inputs)) {
            let expected = Foundation.exp(Double(x))
            #expect(abs(Double(e) - expected) <= 3e-7 * expected)
        }
        #expect(Kernels.exp([-200, -87.4, 0]) == [0, 0, 1])
    }

    @Test("layer norm matches a double-precision reference")
    func layerNorm() {
        let x = Self.random([5, 37], seed: 3), g = Self.random([37], seed: 4), b = Self.random([37], seed: 5)
        let y = x.layerNorm(weight: g, bias: b, epsilon: 1e-12).scalars
        for r in 0 ..< 5 {
            let row = x.scalars[(r * 37) ..< (r * 37 + 37)].map(Double.init)
            let mean = row.reduce(0, +) / 37
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 37
            for c in 0 ..< 37 {
                let expected = (row[c] - mean) / (variance + 1e-12).squareRoot() * Double(g.scalars[c]) + Double(b.scalars[c])
                #expect(abs(Double(y[r * 37 + c]) - expected) < 1e-5)
            }
        }
    }

    @Test("masked softmax gives zero weight to masked positions")
    func softmax() throws {
        let t = try Tensor([[1, 2, 3], [1000, 1000, -1000]])
        let s = t.softmax(mask: try Tensor([[1, 1, 0], [1, 1, 1]])).scalars
        let e1 = exp(1.0), e2 = exp(2.0)
        #expect(abs(Double(s[0]) - e1 / (e1 + e2)) < 1e-6)
        #expect(s[2] == 0)
        #expect(abs(s[3] - 0.5) < 1e-6 && abs(s[4] - 0.5) < 1e-6 && s[5] == 0)
    }

    @Test("attention matches a naive implementation, with key mask and causal mask")
    func attention() {
        let n = 9, d = 8
        let q = Self.random([n, d], seed: 6), k = Self.random([n, d], seed: 7), v = Self.random([n, d], seed: 8)
        let keyMask = (0 ..< n).map { $0 != 4 }
        for causal in [false, true] {
            let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, keyMask: keyMask, causal: causal)
            for i in 0 ..< n {
                var weights = (0 ..< n).map { j -> Double in
                    guard keyMask[j], !causal || j <= i else { return -.infinity }
                    return (0 ..< d).reduce(0.0) { $0 + Double(q.scalars[i * d + $1]) * Double(k.scalars[j * d + $1]) } / Double(d).squareRoot()
                }
                let top = weights.max() ?? 0
                weights = weights.map { exp($0 - top) }
                let total = weights.reduce(0, +)
                for c in 0 ..< d {
                    let expected = (0 ..< n).reduce(0.0) { $0 + weights[$1] / total * Double(v.scalars[$1 * d + c]) }
                    #expect(abs(Double(out.scalars[i * d + c]) - expected) < 1e-5)
                }
            }
        }
    }

    @Test("embedding lookup copies rows and rejects out-of-vocabulary ids")
    func embedding() throws {
        let table = try Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
        #expect(try table.embeddingLookup([2, 0]).scalars == [20, 21, 0, 1])
        #expect(throws: TensorError.indexOutOfRange(index: 3, dimension: 0, size: 3)) { try table.embeddingLookup([3]) }
    }

    @Test("parallel kernels give the same result on one thread and many")
    func threadsAgree() {
        let x = Self.random([300, 96], seed: 9)
        ComputeThreads.set(1)
        let one = x.gelu()
        ComputeThreads.set(4)
        let many = x.gelu()
        ComputeThreads.set(ProcessInfo.processInfo.activeProcessorCount)
        #expect(one == many)
    }
}

@Suite("Memory-mapped files")
struct MappedFileTests {
    @Test("a mapped tensor reads the file in place and copies on write")
    func mapped() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vb-mapped-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        let values: [Float] = [1.5, -2, 3.25, 4, 5, 6]
        try values.withUnsafeBytes { Data($0) }.write(to: url)
        let file = try MappedFile(url: url)
        #expect(file.size == 24)
        var t = try file.tensor(byteOffset: 8, shape: [2, 2])
        #expect(t.scalars == [3.25, 4, 5, 6])
        t.withUnsafeMutableBufferPointer { $0[0] = 0 }
        #expect(t.scalars == [0, 4, 5, 6])
        #expect(try file.tensor(byteOffset: 8, shape: [2, 2]).scalars == [3.25, 4, 5, 6])
        #expect(throws: TensorError.self) { try file.tensor(byteOffset: 16, shape: [3]) }
        #expect(throws: TensorError.self) { try file.tensor(byteOffset: 2, shape: [1]) }
        #expect(throws: TensorError.self) { try MappedFile(url: url.appendingPathExtension("missing")) }
    }
}
