/* entgraph — shared definitions for every public header.
 *
 * Ownership rule for the whole API: a function never takes ownership of a
 * pointer passed to it unless its contract says "takes"; every object created
 * by eg_X_new()/eg_X_load() is freed by the matching eg_X_free(), which
 * accepts NULL. Strings returned by accessors are borrowed from their object
 * and die with it.
 */
#ifndef ENTGRAPH_COMMON_H
#define ENTGRAPH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define EG_API __declspec(dllexport)
#elif defined(__GNUC__)
#define EG_API __attribute__((visibility("default")))
#else
#define EG_API
#endif

#endif
