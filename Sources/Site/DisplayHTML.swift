import Foundation
import Notebook

/// HTML for cell outputs and every kind of ``Display``. All text is escaped here.
enum DisplayHTML {
    /// One output: captured `print` text or a displayed value.
    static func html(for output: CellOutput) -> String {
        switch output {
        case let .stdout(text):
            return "<pre class=\"stdout\" aria-label=\"Printed output\">\(HTML.escape(text))</pre>\n"
        case let .display(display):
            return html(for: display, nested: false)
        }
    }

    /// A display; `nested` displays sit inside a collection and use a compact form for text.
    static func html(for display: Display, nested: Bool = false) -> String {
        switch display {
        case let .text(text, type):
            return self.text(text, type: type, nested: nested)
        case let .tensor(tensor):
            return TensorHTML.html(tensor)
        case let .tokens(table):
            return TableHTML.tokens(table)
        case let .similarity(similarity):
            return TableHTML.similarity(similarity)
        case let .image(image):
            return self.image(image)
        case let .collection(collection):
            return self.collection(collection)
        case let .check(check):
            return self.check(check)
        case let .error(error):
            return self.error(error)
        case let .picture(picture):
            return self.picture(picture, caption: picture.alt)
        case let .audio(audio):
            return self.audio(audio)
        case let .frames(strip):
            return self.frames(strip)
        }
    }

    /// A rendered PNG (spectrogram, plot) at its natural size, scaled down on narrow screens.
    static func picture(_ picture: PictureDisplay, caption: String) -> String {
        let base64 = picture.pngBase64.filter { !$0.isWhitespace }
        guard isBase64(base64) else {
            return "<figure class=\"picture-output\"><p class=\"image-missing\">The picture data is not valid "
                + "base64.</p></figure>\n"
        }
        return "<figure class=\"picture-output\"><img src=\"data:image/png;base64,\(base64)\" "
            + "alt=\"\(HTML.escape(picture.alt))\" width=\"\(picture.width)\" height=\"\(picture.height)\">"
            + "<figcaption>\(HTML.escape(caption))</figcaption></figure>\n"
    }

    /// A sound: its waveform and, when embedded, a player.
    static func audio(_ audio: AudioDisplay) -> String {
        var html = "<div class=\"audio-output\">" + picture(audio.waveform, caption: audio.summary)
        if let wav = audio.wavBase64?.filter({ !$0.isWhitespace }), isBase64(wav) {
            html += "<audio controls preload=\"none\" src=\"data:audio/wav;base64,\(wav)\">"
                + "Your browser cannot play this clip.</audio>\n"
        }
        return html + "</div>\n"
    }

    /// Video frames in a row, each with its time.
    static func frames(_ strip: FrameStripDisplay) -> String {
        var html = "<figure class=\"frames-output\"><div class=\"frame-strip\">"
        for (index, frame) in strip.frames.enumerated() {
            let base64 = frame.thumbnailPNG.filter { !$0.isWhitespace }
            guard isBase64(base64) else { continue }
            let time = index < strip.timestamps.count ? String(format: "%.2f s", strip.timestamps[index]) : ""
            html += "<figure class=\"frame\"><img src=\"data:image/png;base64,\(base64)\" "
                + "alt=\"Frame at \(HTML.escape(time))\" width=\"\(frame.width)\" height=\"\(frame.height)\">"
                + "<figcaption>\(HTML.escape(time))</figcaption></figure>"
        }
        return html + "</div><figcaption>\(HTML.escape(strip.summary))</figcaption></figure>\n"
    }

    static func text(_ text: String, type: String, nested: Bool) -> String {
        let typeLabel = type.isEmpty ? "" : "<span class=\"value-type\">\(HTML.escape(type))</span>"
        if nested {
            return "<code class=\"value\">\(HTML.escape(text))</code>"
        }
        return "<div class=\"value-output\">\(typeLabel)<pre class=\"value\">\(HTML.escape(text))</pre></div>\n"
    }

    static func image(_ image: ImageDisplay) -> String {
        let size = "\(image.width) × \(image.height) px, \(image.mode)"
        let alt = image.caption.map { "\($0) (\(size))" } ?? "Image, \(size)"
        let caption = image.caption.map { "\(HTML.escape($0)) · " } ?? ""
        let base64 = image.thumbnailPNG.filter { !$0.isWhitespace }
        guard isBase64(base64) else {
            return "<figure class=\"image-output\"><p class=\"image-missing\">The thumbnail data is not valid "
                + "base64.</p><figcaption>\(caption)\(HTML.escape(size))</figcaption></figure>\n"
        }
        var dimensions = ""
        let longest = max(image.width, image.height)
        if longest > 0, image.width > 0, image.height > 0 {
            let scale = min(1, 320 / Double(longest))
            let width = max(1, Int((Double(image.width) * scale).rounded()))
            let height = max(1, Int((Double(image.height) * scale).rounded()))
            dimensions = " width=\"\(width)\" height=\"\(height)\""
        }
        return "<figure class=\"image-output\"><img src=\"data:image/png;base64,\(base64)\" "
            + "alt=\"\(HTML.escape(alt))\"\(dimensions)>"
            + "<figcaption>\(caption)\(HTML.escape(size))</figcaption></figure>\n"
    }

    static func isBase64(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                || byte == 43 || byte == 47 || byte == 61
        }
    }

    static func collection(_ collection: CollectionDisplay) -> String {
        let count = collection.items.count + collection.omitted
        let noun = count == 1 ? "item" : "items"
        var html = "<div class=\"collection collection-\(collection.kind.rawValue)\">"
        html += "<p class=\"collection-summary\"><span class=\"value-type\">\(HTML.escape(collection.type))</span> "
            + "\(NumberText.integer(count)) \(noun)</p>"
        switch collection.kind {
        case .array:
            if !collection.items.isEmpty {
                html += "<ol class=\"collection-items\" start=\"0\">"
                for item in collection.items {
                    html += "<li>\(Self.html(for: item, nested: true))</li>"
                }
                html += "</ol>"
            }
        case .dictionary, .tuple:
            if !collection.items.isEmpty {
                html += "<table class=\"collection-table\"><tbody>"
                for (index, item) in collection.items.enumerated() {
                    let key = label(collection, index: index)
                    html += "<tr><th scope=\"row\">\(HTML.escape(key))</th>"
                        + "<td>\(Self.html(for: item, nested: true))</td></tr>"
                }
                html += "</tbody></table>"
            }
        }
        if collection.omitted > 0 {
            html += "<p class=\"omitted\">… and \(NumberText.integer(collection.omitted)) more</p>"
        }
        return html + "</div>\n"
    }

    private static func label(_ collection: CollectionDisplay, index: Int) -> String {
        let key = collection.keys.flatMap { index < $0.count ? $0[index] : nil } ?? ""
        if collection.kind == .tuple, key.isEmpty { return ".\(index)" }
        return key.isEmpty && collection.keys == nil ? "\(index)" : key
    }

    static func check(_ check: CheckDisplay) -> String {
        let state = check.passed ? "passed" : "failed"
        let mark = check.passed ? "✓" : "✗"
        let location = check.location.map { " <span class=\"location\">\(HTML.escape($0.description))</span>" } ?? ""
        return "<p class=\"check check-\(state)\"><span class=\"check-mark\" aria-hidden=\"true\">\(mark)</span> "
            + "<span class=\"visually-hidden\">Check \(state): </span>\(HTML.escape(check.message))\(location)</p>\n"
    }

    static func error(_ error: ErrorDisplay) -> String {
        let location = error.location.map { " <span class=\"location\">\(HTML.escape($0.description))</span>" } ?? ""
        return "<div class=\"error-output error-\(error.kind.rawValue)\">"
            + "<p class=\"error-title\"><span class=\"error-kind\">\(errorTitle(error.kind))</span>\(location)</p>"
            + "<pre class=\"error-message\">\(HTML.escape(error.message))</pre></div>\n"
    }

    static func errorTitle(_ kind: ErrorDisplay.Kind) -> String {
        switch kind {
        case .syntax: return "Syntax error"
        case .unsupported: return "Not supported in cells"
        case .runtime: return "Error"
        case .timeout: return "Timed out"
        case .fileAccess: return "File access denied"
        case .expected: return "Expected error"
        }
    }
}
