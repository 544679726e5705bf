#ifndef REVIEW_EXPORT_CLIBXML2_SHIM_H
#define REVIEW_EXPORT_CLIBXML2_SHIM_H

// libxml2 built with ICU exposes ICU's headers, whose types clash with the
// copies Foundation sees ("'UErrorCode' has different definitions in
// different modules"). Nothing here needs ICU, so hide it before the rest.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/tree.h>

#endif
