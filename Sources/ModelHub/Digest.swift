import Foundation

/// SHA-256 (FIPS 180-4), computed incrementally.
///
/// The hub names LFS blobs by the SHA-256 of their content; Vectorbook checks
/// every downloaded weight file against it.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Data("abc".utf8))
/// hasher.finalize().hexString   // "ba7816bf…"
/// ```
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    private var buffer = BlockBuffer()
    private var length: UInt64 = 0

    /// A hasher with the initial SHA-256 state.
    public init() {}

    /// Feeds `bytes` into the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        buffer.consume(bytes) { block in Self.compress(&state, block) }
    }

    /// Feeds `data` into the digest.
    public mutating func update(_ data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// The 32-byte digest of everything fed so far (the hasher is consumed).
    public consuming func finalize() -> [UInt8] {
        let tail = messagePadding(length: length)
        tail.withUnsafeBytes { raw in buffer.consume(raw) { block in Self.compress(&state, block) } }
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            out.append(contentsOf: bigEndianBytes(word))
        }
        return out
    }

    /// The SHA-256 of `data`.
    public static func hash(_ data: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ block: UnsafeRawBufferPointer
    ) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 { w[i] = loadBigEndian(block, at: i * 4) }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            k.withUnsafeBufferPointer { k in
                for i in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                     state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }
}

/// SHA-1 (FIPS 180-4), computed incrementally.
///
/// Only used to check small files against the git blob id the hub sends as
/// their `ETag` (see ``SHA1/gitBlobHeader(size:)``); not for security.
public struct SHA1: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0)
    private var buffer = BlockBuffer()
    private var length: UInt64 = 0

    /// A hasher with the initial SHA-1 state.
    public init() {}

    /// The header git hashes before a blob's content: `"blob <size>\0"`.
    public static func gitBlobHeader(size: Int64) -> Data {
        Data("blob \(size)\u{0}".utf8)
    }

    /// Feeds `bytes` into the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        buffer.consume(bytes) { block in Self.compress(&state, block) }
    }

    /// Feeds `data` into the digest.
    public mutating func update(_ data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// The 20-byte digest of everything fed so far (the hasher is consumed).
    public consuming func finalize() -> [UInt8] {
        let tail = messagePadding(length: length)
        tail.withUnsafeBytes { raw in buffer.consume(raw) { block in Self.compress(&state, block) } }
        var out = [UInt8]()
        out.reserveCapacity(20)
        for word in [state.0, state.1, state.2, state.3, state.4] {
            out.append(contentsOf: bigEndianBytes(word))
        }
        return out
    }

    /// The SHA-1 of `data`.
    public static func hash(_ data: some DataProtocol) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(data)
        return hasher.finalize()
    }

    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32),
        _ block: UnsafeRawBufferPointer
    ) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for i in 0..<16 { w[i] = loadBigEndian(block, at: i * 4) }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = state
            for i in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5a82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ed9_eba1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8f1b_bcdc
                default: f = b ^ c ^ d; k = 0xca62_c1d6
                }
                let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = rotl(b, 30); b = a; a = t
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte (how digests are written).
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Collects bytes into 64-byte blocks for the compression functions.
private struct BlockBuffer: Sendable {
    private var pending = [UInt8]()

    mutating func consume(_ bytes: UnsafeRawBufferPointer, _ compress: (UnsafeRawBufferPointer) -> Void) {
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            if pending.count < 64 { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: bytes[offset...])
        }
    }
}

@inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
@inline(__always) private func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

@inline(__always) private func loadBigEndian(_ block: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    UInt32(block[offset]) << 24 | UInt32(block[offset + 1]) << 16 | UInt32(block[offset + 2]) << 8 | UInt32(block[offset + 3])
}

private func bigEndianBytes(_ word: UInt32) -> [UInt8] {
    [UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
     UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
}

/// How a blob's content is checked against its hub etag.
enum ContentDigest: Sendable, Equatable {
    /// A 64-hex etag: the SHA-256 of the content (LFS files).
    case sha256(String)
    /// A 40-hex etag: the git blob SHA-1 (`"blob <size>\0"` + content) of a small file.
    case gitBlobSHA1(String)

    /// The check an etag implies, or `nil` when the etag is neither kind (then nothing is checked).
    init?(etag: String) {
        let isHex = etag.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard isHex else { return nil }
        switch etag.utf8.count {
        case 64: self = .sha256(etag)
        case 40: self = .gitBlobSHA1(etag)
        default: return nil
        }
    }

    /// The expected digest in hex.
    var expected: String {
        switch self {
        case .sha256(let hex), .gitBlobSHA1(let hex): hex
        }
    }

    /// The algorithm's name, for messages.
    var algorithm: String {
        switch self {
        case .sha256: "SHA-256"
        case .gitBlobSHA1: "git blob SHA-1"
        }
    }

    /// The digest of the file at `url`, read in 1 MiB chunks (never the whole file in memory).
    func actual(ofFileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        switch self {
        case .sha256:
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
            return hasher.finalize().hexString
        case .gitBlobSHA1:
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            var hasher = SHA1()
            hasher.update(SHA1.gitBlobHeader(size: Int64(size)))
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
            return hasher.finalize().hexString
        }
    }
}

/// SHA-1/SHA-256 message padding: 0x80, zeros to 56 mod 64, then the bit length (big-endian).
private func messagePadding(length: UInt64) -> [UInt8] {
    let bitLength = length &* 8
    let used = Int(length % 64)
    var tail = [UInt8](repeating: 0, count: used < 56 ? 56 - used : 120 - used)
    tail[0] = 0x80
    for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
    return tail
}
