import Foundation
import Tensors
import Tokenizers

/// Token rows for an encoder, packed one sequence after another.
public struct PackedTokens: Sendable {
    /// Token ids, all sequences concatenated.
    public var ids: [Int]
    /// Segment (token type) ids, same length as `ids`.
    public var typeIDs: [Int]
    /// Position of each token inside its sequence.
    public var positions: [Int]
    /// Where each sequence starts and which of its keys are padding.
    package var segments: [AttentionSegment]

    /// Packs a padded batch: every row keeps its padding (so outputs have the
    /// `[batch, tokens]` layout of `transformers`), padding keys are masked.
    public init(batch: BatchEncoding) throws {
        let rows = batch.inputIDs.count
        let width = batch.inputIDs.first?.count ?? 0
        guard batch.attentionMask.count == rows else {
            throw EncoderError.inconsistentBatch(reason: "\(rows) rows of input ids but \(batch.attentionMask.count) attention-mask rows")
        }
        ids = []
        typeIDs = []
        positions = []
        segments = []
        for row in 0 ..< rows {
            let rowIDs = batch.inputIDs[row]
            guard rowIDs.count == width, batch.attentionMask[row].count == width else {
                throw EncoderError.inconsistentBatch(reason: "row \(row) has \(rowIDs.count) ids and \(batch.attentionMask[row].count) mask values; every row needs \(width) (pad the batch)")
            }
            let types = row < batch.tokenTypeIDs.count && batch.tokenTypeIDs[row].count == width
                ? batch.tokenTypeIDs[row] : [Int](repeating: 0, count: width)
            let keep = batch.attentionMask[row].map { $0 != 0 }
            segments.append(AttentionSegment(start: ids.count, length: width, keyMask: keep.allSatisfy { $0 } ? nil : keep))
            ids += rowIDs
            typeIDs += types
            positions += Array(0 ..< width)
        }
    }

    /// Packs unpadded sequences (no work is spent on padding).
    public init(sequences: [[Int]], typeIDs types: [[Int]]? = nil) {
        ids = []
        typeIDs = []
        positions = []
        segments = []
        for (index, sequence) in sequences.enumerated() {
            segments.append(AttentionSegment(start: ids.count, length: sequence.count))
            ids += sequence
            if let types, index < types.count, types[index].count == sequence.count {
                typeIDs += types[index]
            } else {
                typeIDs += [Int](repeating: 0, count: sequence.count)
            }
            positions += Array(0 ..< sequence.count)
        }
    }

    /// Number of token rows.
    public var count: Int { ids.count }
    /// Row range of each sequence.
    public var sequenceRanges: [Range<Int>] { segments.map { $0.start ..< $0.start + $0.length } }
}

/// Hidden states of packed token rows, `[rows, hidden]`.
public struct PackedHiddenStates: Sendable {
    /// Last-layer token vectors.
    public var lastHiddenState: Tensor
    /// Embedding output and every layer's output, when asked for.
    public var hiddenStates: [Tensor]?
    /// The pooler's vectors, one per sequence, where the architecture has a pooler.
    public var poolerOutput: Tensor?
}

/// Any architecture `AutoModel` can build.
public protocol PretrainedEncoder: Sendable {
    /// `model_type` from config.json.
    var modelType: String { get }
    /// The model's id or folder name, for messages.
    var name: String { get }
    /// What runs on token input (`nil`: the model takes no text).
    var textTower: (any TextEncoder)? { get }
    /// What runs on pixel input (`nil`: the model takes no images).
    var imageTower: (any ImageEncoder)? { get }
    /// What runs on audio input (`nil`: the model takes no audio).
    var audioTower: (any AudioEncoder)? { get }
}

extension PretrainedEncoder {
    public var textTower: (any TextEncoder)? { self as? any TextEncoder }
    public var imageTower: (any ImageEncoder)? { self as? any ImageEncoder }
    public var audioTower: (any AudioEncoder)? { self as? any AudioEncoder }
}

/// An architecture that turns token ids into contextual token vectors.
public protocol TextEncoder: PretrainedEncoder {
    /// Width of the token vectors.
    var hiddenSize: Int { get }
    /// Longest sequence the position embeddings allow.
    var maxPositions: Int { get }
    /// Runs the encoder over packed rows.
    func encode(_ tokens: PackedTokens, outputHiddenStates: Bool) throws -> PackedHiddenStates
}

extension TextEncoder {
    /// Runs a padded batch and returns outputs shaped `[batch, tokens, hidden]`.
    public func callAsFunction(_ batch: BatchEncoding, outputHiddenStates: Bool = false) throws -> ModelOutput {
        let packed = try PackedTokens(batch: batch)
        let rows = batch.inputIDs.count
        let width = batch.inputIDs.first?.count ?? 0
        let result = try encode(packed, outputHiddenStates: outputHiddenStates)
        func shaped(_ tensor: Tensor) throws -> Tensor {
            var reshaped = try tensor.reshaped([rows, width, hiddenSize])
            reshaped.tokenMask = batch.attentionMask
            return reshaped
        }
        return ModelOutput(lastHiddenState: try shaped(result.lastHiddenState),
                           poolerOutput: result.poolerOutput,
                           hiddenStates: try result.hiddenStates?.map(shaped),
                           attentionMask: batch.attentionMask)
    }

    /// Checks ids against a table size and lengths against the position limit.
    func validate(_ tokens: PackedTokens, vocabulary: Int, typeVocabulary: Int?, name: String) throws {
        for segment in tokens.segments where segment.length > maxPositions {
            throw EncoderError.sequenceTooLong(length: segment.length, maximum: maxPositions, model: name)
        }
        for id in tokens.ids where id < 0 || id >= vocabulary {
            throw EncoderError.tokenOutOfRange(kind: "token id", value: id, size: vocabulary, model: name)
        }
        guard let typeVocabulary else { return }
        for type in tokens.typeIDs where type < 0 || type >= typeVocabulary {
            throw EncoderError.tokenOutOfRange(kind: "token type id", value: type, size: typeVocabulary, model: name)
        }
    }
}
