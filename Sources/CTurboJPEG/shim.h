#ifndef VECTORBOOK_CTurboJPEG_SHIM_H
#define VECTORBOOK_CTurboJPEG_SHIM_H
#include <turbojpeg.h>
#endif
