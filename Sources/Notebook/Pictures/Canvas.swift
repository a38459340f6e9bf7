import Media

/// A small RGB raster for display pictures (waveforms, spectrograms), saved as PNG.
struct Canvas {
    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    struct Color: Equatable {
        var red: UInt8, green: UInt8, blue: UInt8
        static let white = Color(red: 255, green: 255, blue: 255)
        static let axis = Color(red: 90, green: 96, blue: 105)
        static let grid = Color(red: 228, green: 231, blue: 235)
        static let text = Color(red: 50, green: 55, blue: 62)
        static let wave = Color(red: 37, green: 99, blue: 235)
    }

    init(width: Int, height: Int, background: Color = .white) {
        self.width = max(1, width)
        self.height = max(1, height)
        pixels = [UInt8](repeating: 0, count: self.width * self.height * 3)
        fill(x: 0, y: 0, width: self.width, height: self.height, background)
    }

    mutating func set(_ x: Int, _ y: Int, _ color: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let offset = (y * width + x) * 3
        pixels[offset] = color.red
        pixels[offset + 1] = color.green
        pixels[offset + 2] = color.blue
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ color: Color) {
        for row in max(0, y) ..< min(height, y + h) {
            for column in max(0, x) ..< min(width, x + w) { set(column, row, color) }
        }
    }

    mutating func horizontalLine(y: Int, from x0: Int, to x1: Int, _ color: Color) {
        for x in min(x0, x1) ... max(x0, x1) { set(x, y, color) }
    }

    mutating func verticalLine(x: Int, from y0: Int, to y1: Int, _ color: Color) {
        for y in min(y0, y1) ... max(y0, y1) { set(x, y, color) }
    }

    /// Text in the 5×7 font; `x` is the left edge, `y` the top. Returns the width drawn.
    @discardableResult
    mutating func text(_ string: String, x: Int, y: Int, _ color: Color = .text) -> Int {
        var cursor = x
        for character in string {
            for (row, bits) in BitmapFont.rows(character).enumerated() {
                for column in 0 ..< BitmapFont.width where bits & (0x10 >> UInt8(column)) != 0 {
                    set(cursor + column, y + row, color)
                }
            }
            cursor += BitmapFont.width + 1
        }
        return cursor - x
    }

    /// The width `string` takes in the font.
    static func textWidth(_ string: String) -> Int {
        max(0, string.count * (BitmapFont.width + 1) - 1)
    }

    /// Text rotated 90° anticlockwise (for a vertical axis title), centred on `centerY`.
    mutating func verticalText(_ string: String, x: Int, centerY: Int, _ color: Color = .text) {
        let length = Self.textWidth(string)
        var cursor = centerY + length / 2
        for character in string {
            for (row, bits) in BitmapFont.rows(character).enumerated() {
                for column in 0 ..< BitmapFont.width where bits & (0x10 >> UInt8(column)) != 0 {
                    set(x + row, cursor - column, color)
                }
            }
            cursor -= BitmapFont.width + 1
        }
    }

    /// The picture as a PNG file's bytes.
    func png() throws -> [UInt8] {
        Array(try Image(width: width, height: height, mode: .rgb, pixels: pixels).pngData())
    }
}
