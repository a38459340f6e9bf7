#ifndef VECTORBOOK_CKERNELS_H
#define VECTORBOOK_CKERNELS_H

/* Elementwise and row kernels for transformer encoders, written in C so the
 * compiler vectorises them, with AVX-512 / AVX2 / baseline clones chosen at run
 * time on x86-64. Called only from Sources/Tensors/Kernels.swift. */

#include <stddef.h>

/* In place over n floats. */
void vb_gelu_erf(float *x, ptrdiff_t n);
void vb_gelu_tanh(float *x, ptrdiff_t n);
void vb_quick_gelu(float *x, ptrdiff_t n);
void vb_silu(float *x, ptrdiff_t n);
void vb_tanh(float *x, ptrdiff_t n);
void vb_relu(float *x, ptrdiff_t n);
/* out[i] = e^(x[i]) for n floats (0 below -87.3). */
void vb_exp(const float *x, float *out, ptrdiff_t n);

/* a[i] += b[i] */
void vb_add(float *a, const float *b, ptrdiff_t n);

/* x[r][c] += y[r][c] * scale[c] over rows × columns (scale may be NULL: plain add). */
void vb_scaled_add_rows(float *x, const float *y, const float *scale, ptrdiff_t rows, ptrdiff_t columns);

/* Each of `rows` rows of `columns` floats: x = LN(x + bias + residual_row) * gamma + beta.
 * bias, residual and beta may be NULL. */
void vb_layer_norm_rows(float *x, ptrdiff_t rows, ptrdiff_t columns, const float *bias,
                        const float *residual, const float *gamma, const float *beta, float epsilon);

/* Softmax of one row in place; where keep is non-NULL, keep[j] == 0 gets probability 0.
 * A row with nothing kept becomes zeros. */
void vb_softmax_row(float *x, ptrdiff_t n, const unsigned char *keep);

/* Dense layer y[m][n] = x[m][k] · wt[k][n] + bias[n] (bias may be NULL), with the weight
 * stored transposed ([in][out]) so each weight row is streamed once per tile of rows.
 * Computes output columns [column_start, column_end). */
void vb_linear(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *x, ptrdiff_t ldx,
               const float *wt, ptrdiff_t ldw, const float *bias, float *y, ptrdiff_t ldy,
               ptrdiff_t column_start, ptrdiff_t column_end);

/* Column-tile width of vb_linear: split columns across threads in multiples of it. */
#define VB_LINEAR_TILE_COLUMNS 48

/* ---- Speech-encoder front ends (Sources/CKernels/audio.c; wrapped by Sources/Tensors/AudioKernels.swift) ----
 * Time-major data: one row of `channels` floats per time step, rows `ldx` floats apart. */

/* Receptive fields of a 1-D convolution: for output steps [row_start, row_end), row t of `columns`
 * (kernel * channels floats, k-major) holds input rows t*stride - padding + k, k < kernel (zeros outside
 * 0..<length). */
void vb_im2col_1d(const float *x, ptrdiff_t length, ptrdiff_t channels, ptrdiff_t ldx, ptrdiff_t kernel,
                  ptrdiff_t stride, ptrdiff_t padding, ptrdiff_t row_start, ptrdiff_t row_end, float *columns);

/* Normalises columns [column_start, column_end) of a rows x columns matrix over its rows (group norm with
 * one group per channel on time-major data): x = (x - mean) / sqrt(var + epsilon) * gamma + beta, with the
 * statistics accumulated in double. gamma and beta may be NULL. */
void vb_column_norm(float *x, ptrdiff_t rows, ptrdiff_t columns, ptrdiff_t column_start, ptrdiff_t column_end,
                    const float *gamma, const float *beta, float epsilon);

/* Channel-major [channels][length] -> time-major [padding + length + padding][channels], zero rows around. */
void vb_transpose_padded(const float *x, ptrdiff_t channels, ptrdiff_t length, ptrdiff_t padding, float *out);

/* x[r][c] = x[r][c] * scale[c] + shift[c] (a batch norm in eval mode). */
void vb_channel_affine(float *x, ptrdiff_t rows, ptrdiff_t columns, const float *scale, const float *shift);


/* One LSTM step (PyTorch gate order i, f, g, o) for `batch` rows, in Sources/CKernels/lstm.c.
 * gates[b * gates_stride + k * hidden + j] holds gate k's pre-activation without the bias;
 * bias is the summed [4 * hidden] input and recurrent bias. Updates cell[b * hidden + j] in place
 * and writes the new hidden state to hidden_out[b * hidden_stride + j]. */
void vb_lstm_cell(const float *gates, ptrdiff_t gates_stride, const float *bias, float *cell,
                  float *hidden_out, ptrdiff_t hidden_stride, ptrdiff_t batch, ptrdiff_t hidden);
/* The LSTM's own sigmoid and tanh, in place over n floats (for tests of their accuracy). */
void vb_lstm_sigmoid(float *x, ptrdiff_t n);
void vb_lstm_tanh(float *x, ptrdiff_t n);

#endif
