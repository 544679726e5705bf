#ifndef REVIEW_EXPORT_CYAML_SHIM_H
#define REVIEW_EXPORT_CYAML_SHIM_H

// The system libyaml. (Yams vendors its own copy of libyaml; never link it
// into a binary with this one, or its symbols silently replace these.)
#include <yaml.h>

#endif
