import Foundation
import Notebook
import Testing

@Suite("Terminal renderer")
struct TerminalRendererTests {
    let plain = TerminalRenderer(colors: false)
    let colored = TerminalRenderer(colors: true)

    static let tensor = TensorDisplay(shape: [1, 4], dtype: "float32", leading: [0.5, -0.25, 1, 0], count: 4, norm: 1.1456,
                                      minimum: -0.25, maximum: 1, sparkline: [0.5, -0.25, 1, 0])

    static let tokens = TokenTableDisplay(sequences: [[
        .init(token: "[CLS]", id: 2, attentionMask: 1, typeID: 0), .init(token: "h", id: 24, attentionMask: 1, typeID: 0),
        .init(token: "##i", id: 77, attentionMask: 1, typeID: 0), .init(token: "[SEP]", id: 3, attentionMask: 1, typeID: 0),
        .init(token: "[PAD]", id: 0, attentionMask: 0, typeID: 0),
    ]])

    @Test("print output loses only its final newline")
    func stdout() {
        #expect(plain.render(.stdout("a\nb\n")) == "a\nb")
        #expect(plain.render(.stdout("no newline")) == "no newline")
    }

    @Test("tensor: header with norm/min/max, leading values, sparkline")
    func tensor() {
        #expect(plain.render(.display(.tensor(Self.tensor))) == """
            Tensor [1, 4] float32  norm 1.1456  min -0.2500  max 1.0000
            [0.5000, -0.2500, 1.0000, 0.0000]
            ▅▁█▂
            """)
        var long = Self.tensor
        long.count = 384
        long.sparkline = []
        #expect(plain.render(.tensor(long)).split(separator: "\n").map(String.init)
            == ["Tensor [1, 4] float32  norm 1.1456  min -0.2500  max 1.0000", "[0.5000, -0.2500, 1.0000, 0.0000, …]"])
        #expect(colored.render(.tensor(Self.tensor)).hasPrefix("\u{1B}[1mTensor\u{1B}[0m \u{1B}[36m[1, 4]\u{1B}[0m float32  \u{1B}[2mnorm\u{1B}[0m 1.1456"))
    }

    @Test("sparkline levels span minimum to maximum; flat and non-finite values stay readable")
    func sparkline() {
        var flat = Self.tensor
        flat.sparkline = [2, 2, .nan]
        flat.minimum = 2
        flat.maximum = 2
        #expect(plain.render(.tensor(flat)).hasSuffix("\n▄▄ "))
    }

    @Test("token table: aligned columns, padding dimmed with colours")
    func tokenTable() {
        #expect(plain.render(.tokens(Self.tokens)) == """
            token  [CLS]  h   ##i  [SEP]  [PAD]
            id         2  24   77      3      0
            mask       1   1    1      1      0
            type       0   0    0      0      0
            """)
        let dimmed = colored.render(.tokens(Self.tokens))
        #expect(dimmed.contains("\u{1B}[2m[PAD]\u{1B}[0m"))
        #expect(dimmed.contains("\u{1B}[2mid   \u{1B}[0m      2  24   77      3  \u{1B}[2m    0\u{1B}[0m"))
    }

    @Test("token table: batches get a header per sequence, long rows wrap, control characters are escaped")
    func tokenTableWrapping() {
        let row = (0 ..< 30).map { TokenTableDisplay.Row(token: "tok\($0)", id: 1000 + $0, attentionMask: 1) }
        let wrapped = TerminalRenderer(colors: false, width: 40).render(.tokens(TokenTableDisplay(sequences: [row, [
            .init(token: "a\nb\u{1B}", id: 5, attentionMask: 1),
        ]])))
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "sequence 0")
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines[1 ... 4] == ["token  tok0  tok1  tok2  tok3  tok4", "id     1000  1001  1002  1003  1004", "mask      1     1     1     1     1", ""])
        #expect(lines.contains("sequence 1"))
        #expect(lines.contains("token  a\\nb\\u{1b}"))
        #expect(!lines.contains { $0.hasPrefix("type") }, "no type row when no type ids")
    }

    @Test("similarity table: aligned, 3 decimals, colour scale when colours are on")
    func similarity() {
        let table = SimilarityDisplay(rows: ["cat", "dog"], columns: ["cat", "dog"], values: [[1, 0.8234], [0.8234, 1]], title: "Similarity")
        #expect(plain.render(.similarity(table)) == """
            Similarity
                   cat    dog
            cat  1.000  0.823
            dog  0.823  1.000
            """)
        let scaled = colored.render(.similarity(table))
        #expect(scaled.contains("\u{1B}[38;5;196m 1.000\u{1B}[0m"))
        #expect(scaled.contains("\u{1B}[38;5;33m 0.823\u{1B}[0m"))
    }

    @Test("image, check, error and text")
    func others() {
        #expect(plain.render(.image(ImageDisplay(width: 451, height: 300, mode: "RGB", thumbnailPNG: ""))) == "[image 451×300 RGB]")
        #expect(plain.render(.image(ImageDisplay(width: 2, height: 1, mode: "L", thumbnailPNG: "", caption: "tiny"))) == "[image 2×1 L] tiny")
        #expect(plain.render(.check(CheckDisplay(passed: true, message: "dimension is 384", location: nil))) == "✓ dimension is 384")
        let location = SourceLocation(file: "01-intro.md", line: 12, column: 1)
        #expect(plain.render(.check(CheckDisplay(passed: false, message: "dimension is 384", location: location)))
            == "✗ dimension is 384 (01-intro.md:12:1)")
        #expect(colored.render(.check(CheckDisplay(passed: true, message: "ok", location: nil))) == "\u{1B}[32m✓\u{1B}[0m ok")
        #expect(plain.render(.error(ErrorDisplay(kind: .runtime, message: "index 5 is out of range", location: location)))
            == "01-intro.md:12:1: runtime error: index 5 is out of range")
        #expect(plain.render(.error(ErrorDisplay(kind: .fileAccess, message: "../x is outside the course folder", location: nil)))
            == "file access error: ../x is outside the course folder")
        #expect(colored.render(.error(ErrorDisplay(kind: .timeout, message: "30 s", location: nil))) == "\u{1B}[31;1mtimeout\u{1B}[0m: 30 s")
        #expect(plain.render(.text("Model bert (hidden 384) from x", type: "Model")) == "Model bert (hidden 384) from x")
    }

    @Test("collections: one line as Swift prints them when short, else one item per line")
    func collections() {
        func collection(_ kind: CollectionDisplay.Kind, _ keys: [String]?, _ items: [Display], omitted: Int = 0, _ type: String) -> CellOutput {
            .display(.collection(CollectionDisplay(kind: kind, keys: keys, items: items, omitted: omitted, type: type)))
        }
        let ints: [Display] = [.text("1", type: "Int"), .text("2", type: "Int")]
        #expect(plain.render(collection(.array, nil, ints, "[Int]")) == "[1, 2]")
        #expect(plain.render(collection(.array, nil, ints, omitted: 98, "[Int]")) == "[1, 2, … 98 more]")
        #expect(plain.render(collection(.array, nil, [.text("a", type: "String"), .text("b\"", type: "String")], "[String]")) == #"["a", "b\""]"#)
        #expect(plain.render(collection(.tuple, ["width", "height"], [.text("451", type: "Int"), .text("300", type: "Int")], "(width: Int, height: Int)"))
            == "(width: 451, height: 300)")
        #expect(plain.render(collection(.dictionary, ["a", "b"], ints, "[String: Int]")) == #"["a": 1, "b": 2]"#)
        #expect(plain.render(collection(.dictionary, [], [], "[String: Int]")) == "[:]")
        #expect(plain.render(collection(.array, nil, [], "[Int]")) == "[]")
        let nested = plain.render(collection(.array, nil, [.tensor(Self.tensor), .text("x", type: "String")], "[Any]"))
        #expect(nested == """
            [Any] (2 items)
            [0] Tensor [1, 4] float32  norm 1.1456  min -0.2500  max 1.0000
                [0.5000, -0.2500, 1.0000, 0.0000]
                ▅▁█▂
            [1] "x"
            """)
    }

    @Test("without colours there is no escape sequence anywhere")
    func noColours() {
        let outputs: [Display] = [
            .tensor(Self.tensor), .tokens(Self.tokens),
            .similarity(SimilarityDisplay(rows: ["a"], columns: ["b"], values: [[0.5]], title: "t")),
            .image(ImageDisplay(width: 1, height: 1, mode: "L", thumbnailPNG: "")),
            .check(CheckDisplay(passed: false, message: "m", location: nil)),
            .error(ErrorDisplay(kind: .syntax, message: "m", location: nil)),
            .collection(CollectionDisplay(kind: .array, keys: nil, items: [.tensor(Self.tensor)], omitted: 3, type: "[Tensor]")),
        ]
        for display in outputs {
            #expect(!plain.render(display).contains("\u{1B}"))
        }
    }
}
