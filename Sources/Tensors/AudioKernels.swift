import CKernels

/// Kernels for the convolutional front ends of speech encoders, on time-major buffers
/// (one row of `channels` floats per time step). The arithmetic is in `CKernels/audio.c`;
/// this file is its only caller and splits the work across `ComputeThreads`.
package enum AudioKernels {
    /// Writes the receptive fields of a 1-D convolution as rows of a matrix: row `t` of
    /// `columns` (`kernel × channels` floats, kernel position outer) holds input rows
    /// `t·stride − padding + k` for `k < kernel`, zeros where that falls outside `0..<length`.
    /// Input rows are `ldx` floats apart, so a group's channel slice can be gathered in place.
    package static func im2col(_ x: UnsafePointer<Float>, length: Int, channels: Int, ldx: Int, kernel: Int,
                               stride: Int, padding: Int, outputLength: Int, into columns: UnsafeMutablePointer<Float>) {
        let width = kernel * channels
        ComputeThreads.parallelFor(outputLength, costPerItem: width) { range in
            vb_im2col_1d(x, length, channels, ldx, kernel, stride, padding, range.lowerBound, range.upperBound,
                         columns + range.lowerBound * width)
        }
    }

    /// Normalises every column of a `rows × columns` matrix over its rows, in place: a group norm
    /// with one group per channel (Wav2Vec2's first convolution) on time-major data.
    package static func columnNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                   gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?, epsilon: Float) {
        let block = 64
        let blocks = (columns + block - 1) / block
        ComputeThreads.parallelFor(blocks, costPerItem: rows * block * 3) { range in
            vb_column_norm(x, rows, columns, range.lowerBound * block, Swift.min(columns, range.upperBound * block),
                           gamma, beta, epsilon)
        }
    }

    /// Channel-major `[channels, length]` → time-major `[length + 2·padding, channels]` with zero rows
    /// before and after (the padded input of a convolution).
    package static func transposePadded(_ x: UnsafePointer<Float>, channels: Int, length: Int, padding: Int,
                                        into out: UnsafeMutablePointer<Float>) {
        vb_transpose_padded(x, channels, length, padding, out)
    }

    /// `x[r, c] = x[r, c] · scale[c] + shift[c]` over `rows × columns`, parallel over rows.
    package static func channelAffine(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                      scale: UnsafePointer<Float>, shift: UnsafePointer<Float>) {
        ComputeThreads.parallelFor(rows, costPerItem: columns) { range in
            vb_channel_affine(x + range.lowerBound * columns, range.count, columns, scale, shift)
        }
    }
}
