#ifndef VECTORBOOK_CSndFile_SHIM_H
#define VECTORBOOK_CSndFile_SHIM_H
#include <sndfile.h>
#endif
