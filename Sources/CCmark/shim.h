#ifndef VECTORBOOK_CCmark_SHIM_H
#define VECTORBOOK_CCmark_SHIM_H
#include <cmark.h>
#endif
