#include "ckernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define VB_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define VB_CLONES
#endif

/* e^x: Cody-Waite reduction to r in [-ln2/2, ln2/2], degree-6 polynomial, scale
 * by 2^n through the exponent bits. Relative error ~2e-7. */
static inline float vb_expf(float x) {
    float c = fminf(fmaxf(x, -87.3f), 88.7f);
    float k = c * 1.44269504f + 12582912.0f; /* 1.5 * 2^23: rounds to an integer */
    int ki;
    memcpy(&ki, &k, sizeof ki);
    float n = k - 12582912.0f;
    float r = c - n * 0.693145751953125f;
    r = r - n * 1.428606765330187e-06f;
    float p = 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int bits = (ki - 0x4B400000 + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return x < -87.3f ? 0.0f : p * scale;
}

/* erf(x), Abramowitz & Stegun 7.1.26: absolute error below 1.5e-7. */
static inline float vb_erff(float x) {
    float a = fabsf(x);
    float t = 1.0f / (a * 0.3275911f + 1.0f);
    float y = 1.061405429f;
    y = y * t - 1.453152027f;
    y = y * t + 1.421413741f;
    y = y * t - 0.284496736f;
    y = y * t + 0.254829592f;
    y = y * t;
    return copysignf(1.0f - y * vb_expf(-a * a), x);
}

/* tanh(x) = 1 - 2 / (e^{2|x|} + 1) with the sign restored; a short series near 0. */
static inline float vb_tanhf(float x) {
    float a = fabsf(x);
    float m = 1.0f - 2.0f / (vb_expf(2.0f * a) + 1.0f);
    float a2 = a * a;
    float series = a * (1.0f - a2 * (1.0f / 3 - a2 * (2.0f / 15)));
    return copysignf(a < 0.0625f ? series : m, x);
}

static inline float vb_sigmoidf(float x) { return 1.0f / (1.0f + vb_expf(-x)); }

VB_CLONES void vb_gelu_erf(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) {
        float v = x[i];
        x[i] = v * 0.5f * (1.0f + vb_erff(v * 0.70710678118654752f));
    }
}

VB_CLONES void vb_gelu_tanh(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) {
        float v = x[i];
        x[i] = v * 0.5f * (1.0f + vb_tanhf(0.79788456080286536f * (v + 0.044715f * v * v * v)));
    }
}

VB_CLONES void vb_quick_gelu(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = x[i] * vb_sigmoidf(1.702f * x[i]);
}

VB_CLONES void vb_silu(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = x[i] * vb_sigmoidf(x[i]);
}

VB_CLONES void vb_tanh(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = vb_tanhf(x[i]);
}

VB_CLONES void vb_relu(float *x, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

VB_CLONES void vb_exp(const float *x, float *out, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) out[i] = vb_expf(x[i]);
}

VB_CLONES void vb_add(float *a, const float *b, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) a[i] += b[i];
}

VB_CLONES void vb_scaled_add_rows(float *x, const float *y, const float *scale, ptrdiff_t rows, ptrdiff_t columns) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *line = x + r * columns;
        const float *source = y + r * columns;
        if (scale) {
            for (ptrdiff_t c = 0; c < columns; c++) line[c] += source[c] * scale[c];
        } else {
            for (ptrdiff_t c = 0; c < columns; c++) line[c] += source[c];
        }
    }
}

/* Sum of n floats in 16 independent lanes (vectorisable without reassociation flags). */
static inline float vb_sum(const float *x, ptrdiff_t n, float shift) {
    float lanes[16] = {0};
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        for (int l = 0; l < 16; l++) lanes[l] += x[i + l] - shift;
    }
    float total = 0.0f;
    for (; i < n; i++) total += x[i] - shift;
    for (int l = 0; l < 16; l++) total += lanes[l];
    return total;
}

static inline float vb_sum_squares(const float *x, ptrdiff_t n, float shift) {
    float lanes[16] = {0};
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        for (int l = 0; l < 16; l++) {
            float d = x[i + l] - shift;
            lanes[l] += d * d;
        }
    }
    float total = 0.0f;
    for (; i < n; i++) total += (x[i] - shift) * (x[i] - shift);
    for (int l = 0; l < 16; l++) total += lanes[l];
    return total;
}

VB_CLONES void vb_layer_norm_rows(float *x, ptrdiff_t rows, ptrdiff_t columns, const float *bias,
                                  const float *residual, const float *gamma, const float *beta, float epsilon) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *line = x + r * columns;
        const float *res = residual ? residual + r * columns : NULL;
        if (bias) for (ptrdiff_t c = 0; c < columns; c++) line[c] += bias[c];
        if (res) for (ptrdiff_t c = 0; c < columns; c++) line[c] += res[c];
        /* Two passes (mean, then centred variance), as PyTorch computes it. */
        float mean = vb_sum(line, columns, 0.0f) / (float)columns;
        float squares = vb_sum_squares(line, columns, mean);
        float inverse = 1.0f / sqrtf(squares / (float)columns + epsilon);
        for (ptrdiff_t c = 0; c < columns; c++) {
            line[c] = (line[c] - mean) * inverse * gamma[c] + (beta ? beta[c] : 0.0f);
        }
    }
}

VB_CLONES void vb_softmax_row(float *x, ptrdiff_t n, const unsigned char *keep) {
    /* Masked entries become -inf first, so both passes below are branch-free; the maximum and the sum
     * are kept in 16 lanes (a fixed order) so that the compiler can vectorise the exponentials. */
    if (keep) for (ptrdiff_t j = 0; j < n; j++) x[j] = keep[j] ? x[j] : -INFINITY;
    float lanes[16];
    for (int l = 0; l < 16; l++) lanes[l] = -INFINITY;
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int l = 0; l < 16; l++) lanes[l] = x[i + l] > lanes[l] ? x[i + l] : lanes[l];
    float maximum = -INFINITY;
    for (; i < n; i++) maximum = x[i] > maximum ? x[i] : maximum;
    for (int l = 0; l < 16; l++) maximum = lanes[l] > maximum ? lanes[l] : maximum;
    if (maximum == -INFINITY) {
        memset(x, 0, (size_t)n * sizeof *x);
        return;
    }
    for (int l = 0; l < 16; l++) lanes[l] = 0.0f;
    for (i = 0; i + 16 <= n; i += 16) {
        for (int l = 0; l < 16; l++) {
            float e = vb_expf(x[i + l] - maximum);
            x[i + l] = e;
            lanes[l] += e;
        }
    }
    float total = 0.0f;
    for (; i < n; i++) {
        float e = vb_expf(x[i] - maximum);
        x[i] = e;
        total += e;
    }
    for (int l = 0; l < 16; l++) total += lanes[l];
    float scale = 1.0f / total;
    for (ptrdiff_t j = 0; j < n; j++) x[j] *= scale;
}
