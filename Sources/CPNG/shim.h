#ifndef VECTORBOOK_CPNG_SHIM_H
#define VECTORBOOK_CPNG_SHIM_H
#include <png.h>
#endif
