/* The library's version (include/entgraph/version.h, generated). */
#include "entgraph/version.h"

const char *eg_version(void) { return EG_VERSION_STRING; }
