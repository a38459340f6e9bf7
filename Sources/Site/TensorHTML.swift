import Foundation
import Notebook

/// Tensors: shape, dtype, count, norm and range, the leading values, and an inline SVG sparkline.
enum TensorHTML {
    static func html(_ tensor: TensorDisplay) -> String {
        let shape = "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]"
        var html = "<div class=\"tensor\"><p class=\"tensor-summary\">"
        html += "<span class=\"value-type\">Tensor</span> "
        html += "<code class=\"tensor-shape\" title=\"shape\">\(HTML.escape(shape))</code> "
        html += "<span class=\"tensor-dtype\">\(HTML.escape(tensor.dtype))</span>"
        html += "<span class=\"tensor-stat\">\(NumberText.integer(tensor.count)) "
            + "\(tensor.count == 1 ? "value" : "values")</span>"
        html += "<span class=\"tensor-stat\">norm \(NumberText.value(tensor.norm))</span>"
        html += "<span class=\"tensor-stat\">min \(NumberText.value(tensor.minimum)) · "
            + "max \(NumberText.value(tensor.maximum))</span></p>"
        if !tensor.leading.isEmpty {
            let more = tensor.count > tensor.leading.count ? ", …" : ""
            let values = tensor.leading.map(NumberText.value).joined(separator: ", ")
            html += "<code class=\"tensor-values\">[\(values)\(more)]</code>"
        }
        html += sparkline(tensor.sparkline)
        return html + "</div>\n"
    }

    /// A polyline of the sampled values scaled to their range, with a zero line when zero is in range;
    /// non-finite values break the line. Empty when there is nothing to draw.
    static func sparkline(_ values: [Float], width: Double = 240, height: Double = 40) -> String {
        let finite = values.filter(\.isFinite).map(Double.init)
        guard let low = finite.min(), let high = finite.max() else { return "" }
        let padding = 3.0
        let span = high - low
        func y(_ value: Double) -> Double {
            guard span > 0 else { return height / 2 }
            return padding + (high - value) / span * (height - 2 * padding)
        }
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        var path = ""
        var penDown = false
        for (index, value) in values.enumerated() {
            guard value.isFinite else { penDown = false; continue }
            let x = values.count > 1 ? Double(index) * step : width / 2
            path += (penDown ? "L" : "M") + String(format: "%.1f %.1f ", x, y(Double(value)))
            penDown = true
        }
        if values.count == 1 || finite.count == 1 {
            // A single point: draw a short horizontal tick so that it is visible.
            let point = y(finite[0])
            path = String(format: "M%.1f %.1f L%.1f %.1f", width / 2 - 4, point, width / 2 + 4, point)
        }
        var zeroLine = ""
        if low < 0, high > 0 {
            let zero = y(0)
            zeroLine = String(format: "<line class=\"sparkline-zero\" x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>",
                              zero, width, zero)
        }
        let label = "Sparkline of \(values.count) sampled values, from \(NumberText.value(low)) "
            + "to \(NumberText.value(high))"
        return "<svg class=\"sparkline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
            + "<title>\(HTML.escape(label))</title>\(zeroLine)"
            + "<path d=\"\(path.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"currentColor\" "
            + "stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/></svg>"
    }
}
