import Foundation
import Testing
@testable import ModelHub

@Suite("Digests")
struct DigestTests {
    static let twoBlock448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let twoBlock896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

    @Test("SHA-256 matches the FIPS 180 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (twoBlock448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (twoBlock896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func sha256Vectors(input: String, expected: String) {
        #expect(SHA256.hash(Data(input.utf8)).hexString == expected)
    }

    @Test("SHA-1 matches the FIPS 180 test vectors", arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (twoBlock448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (twoBlock896, "a49b2446a02c645bf419f995b67091253a04a259"),
    ])
    func sha1Vectors(input: String, expected: String) {
        #expect(SHA1.hash(Data(input.utf8)).hexString == expected)
    }

    @Test("One million 'a' (fed in uneven pieces)")
    func millionA() {
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        var sha256 = SHA256()
        var sha1 = SHA1()
        var offset = 0
        var step = 1
        while offset < million.count {
            let end = min(offset + step, million.count)
            sha256.update(million[offset..<end])
            sha1.update(million[offset..<end])
            offset = end
            step = step * 3 % 9973 + 1
        }
        #expect(sha256.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(sha1.finalize().hexString == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("Incremental updates at every split point equal one-shot hashing")
    func splits() {
        let data = Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let whole256 = SHA256.hash(data)
        let whole1 = SHA1.hash(data)
        for split in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 299, 300] {
            var a = SHA256()
            a.update(data.prefix(split))
            a.update(data.dropFirst(split))
            #expect(a.finalize() == whole256, "SHA-256 split at \(split)")
            var b = SHA1()
            b.update(data.prefix(split))
            b.update(data.dropFirst(split))
            #expect(b.finalize() == whole1, "SHA-1 split at \(split)")
        }
        // 768 bytes: bytes(range(256)) * 3, checked with Python's hashlib.
        let counting = Data((0..<768).map { UInt8($0 % 256) })
        #expect(SHA256.hash(counting).hexString == "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363")
        #expect(SHA1.hash(counting).hexString == "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2")
    }

    @Test("Git blob ids match `git hash-object`")
    func gitBlob() throws {
        #expect(TestHubServer.gitBlobSHA1(Data("hello".utf8)) == "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0")
        #expect(TestHubServer.gitBlobSHA1(Data()) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("hello")
            try Data("hello".utf8).write(to: file)
            let check = try #require(ContentDigest(etag: "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0"))
            #expect(try check.actual(ofFileAt: file) == check.expected)
            let sha = try #require(ContentDigest(etag: SHA256.hash(Data("hello".utf8)).hexString))
            #expect(try sha.actual(ofFileAt: file) == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        }
        #expect(ContentDigest(etag: "not-a-digest") == nil)
        #expect(ContentDigest(etag: String(repeating: "A", count: 64)) == nil)   // digests are lower-case hex
    }
}
