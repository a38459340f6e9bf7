import Foundation
import Testing
@testable import ModelHub
@testable import Tensors

/// Writes safetensors files byte by byte, so tests can also write broken ones.
struct SafeTensorsBuilder {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
        var offsets: (Int, Int)?
    }

    var entries: [Entry] = []
    var metadata: [String: String]? = nil

    mutating func add(_ name: String, dtype: String, shape: [Int], bytes: [UInt8], offsets: (Int, Int)? = nil) {
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes, offsets: offsets))
    }

    mutating func addFloats(_ name: String, shape: [Int], _ values: [Float]) {
        add(name, dtype: "F32", shape: shape, bytes: values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
    }

    func header() -> String {
        var parts: [String] = []
        if let metadata {
            parts.append("\"__metadata__\":{" + metadata.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}")
        }
        var offset = 0
        for entry in entries {
            let (begin, end) = entry.offsets ?? (offset, offset + entry.bytes.count)
            offset += entry.bytes.count
            parts.append("\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":\(entry.shape),\"data_offsets\":[\(begin),\(end)]}")
        }
        var text = "{" + parts.joined(separator: ",") + "}"
        while (8 + text.utf8.count) % 8 != 0 { text += " " }
        return text
    }

    func data(header override: String? = nil, truncateBy: Int = 0) -> Data {
        let text = override ?? header()
        var data = Data(withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian, Array.init))
        data.append(Data(text.utf8))
        for entry in entries { data.append(contentsOf: entry.bytes) }
        return data.prefix(data.count - truncateBy)
    }

    func write(header override: String? = nil, truncateBy: Int = 0) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vb-\(UUID().uuidString).safetensors")
        try data(header: override, truncateBy: truncateBy).write(to: url)
        return url
    }
}

@Suite("safetensors reader")
struct SafeTensorsTests {
    @Test("F32 tensors are mapped in place; metadata and names are read")
    func float32() throws {
        var builder = SafeTensorsBuilder()
        builder.metadata = ["format": "pt"]
        builder.addFloats("a.weight", shape: [2, 2], [1, 2, 3, 4])
        builder.addFloats("a.bias", shape: [2], [-1, 0.5])
        let url = try builder.write()
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        #expect(file.names == ["a.bias", "a.weight"])
        #expect(file.metadata == ["format": "pt"])
        let weight = try file.tensor("a.weight")
        #expect(weight.shape == [2, 2])
        #expect(weight.scalars == [1, 2, 3, 4])
        #expect(try file.tensor("a.bias").scalars == [-1, 0.5])
        #expect(throws: ModelFileError.tensorNotFound(path: url.path, tensor: "missing")) { try file.tensor("missing") }
    }

    @Test("F16, BF16, F64 and I64 are converted to float32 exactly")
    func conversions() throws {
        var builder = SafeTensorsBuilder()
        // 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), +inf in binary16.
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00]
        builder.add("h", dtype: "F16", shape: [5], bytes: halves.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
        let brains: [UInt16] = [0x3F80, 0xC040, 0x4049] // 1.0, -3.0, 3.140625
        builder.add("b", dtype: "BF16", shape: [3], bytes: brains.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
        builder.add("d", dtype: "F64", shape: [2], bytes: [0.25, -8.0].flatMap { (v: Double) in withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) })
        builder.add("i", dtype: "I64", shape: [1, 3], bytes: [Int64(7), -1, 1 << 40].flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
        let url = try builder.write()
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        #expect(try file.tensor("h").scalars == [1, -2, 65504, 0x1p-24, .infinity])
        #expect(try file.tensor("b").scalars == [1, -3, 3.140625])
        #expect(try file.tensor("d").scalars == [0.25, -8])
        #expect(try file.integers("i") == [7, -1, 1 << 40])
        #expect(try file.tensor("i").shape == [1, 3])
    }

    @Test("broken files give errors naming the file and the tensor", arguments: [
        "empty", "short-length", "header-past-end", "bad-json", "not-object", "unknown-dtype", "size-mismatch",
        "offsets-past-end", "reversed-offsets", "overlap", "negative-shape", "truncated",
    ])
    func corrupt(_ kind: String) throws {
        var builder = SafeTensorsBuilder()
        builder.addFloats("layer.weight", shape: [2, 2], [1, 2, 3, 4])
        builder.addFloats("layer.bias", shape: [2], [5, 6])
        var data: Data
        var tensor: String? = nil
        switch kind {
        case "empty": data = Data()
        case "short-length": data = Data([1, 0, 0])
        case "header-past-end": data = Data(withUnsafeBytes(of: UInt64(1 << 20).littleEndian, Array.init)) + Data("{}".utf8)
        case "bad-json": data = builder.data(header: "{\"layer.weight\": {\"dtype\": ")
        case "not-object": data = builder.data(header: "[1, 2, 3]   ")
        case "unknown-dtype":
            builder.entries[0].dtype = "F8_E4M3X"
            data = builder.data(); tensor = "layer.weight"
        case "size-mismatch":
            builder.entries[1].shape = [3]
            data = builder.data(); tensor = "layer.bias"
        case "offsets-past-end":
            builder.entries[1].offsets = (16, 40)
            builder.entries[1].shape = [6]
            data = builder.data(); tensor = "layer.bias"
        case "reversed-offsets":
            builder.entries[1].offsets = (24, 16)
            data = builder.data(); tensor = "layer.bias"
        case "overlap":
            builder.entries[1].offsets = (8, 16)
            data = builder.data(); tensor = "layer"
        case "negative-shape":
            builder.entries[0].shape = [-2, -2]
            data = builder.data(); tensor = "layer.weight"
        default: // truncated: the last tensor's bytes are cut off
            data = builder.data(truncateBy: 5); tensor = "layer.bias"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vb-corrupt-\(kind).safetensors")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: ModelFileError.self) { try SafeTensorsFile(url: url) }
        let message = error.localizedDescription
        #expect(message.contains(url.path), "\(kind): \(message)")
        if let tensor { #expect(message.contains(tensor), "\(kind): \(message)") }
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        #expect(throws: ModelFileError.self) { try SafeTensorsFile(url: URL(fileURLWithPath: "/nonexistent/model.safetensors")) }
    }
}

@Suite("config files")
struct ConfigFileTests {
    struct Sizes: Decodable {
        let hiddenSize: Int
        let layers: [Int]
        enum CodingKeys: String, CodingKey {
            case hiddenSize = "hidden_size"
            case layers
        }
    }

    @Test("decoding errors name the file and the key")
    func errors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")

        try Data("{\"layers\": [1]}".utf8).write(to: url)
        #expect(throws: ModelFileError.missingKey(path: url.path, key: "hidden_size")) { try ConfigFile(url: url).decode(Sizes.self) }

        try Data("{\"hidden_size\": \"big\", \"layers\": []}".utf8).write(to: url)
        let mismatch = try #require(throws: ModelFileError.self) { try ConfigFile(url: url).decode(Sizes.self) }
        #expect(mismatch.localizedDescription.contains("hidden_size"))

        try Data("{\"hidden_size\": 3, ".utf8).write(to: url)
        #expect(throws: ModelFileError.self) { try ConfigFile(url: url) }

        try Data("{\"hidden_size\": 8, \"layers\": [1, 2], \"model_type\": \"bert\"}".utf8).write(to: url)
        let config = try ConfigFile(url: url)
        #expect(config.string("model_type") == "bert")
        #expect(try config.decode(Sizes.self).layers == [1, 2])
    }
}
