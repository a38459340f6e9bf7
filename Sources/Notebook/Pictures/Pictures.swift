import Foundation

/// Renders waveforms, spectrograms and line plots to PNG pictures with labelled axes.
enum Pictures {
    /// A waveform: per pixel column, the range of the samples it covers.
    static func waveform(samples: [Float], sampleRate: Int, title: String, width: Int = 720, height: Int = 200) throws -> [UInt8] {
        let frame = PlotFrame(width: width, height: height)
        var canvas = Canvas(width: width, height: height)
        let duration = Double(samples.count) / Double(max(sampleRate, 1))
        let peak = Double(max(samples.map { abs($0) }.max() ?? 0, 1e-6))
        let limit = peak > 1 ? peak : 1
        frame.drawAxes(on: &canvas, title: title, xLabel: "time (s)", yLabel: "amplitude",
                       xRange: 0 ... max(duration, 1e-3), yRange: -limit ... limit)
        let middle = Double(frame.top) + Double(frame.plotHeight - 1) / 2
        let scale = Double(frame.plotHeight - 1) / 2 / limit
        for column in 0 ..< frame.plotWidth {
            let start = samples.count * column / frame.plotWidth
            let end = max(start + 1, samples.count * (column + 1) / frame.plotWidth)
            guard start < samples.count else { break }
            var low: Float = .infinity, high: Float = -.infinity
            for sample in samples[start ..< min(end, samples.count)] {
                low = min(low, sample)
                high = max(high, sample)
            }
            let y0 = Int((middle - Double(high) * scale).rounded()), y1 = Int((middle - Double(low) * scale).rounded())
            canvas.verticalLine(x: frame.left + column, from: y0, to: y1, .wave)
        }
        return try canvas.png()
    }

    /// A spectrogram-like matrix (`values[bin][frame]`, bin 0 at the bottom) in a colour map.
    static func spectrogram(values: [[Float]], title: String, secondsPerFrame: Double?, yLabel: String,
                            width: Int = 720, height: Int = 260) throws -> [UInt8] {
        let frame = PlotFrame(width: width, height: height)
        var canvas = Canvas(width: width, height: height)
        let bins = values.count, frames = values.first?.count ?? 0
        let xMax = secondsPerFrame.map { Double(frames) * $0 } ?? Double(frames)
        frame.drawAxes(on: &canvas, title: title, xLabel: secondsPerFrame == nil ? "frame" : "time (s)", yLabel: yLabel,
                       xRange: 0 ... max(xMax, 1e-3), yRange: 0 ... Double(max(bins, 1)), grid: false)
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let span = max(high - low, 1e-12)
        guard bins > 0, frames > 0 else { return try canvas.png() }
        for x in 0 ..< frame.plotWidth {
            let column = min(frames - 1, frames * x / frame.plotWidth)
            for y in 0 ..< frame.plotHeight {
                let bin = min(bins - 1, bins * (frame.plotHeight - 1 - y) / frame.plotHeight)
                let value = values[bin][column]
                let t = value.isFinite ? Double((value - low) / span) : 0
                canvas.set(frame.left + x, frame.top + y, ColorMap.color(t))
            }
        }
        return try canvas.png()
    }

    /// A line plot of `values` against their index (or `xValues`).
    static func line(values: [Float], title: String, xLabel: String, yLabel: String,
                     width: Int = 720, height: Int = 220) throws -> [UInt8] {
        let frame = PlotFrame(width: width, height: height)
        var canvas = Canvas(width: width, height: height)
        let finite = values.filter(\.isFinite)
        var low = Double(finite.min() ?? 0), high = Double(finite.max() ?? 1)
        if high - low < 1e-6 { low -= 0.5; high += 0.5 }
        let pad = (high - low) * 0.08
        low -= pad
        high += pad
        let count = max(values.count - 1, 1)
        frame.drawAxes(on: &canvas, title: title, xLabel: xLabel, yLabel: yLabel,
                       xRange: 0 ... Double(count), yRange: low ... high)
        func point(_ index: Int) -> (Int, Int) {
            let x = frame.left + Int(Double(index) / Double(count) * Double(frame.plotWidth - 1))
            let y = frame.top + frame.plotHeight - 1 - Int((Double(values[index]) - low) / (high - low) * Double(frame.plotHeight - 1))
            return (x, y)
        }
        for index in values.indices where values[index].isFinite {
            let (x, y) = point(index)
            if index > 0, values[index - 1].isFinite {
                let (px, py) = point(index - 1)
                let steps = max(abs(x - px), abs(y - py), 1)
                for step in 0 ... steps {
                    canvas.set(px + (x - px) * step / steps, py + (y - py) * step / steps, .wave)
                }
            }
            canvas.fill(x: x - 2, y: y - 2, width: 5, height: 5, .wave)
        }
        return try canvas.png()
    }
}

/// A perceptually ordered colour map from dark blue through teal to yellow.
enum ColorMap {
    private static let anchors: [(Double, Canvas.Color)] = [
        (0.0, Canvas.Color(red: 68, green: 1, blue: 84)),
        (0.25, Canvas.Color(red: 59, green: 82, blue: 139)),
        (0.5, Canvas.Color(red: 33, green: 145, blue: 140)),
        (0.75, Canvas.Color(red: 94, green: 201, blue: 98)),
        (1.0, Canvas.Color(red: 253, green: 231, blue: 37)),
    ]

    static func color(_ t: Double) -> Canvas.Color {
        let clamped = min(max(t, 0), 1)
        for index in 1 ..< anchors.count where clamped <= anchors[index].0 {
            let (t0, c0) = anchors[index - 1], (t1, c1) = anchors[index]
            let f = (clamped - t0) / (t1 - t0)
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * f).rounded()) }
            return Canvas.Color(red: mix(c0.red, c1.red), green: mix(c0.green, c1.green), blue: mix(c0.blue, c1.blue))
        }
        return anchors[anchors.count - 1].1
    }
}
