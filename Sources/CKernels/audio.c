#include "ckernels.h"

#include <math.h>
#include <string.h>

/* Kernels for the convolutional front ends of speech encoders (Whisper, Wav2Vec2, HuBERT).
 * All data is time-major: one row of `channels` floats per time step. */

#if defined(__x86_64__) && defined(__clang__)
#define VB_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define VB_CLONES
#endif

void vb_im2col_1d(const float *x, ptrdiff_t length, ptrdiff_t channels, ptrdiff_t ldx, ptrdiff_t kernel,
                  ptrdiff_t stride, ptrdiff_t padding, ptrdiff_t row_start, ptrdiff_t row_end, float *columns) {
    ptrdiff_t width = kernel * channels;
    for (ptrdiff_t t = row_start; t < row_end; t++) {
        float *row = columns + (t - row_start) * width;
        ptrdiff_t first = t * stride - padding;
        for (ptrdiff_t k = 0; k < kernel; k++) {
            ptrdiff_t source = first + k;
            if (source < 0 || source >= length) {
                memset(row + k * channels, 0, (size_t)channels * sizeof(float));
            } else {
                memcpy(row + k * channels, x + source * ldx, (size_t)channels * sizeof(float));
            }
        }
    }
}

VB_CLONES void vb_column_norm(float *x, ptrdiff_t rows, ptrdiff_t columns, ptrdiff_t column_start,
                              ptrdiff_t column_end, const float *gamma, const float *beta, float epsilon) {
    enum { BLOCK = 64 };
    for (ptrdiff_t c0 = column_start; c0 < column_end; c0 += BLOCK) {
        ptrdiff_t width = column_end - c0 < BLOCK ? column_end - c0 : BLOCK;
        double sum[BLOCK], squares[BLOCK];
        float mean[BLOCK], scale[BLOCK], shift[BLOCK];
        for (ptrdiff_t c = 0; c < width; c++) sum[c] = 0.0;
        for (ptrdiff_t r = 0; r < rows; r++) {
            const float *line = x + r * columns + c0;
            for (ptrdiff_t c = 0; c < width; c++) sum[c] += line[c];
        }
        for (ptrdiff_t c = 0; c < width; c++) {
            mean[c] = rows > 0 ? (float)(sum[c] / (double)rows) : 0.0f;
            squares[c] = 0.0;
        }
        /* Centred second pass, as the statistics of PyTorch's group norm are computed. */
        for (ptrdiff_t r = 0; r < rows; r++) {
            const float *line = x + r * columns + c0;
            for (ptrdiff_t c = 0; c < width; c++) {
                double d = (double)line[c] - (double)mean[c];
                squares[c] += d * d;
            }
        }
        for (ptrdiff_t c = 0; c < width; c++) {
            double variance = rows > 0 ? squares[c] / (double)rows : 0.0;
            float inverse = (float)(1.0 / sqrt(variance + (double)epsilon));
            scale[c] = inverse * (gamma ? gamma[c0 + c] : 1.0f);
            shift[c] = (beta ? beta[c0 + c] : 0.0f) - mean[c] * scale[c];
        }
        for (ptrdiff_t r = 0; r < rows; r++) {
            float *line = x + r * columns + c0;
            for (ptrdiff_t c = 0; c < width; c++) line[c] = line[c] * scale[c] + shift[c];
        }
    }
}

void vb_transpose_padded(const float *x, ptrdiff_t channels, ptrdiff_t length, ptrdiff_t padding, float *out) {
    memset(out, 0, (size_t)(padding * channels) * sizeof(float));
    memset(out + (padding + length) * channels, 0, (size_t)(padding * channels) * sizeof(float));
    /* Tiles of 32 x 32 keep both the reads and the writes within a few cache lines. */
    enum { TILE = 32 };
    for (ptrdiff_t c0 = 0; c0 < channels; c0 += TILE) {
        ptrdiff_t c1 = c0 + TILE < channels ? c0 + TILE : channels;
        for (ptrdiff_t t0 = 0; t0 < length; t0 += TILE) {
            ptrdiff_t t1 = t0 + TILE < length ? t0 + TILE : length;
            for (ptrdiff_t c = c0; c < c1; c++) {
                const float *source = x + c * length;
                for (ptrdiff_t t = t0; t < t1; t++) out[(padding + t) * channels + c] = source[t];
            }
        }
    }
}

VB_CLONES void vb_channel_affine(float *x, ptrdiff_t rows, ptrdiff_t columns, const float *scale, const float *shift) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *line = x + r * columns;
        for (ptrdiff_t c = 0; c < columns; c++) line[c] = line[c] * scale[c] + shift[c];
    }
}
