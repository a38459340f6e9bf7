#include "ckernels.h"

#include <math.h>
#include <string.h>

/* Gate arithmetic of an LSTM step (PyTorch's gate order i, f, g, o), vectorised by the compiler
 * over the hidden units, with AVX-512 / AVX2 / baseline clones picked at run time on x86-64.
 * Called only from Sources/Tensors/LSTM.swift. */

#if defined(__x86_64__) && defined(__clang__)
#define LSTM_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LSTM_CLONES
#endif

/* 2^n for integer n in [-126, 127], built from the exponent bits. */
static inline float lstm_pow2(int n) {
    int bits = (n + 127) << 23;
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* Splits y into n ln2 + r with |r| <= ln2/2 and returns e^r - 1 (a degree-7 Taylor polynomial:
 * truncation below 6e-9 on that interval); n is written to *scale_exponent. y must lie in [-87, 88]. */
static inline float lstm_reduced_expm1(float y, int *scale_exponent) {
    const float shifter = 12582912.0f; /* 1.5 * 2^23: adding it rounds to the nearest integer */
    float shifted = y * 1.4426950408889634f + shifter;
    float n = shifted - shifter;
    int bits;
    memcpy(&bits, &shifted, sizeof bits);
    *scale_exponent = bits - 0x4B400000;
    /* ln 2 in two parts (Cody and Waite): the first has few significant bits, so n * it is exact. */
    float r = (y - n * 0.693145751953125f) - n * 1.4286068203094172e-06f;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    return p * r;
}

/* Logistic sigmoid 1 / (1 + e^-x); saturates cleanly for large |x|. */
static inline float lstm_sigmoid(float x) {
    float y = fminf(fmaxf(-x, -87.0f), 88.0f);
    int n;
    float m = lstm_reduced_expm1(y, &n);
    float s = lstm_pow2(n);
    return 1.0f / (1.0f + (s * m + s));
}

/* tanh x = -expm1(-2|x|) / (2 + expm1(-2|x|)) with the sign of x: relative accuracy near 0, exact
 * saturation to ±1 (|x| > 20 is clamped; tanh is 1 in float32 well before). */
static inline float lstm_tanh(float x) {
    float y = fmaxf(-2.0f * fabsf(x), -40.0f);
    int n;
    float m = lstm_reduced_expm1(y, &n);
    float s = lstm_pow2(n);
    float e = s * m + (s - 1.0f); /* e^y - 1, without cancellation when n == 0 */
    return copysignf(-e / (2.0f + e), x);
}

LSTM_CLONES void vb_lstm_cell(const float *gates, ptrdiff_t gates_stride, const float *bias, float *cell,
                              float *hidden_out, ptrdiff_t hidden_stride, ptrdiff_t batch, ptrdiff_t hidden) {
    for (ptrdiff_t b = 0; b < batch; b++) {
        const float *gi = gates + b * gates_stride;
        const float *gf = gi + hidden;
        const float *gg = gf + hidden;
        const float *go = gg + hidden;
        const float *bi = bias;
        const float *bf = bias + hidden;
        const float *bg = bf + hidden;
        const float *bo = bg + hidden;
        float *c = cell + b * hidden;
        float *h = hidden_out + b * hidden_stride;
        for (ptrdiff_t j = 0; j < hidden; j++) {
            float input_gate = lstm_sigmoid(gi[j] + bi[j]);
            float forget_gate = lstm_sigmoid(gf[j] + bf[j]);
            float candidate = lstm_tanh(gg[j] + bg[j]);
            float output_gate = lstm_sigmoid(go[j] + bo[j]);
            float next = forget_gate * c[j] + input_gate * candidate;
            c[j] = next;
            h[j] = output_gate * lstm_tanh(next);
        }
    }
}

LSTM_CLONES void vb_lstm_sigmoid(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = lstm_sigmoid(x[i]);
}

LSTM_CLONES void vb_lstm_tanh(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = lstm_tanh(x[i]);
}
