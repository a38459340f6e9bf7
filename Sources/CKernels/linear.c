#include "ckernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define VB_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define VB_CLONES
#endif

/* Register tile: 8 rows of x by 48 output columns (24 AVX-512 or 48 AVX2 accumulators
 * after vectorisation). Per step of k: 8 broadcasts of x, 3 vector loads of wt, 24 FMAs. */
#define TILE_ROWS 8
#define TILE_COLUMNS VB_LINEAR_TILE_COLUMNS

VB_CLONES void vb_linear(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *x, ptrdiff_t ldx,
                         const float *wt, ptrdiff_t ldw, const float *bias, float *y, ptrdiff_t ldy,
                         ptrdiff_t column_start, ptrdiff_t column_end) {
    (void)n;
    for (ptrdiff_t j = column_start; j < column_end; j += TILE_COLUMNS) {
        ptrdiff_t columns = column_end - j < TILE_COLUMNS ? column_end - j : TILE_COLUMNS;
        float initial[TILE_COLUMNS];
        for (ptrdiff_t c = 0; c < TILE_COLUMNS; c++) initial[c] = (bias && c < columns) ? bias[j + c] : 0.0f;
        ptrdiff_t i = 0;
        if (columns == TILE_COLUMNS) {
            for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
                float acc[TILE_ROWS][TILE_COLUMNS];
                for (int r = 0; r < TILE_ROWS; r++) memcpy(acc[r], initial, sizeof initial);
                const float *xs = x + i * ldx;
                for (ptrdiff_t p = 0; p < k; p++) {
                    const float *w = wt + p * ldw + j;
                    for (int r = 0; r < TILE_ROWS; r++) {
                        float v = xs[r * ldx + p];
                        for (int c = 0; c < TILE_COLUMNS; c++) acc[r][c] += v * w[c];
                    }
                }
                for (int r = 0; r < TILE_ROWS; r++) memcpy(y + (i + r) * ldy + j, acc[r], sizeof acc[r]);
            }
        }
        /* Remaining rows (and a narrow last column tile) one row at a time. */
        for (; i < m; i++) {
            float acc[TILE_COLUMNS];
            memcpy(acc, initial, sizeof acc);
            const float *xr = x + i * ldx;
            for (ptrdiff_t p = 0; p < k; p++) {
                const float *w = wt + p * ldw + j;
                float v = xr[p];
                if (columns == TILE_COLUMNS) {
                    for (int c = 0; c < TILE_COLUMNS; c++) acc[c] += v * w[c];
                } else {
                    for (ptrdiff_t c = 0; c < columns; c++) acc[c] += v * w[c];
                }
            }
            memcpy(y + i * ldy + j, acc, (size_t)columns * sizeof(float));
        }
    }
}
