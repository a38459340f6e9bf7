import Foundation

/// What a cell shows: captured `print` output, the value of its last expression,
/// `show(x)` values, check results and errors. Codable so results can be cached.
public enum CellOutput: Sendable, Equatable, Codable {
    /// Text written by `print`, in order (consecutive prints are merged).
    case stdout(String)
    /// A displayed value.
    case display(Display)
}

/// A rendered value, independent of where it is shown (terminal or HTML).
public enum Display: Sendable, Equatable, Codable {
    /// A value shown as Swift would print it (`description`), with its type name.
    case text(String, type: String)
    /// A tensor: shape, dtype, leading values, L2 norm and a sparkline sample.
    case tensor(TensorDisplay)
    /// Tokenizer output: one table per sequence.
    case tokens(TokenTableDisplay)
    /// A labelled matrix of similarities, colour-scaled on pages.
    case similarity(SimilarityDisplay)
    /// An image thumbnail.
    case image(ImageDisplay)
    /// An array or dictionary, item by item.
    case collection(CollectionDisplay)
    /// The result of one `expect(condition, message)`.
    case check(CheckDisplay)
    /// An error, with where it happened.
    case error(ErrorDisplay)
    /// A rendered picture: a spectrogram, a line plot.
    case picture(PictureDisplay)
    /// A sound: its waveform picture and the clip for a player.
    case audio(AudioDisplay)
    /// Video frames as a strip of thumbnails with their times.
    case frames(FrameStripDisplay)
}

public struct PictureDisplay: Sendable, Equatable, Codable {
    /// PNG bytes, base64.
    public var pngBase64: String
    public var width: Int
    public var height: Int
    /// Text alternative: what the picture shows.
    public var alt: String

    public init(pngBase64: String, width: Int, height: Int, alt: String) {
        self.pngBase64 = pngBase64
        self.width = width
        self.height = height
        self.alt = alt
    }
}

public struct AudioDisplay: Sendable, Equatable, Codable {
    public var duration: Double
    public var sampleRate: Int
    public var channels: Int
    /// The waveform picture.
    public var waveform: PictureDisplay
    /// The clip as a 16-bit WAV file, base64 (nil when the clip is too long to embed).
    public var wavBase64: String?
    /// A short summary, e.g. "2.40 s, 16000 Hz, mono".
    public var summary: String

    public init(duration: Double, sampleRate: Int, channels: Int, waveform: PictureDisplay, wavBase64: String?, summary: String) {
        self.duration = duration
        self.sampleRate = sampleRate
        self.channels = channels
        self.waveform = waveform
        self.wavBase64 = wavBase64
        self.summary = summary
    }
}

public struct FrameStripDisplay: Sendable, Equatable, Codable {
    /// Thumbnails of the sampled frames.
    public var frames: [ImageDisplay]
    /// Time of each frame in seconds.
    public var timestamps: [Double]
    /// A short summary, e.g. "45 frames, 15 fps, 3.0 s, 320×240".
    public var summary: String

    public init(frames: [ImageDisplay], timestamps: [Double], summary: String) {
        self.frames = frames
        self.timestamps = timestamps
        self.summary = summary
    }
}

public struct TensorDisplay: Sendable, Equatable, Codable {
    public var shape: [Int]
    public var dtype: String
    /// The first values in row-major order (at most 8).
    public var leading: [Float]
    public var count: Int
    public var norm: Float
    public var minimum: Float
    public var maximum: Float
    /// Up to 48 evenly spaced values for a sparkline.
    public var sparkline: [Float]

    public init(shape: [Int], dtype: String, leading: [Float], count: Int, norm: Float, minimum: Float,
                maximum: Float, sparkline: [Float]) {
        self.shape = shape
        self.dtype = dtype
        self.leading = leading
        self.count = count
        self.norm = norm
        self.minimum = minimum
        self.maximum = maximum
        self.sparkline = sparkline
    }
}

public struct TokenTableDisplay: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var token: String
        public var id: Int
        public var attentionMask: Int
        public var typeID: Int?

        public init(token: String, id: Int, attentionMask: Int, typeID: Int? = nil) {
            self.token = token
            self.id = id
            self.attentionMask = attentionMask
            self.typeID = typeID
        }
    }

    /// One list of rows per sequence in the batch.
    public var sequences: [[Row]]

    public init(sequences: [[Row]]) {
        self.sequences = sequences
    }
}

public struct SimilarityDisplay: Sendable, Equatable, Codable {
    public var rows: [String]
    public var columns: [String]
    /// `rows.count × columns.count` values, row-major.
    public var values: [[Float]]
    public var title: String?

    public init(rows: [String], columns: [String], values: [[Float]], title: String? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.title = title
    }
}

public struct ImageDisplay: Sendable, Equatable, Codable {
    /// Size of the original image.
    public var width: Int
    public var height: Int
    public var mode: String
    /// A PNG thumbnail (longest side at most 320 pixels), base64.
    public var thumbnailPNG: String
    public var caption: String?

    public init(width: Int, height: Int, mode: String, thumbnailPNG: String, caption: String? = nil) {
        self.width = width
        self.height = height
        self.mode = mode
        self.thumbnailPNG = thumbnailPNG
        self.caption = caption
    }
}

public struct CollectionDisplay: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case array, dictionary, tuple }
    public var kind: Kind
    /// Keys for dictionaries (and tuple labels); nil for arrays.
    public var keys: [String]?
    public var items: [Display]
    /// Elements left out (collections show at most 100).
    public var omitted: Int
    public var type: String

    public init(kind: Kind, keys: [String]?, items: [Display], omitted: Int, type: String) {
        self.kind = kind
        self.keys = keys
        self.items = items
        self.omitted = omitted
        self.type = type
    }
}

public struct CheckDisplay: Sendable, Equatable, Codable {
    public var passed: Bool
    public var message: String
    public var location: SourceLocation?

    public init(passed: Bool, message: String, location: SourceLocation?) {
        self.passed = passed
        self.message = message
        self.location = location
    }
}

public struct ErrorDisplay: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case syntax, unsupported, runtime, timeout, fileAccess, expected
    }
    public var kind: Kind
    public var message: String
    public var location: SourceLocation?

    public init(kind: Kind, message: String, location: SourceLocation?) {
        self.kind = kind
        self.message = message
        self.location = location
    }
}

/// A place in a chapter file.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
