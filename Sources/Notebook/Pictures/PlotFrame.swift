import Foundation

/// Axes for a plot: the plotting rectangle inside margins, ticks and titles.
struct PlotFrame {
    let width: Int
    let height: Int
    let left = 46
    let right = 12
    let top = 22
    let bottom = 30

    var plotWidth: Int { width - left - right }
    var plotHeight: Int { height - top - bottom }

    /// Draws the title, the axes, x ticks for `xRange` and y ticks for `yRange` with their labels.
    func drawAxes(on canvas: inout Canvas, title: String, xLabel: String, yLabel: String,
                  xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: Bool = true) {
        canvas.text(title, x: left, y: 6)
        for tick in Self.ticks(xRange, count: 6) {
            let x = left + Int(((tick - xRange.lowerBound) / max(xRange.upperBound - xRange.lowerBound, 1e-12)) * Double(plotWidth - 1))
            if grid { canvas.verticalLine(x: x, from: top, to: top + plotHeight - 1, .grid) }
            canvas.verticalLine(x: x, from: top + plotHeight, to: top + plotHeight + 3, .axis)
            let label = Self.format(tick)
            canvas.text(label, x: x - Canvas.textWidth(label) / 2, y: top + plotHeight + 6)
        }
        for tick in Self.ticks(yRange, count: 4) {
            let y = top + plotHeight - 1 - Int(((tick - yRange.lowerBound) / max(yRange.upperBound - yRange.lowerBound, 1e-12)) * Double(plotHeight - 1))
            if grid { canvas.horizontalLine(y: y, from: left, to: left + plotWidth - 1, .grid) }
            canvas.horizontalLine(y: y, from: left - 3, to: left - 1, .axis)
            let label = Self.format(tick)
            canvas.text(label, x: left - 5 - Canvas.textWidth(label), y: y - 3)
        }
        canvas.verticalLine(x: left - 1, from: top, to: top + plotHeight, .axis)
        canvas.horizontalLine(y: top + plotHeight, from: left - 1, to: left + plotWidth - 1, .axis)
        canvas.text(xLabel, x: left + plotWidth - Canvas.textWidth(xLabel), y: height - 9)
        canvas.verticalText(yLabel, x: 2, centerY: top + plotHeight / 2)
    }

    /// "Nice" tick values (1, 2 or 5 × 10ⁿ steps) inside `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let rough = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        var values: [Double] = []
        var tick = ceil(range.lowerBound / step) * step
        while tick <= range.upperBound + step * 1e-9, values.count < 50 {
            values.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return values
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        let text = String(format: "%.2f", value)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }
}
