import Foundation
import Vectorbook

/// Displays for sounds, videos, spectrograms and plots.
enum MediaDisplays {
    /// Clips longer than this are shown without an embedded player (pages stay small).
    static let playerLimit: Double = 30

    static func picture(_ png: [UInt8], width: Int, height: Int, alt: String) -> PictureDisplay {
        PictureDisplay(pngBase64: Data(png).base64EncodedString(), width: width, height: height, alt: alt)
    }

    static func audio(_ audio: Audio) throws -> Display {
        let mono = audio.mono().samples
        let summary = String(format: "%.2f s, %d Hz, ", audio.duration, audio.sampleRate)
            + (audio.channels == 1 ? "mono" : "\(audio.channels) channels")
        let png = try Pictures.waveform(samples: mono, sampleRate: audio.sampleRate, title: "waveform")
        var player: String?
        if audio.duration <= playerLimit { player = audio.wavData().base64EncodedString() }
        return .audio(AudioDisplay(duration: audio.duration, sampleRate: audio.sampleRate, channels: audio.channels,
                                   waveform: picture(png, width: 720, height: 200, alt: "Waveform, " + summary),
                                   wavBase64: player, summary: summary))
    }

    /// Frames a video's strip shows at most.
    static let stripFrames = 8

    /// A strip of thumbnails of up to ``stripFrames`` uniformly sampled frames, with their times.
    static func video(_ video: Video) throws -> Display {
        let indices = video.sampledFrameIndices(count: stripFrames)
        let thumbnails = try indices.map { index in try frameThumbnail(try video.frame(at: index)) }
        let summary = String(format: "%d frames, %.4g fps, %.2f s, %d×%d", video.frameCount, video.frameRate,
                             video.duration, video.width, video.height)
        return .frames(FrameStripDisplay(frames: thumbnails, timestamps: indices.map(video.timestamp(ofFrame:)), summary: summary))
    }

    /// A frame scaled to fit 160×160 (the strip shows the thumbnail at its own size).
    private static func frameThumbnail(_ frame: Image) throws -> ImageDisplay {
        let scale = Swift.min(1, 160 / Double(Swift.max(frame.width, frame.height)))
        let width = Swift.max(1, Int((Double(frame.width) * scale).rounded()))
        let height = Swift.max(1, Int((Double(frame.height) * scale).rounded()))
        let small = width == frame.width && height == frame.height ? frame : try frame.resized(width: width, height: height, filter: .bicubic)
        return ImageDisplay(width: width, height: height, mode: small.mode.rawValue,
                            thumbnailPNG: try small.pngData().base64EncodedString())
    }

    static func spectrogram(_ spectrogram: Spectrogram) throws -> Display {
        let values = spectrogram.values
        guard values.rank == 2 || (values.rank == 3 && values.shape[0] == 1) else {
            throw CellRuntimeError("Spectrogram needs a [bins, frames] tensor (or [1, bins, frames]), got \(values.shape)")
        }
        let bins = values.shape[values.rank - 2], frames = values.shape[values.rank - 1]
        let flat = values.scalars
        let rows = (0 ..< bins).map { Array(flat[($0 * frames) ..< (($0 + 1) * frames)]) }
        let png = try Pictures.spectrogram(values: rows, title: spectrogram.title,
                                           secondsPerFrame: spectrogram.secondsPerFrame, yLabel: spectrogram.yLabel)
        return .picture(picture(png, width: 720, height: 260,
                                alt: "\(spectrogram.title): \(bins) × \(frames) values as a colour map"))
    }

    static func linePlot(_ plot: LinePlot) throws -> Display {
        let png = try Pictures.line(values: plot.values, title: plot.title, xLabel: plot.xLabel, yLabel: plot.yLabel)
        return .picture(picture(png, width: 720, height: 220, alt: "\(plot.title): \(plot.values.count) points"))
    }
}
