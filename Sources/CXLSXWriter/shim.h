#ifndef REVIEW_EXPORT_CXLSXWRITER_SHIM_H
#define REVIEW_EXPORT_CXLSXWRITER_SHIM_H

// The system libxlsxwriter (Debian's libxlsxwriter-dev).
#include <xlsxwriter.h>

#endif
