/* entgraph — umbrella header: the whole public API.
 *
 * Ownership rule for the whole API (see common.h): nothing passed in is
 * taken unless a contract says "takes"; every object made by eg_X_new() or
 * loaded by eg_X_load() is freed by eg_X_free() (NULL is fine), and every
 * caller-allocated value with eg_X_init() is released by eg_X_destroy().
 */
#ifndef ENTGRAPH_H
#define ENTGRAPH_H

#include "common.h"
#include "status.h"
#include "entgraph/version.h" /* generated into the build tree */
#include "dict.h"
#include "text.h"
#include "matcher.h"
#include "reader.h"
#include "date.h"
#include "extract.h"
#include "tagger.h"
#include "linker.h"
#include "graph.h"
#include "export.h"
#include "mentions.h"
#include "corpus.h"
#include "query.h"
#include "graph_map.h"

#endif
