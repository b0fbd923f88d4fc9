import Foundation
import LacunaCore

/// Small charts drawn as inline SVG (no script, no image file): stacked bars with a legend.
enum SVGCharts {
    struct Series {
        var label: String
        var colour: String
    }

    /// Horizontal bars, one per row, each split into its shares (values in series order) so a small
    /// source reads as clearly as a large one; the row's total is written after it.
    static func horizontalBars(rows: [(label: String, values: [Int])], series: [Series], width: Int = 640) -> String {
        let labelWidth = 150, barHeight = 16, gap = 6, top = 24
        let plot = Double(width - labelWidth - 70)
        let height = top + rows.count * (barHeight + gap) + 4
        var svg = "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" style=\"font:11px sans-serif\">"
        svg += legend(series, y: 12)
        for (index, row) in rows.enumerated() {
            let y = top + index * (barHeight + gap)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 12)\" text-anchor=\"end\">\(CoverageReport.escape(row.label))</text>"
            var x = Double(labelWidth)
            let total = max(1, row.values.reduce(0, +))
            for (value, s) in zip(row.values, series) where value > 0 {
                let w = Double(value) / Double(total) * plot
                svg += "<rect x=\"\(f(x))\" y=\"\(y)\" width=\"\(f(max(w, 1)))\" height=\"\(barHeight)\" fill=\"\(s.colour)\"><title>\(CoverageReport.escape(s.label)): \(value)</title></rect>"
                x += w
            }
            svg += "<text x=\"\(f(Double(labelWidth) + plot + 4))\" y=\"\(y + 12)\">\(row.values.reduce(0, +))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical stacked columns, one per group.
    static func columns(groups: [(label: String, values: [Int])], series: [Series], height: Int = 220) -> String {
        let columnWidth = 56, gap = 28, left = 36, top = 26, bottom = 34
        let width = max(320, left + groups.count * (columnWidth + gap) + gap)
        let maxTotal = max(1, groups.map { $0.values.reduce(0, +) }.max() ?? 1)
        let plot = Double(height - top - bottom)
        var svg = "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" style=\"font:11px sans-serif\">"
        svg += legend(series, y: 12)
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 4)\" y2=\"\(height - bottom)\" stroke=\"#444\"/>"
        for (index, group) in groups.enumerated() {
            let x = left + gap + index * (columnWidth + gap)
            var y = Double(height - bottom)
            for (value, s) in zip(group.values, series) where value > 0 {
                let h = Double(value) / Double(maxTotal) * plot
                y -= h
                svg += "<rect x=\"\(x)\" y=\"\(f(y))\" width=\"\(columnWidth)\" height=\"\(f(h))\" fill=\"\(s.colour)\"><title>\(CoverageReport.escape(s.label)): \(value)</title></rect>"
            }
            svg += "<text x=\"\(x + columnWidth / 2)\" y=\"\(f(y - 4))\" text-anchor=\"middle\">\(group.values.reduce(0, +))</text>"
            svg += "<text x=\"\(x + columnWidth / 2)\" y=\"\(height - bottom + 14)\" text-anchor=\"middle\">\(CoverageReport.escape(group.label))</text>"
        }
        return svg + "</svg>"
    }

    static func legend(_ series: [Series], y: Int) -> String {
        var x = 4
        var svg = ""
        for s in series {
            svg += "<rect x=\"\(x)\" y=\"\(y - 9)\" width=\"10\" height=\"10\" fill=\"\(s.colour)\"/><text x=\"\(x + 14)\" y=\"\(y)\">\(CoverageReport.escape(s.label))</text>"
            x += 24 + s.label.count * 6
        }
        return svg
    }

    static func f(_ value: Double) -> String { value.fixedDecimals(1) }
}
