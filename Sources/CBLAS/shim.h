#ifndef VECTORBOOK_CBLAS_SHIM_H
#define VECTORBOOK_CBLAS_SHIM_H
#include <cblas.h>
/* OpenBLAS extensions: thread control. Declared by openblas' cblas.h. */
#endif
