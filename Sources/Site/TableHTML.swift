import Foundation
import Notebook

/// Token tables and colour-scaled similarity tables.
enum TableHTML {
    static func tokens(_ table: TokenTableDisplay) -> String {
        var html = "<div class=\"tokens\">"
        let hasTypes = table.sequences.contains { $0.contains { $0.typeID != nil } }
        for (number, rows) in table.sequences.enumerated() {
            let padding = rows.count(where: { $0.attentionMask == 0 })
            var caption = table.sequences.count > 1 ? "Sequence \(number + 1) of \(table.sequences.count) · " : ""
            caption += "\(rows.count) \(rows.count == 1 ? "token" : "tokens")"
            if padding > 0 { caption += " (\(padding) padding)" }
            html += "<div class=\"table-scroll\"><table class=\"token-table\"><caption>\(caption)</caption>"
            html += "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Token</th><th scope=\"col\">ID</th>"
                + "<th scope=\"col\">Mask</th>\(hasTypes ? "<th scope=\"col\">Type</th>" : "")</tr></thead><tbody>"
            for (position, row) in rows.enumerated() {
                let rowClass = row.attentionMask == 0 ? " class=\"token-padding\"" : ""
                html += "<tr\(rowClass)><td>\(position)</td><td><code>\(HTML.escape(row.token))</code></td>"
                    + "<td>\(row.id)</td><td>\(row.attentionMask)</td>"
                if hasTypes { html += "<td>\(row.typeID.map(String.init) ?? "")</td>" }
                html += "</tr>"
            }
            html += "</tbody></table></div>"
        }
        return html + "</div>\n"
    }

    static func similarity(_ table: SimilarityDisplay) -> String {
        let finite = table.values.joined().filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 0
        let columnCount = max(table.columns.count, table.values.map(\.count).max() ?? 0)
        let rowCount = max(table.rows.count, table.values.count)
        func rowLabel(_ index: Int) -> String { index < table.rows.count ? table.rows[index] : "\(index)" }
        func columnLabel(_ index: Int) -> String { index < table.columns.count ? table.columns[index] : "\(index)" }

        var html = "<figure class=\"similarity\"><div class=\"table-scroll\"><table class=\"similarity-table\">"
        if let title = table.title, !title.isEmpty { html += "<caption>\(HTML.escape(title))</caption>" }
        html += "<thead><tr><td></td>"
        for column in 0..<columnCount {
            html += "<th scope=\"col\">\(HTML.escape(columnLabel(column)))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in 0..<rowCount {
            let values = row < table.values.count ? table.values[row] : []
            let rowMaximum = values.filter(\.isFinite).max()
            html += "<tr><th scope=\"row\">\(HTML.escape(rowLabel(row)))</th>"
            for column in 0..<columnCount {
                guard column < values.count else {
                    html += "<td class=\"sim-missing\"></td>"
                    continue
                }
                let value = values[column]
                let tip = "\(rowLabel(row)) × \(columnLabel(column)): \(NumberText.value(value))"
                guard value.isFinite else {
                    html += "<td class=\"sim-missing\" title=\"\(HTML.escape(tip))\">\(NumberText.short(value))</td>"
                    continue
                }
                let fraction = high > low ? Double((value - low) / (high - low)) : 1
                let classes = value == rowMaximum && values.count > 1 ? " class=\"row-max\"" : ""
                html += "<td\(classes) style=\"\(ColourScale.style(fraction))\" title=\"\(HTML.escape(tip))\">"
                    + "\(NumberText.short(value))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        html += "<figcaption class=\"legend\"><span class=\"legend-low\">\(NumberText.short(low))</span>"
            + "<span class=\"legend-bar\" style=\"background: \(ColourScale.gradient)\" aria-hidden=\"true\"></span>"
            + "<span class=\"legend-high\">\(NumberText.short(high))</span>"
            + "<span class=\"legend-note\">colour from lowest to highest value; bold: highest in its row</span>"
            + "</figcaption></figure>\n"
        return html
    }
}

/// A sequential blue colour scale (light to dark), with a readable text colour for each step.
enum ColourScale {
    static let stops: [(Double, Double, Double)] = [
        (247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107),
    ]

    static func colour(_ fraction: Double) -> (Int, Int, Int) {
        let t = min(1, max(0, fraction.isFinite ? fraction : 0)) * Double(stops.count - 1)
        let lower = min(Int(t), stops.count - 2)
        let f = t - Double(lower)
        let a = stops[lower], b = stops[lower + 1]
        return (Int((a.0 + (b.0 - a.0) * f).rounded()), Int((a.1 + (b.1 - a.1) * f).rounded()),
                Int((a.2 + (b.2 - a.2) * f).rounded()))
    }

    static func hex(_ colour: (Int, Int, Int)) -> String {
        String(format: "#%02x%02x%02x", colour.0, colour.1, colour.2)
    }

    /// `background-color` and `color` for a cell at `fraction` of the range.
    static func style(_ fraction: Double) -> String {
        let text = fraction > 0.55 ? "#ffffff" : "#0b1a2e"
        return "background-color: \(hex(colour(fraction))); color: \(text)"
    }

    static var gradient: String {
        "linear-gradient(to right, " + stops.map { hex((Int($0.0), Int($0.1), Int($0.2))) }
            .joined(separator: ", ") + ")"
    }
}
