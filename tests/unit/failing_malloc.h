/* Allocation-failure injection for unit tests: included by one test
 * program (test_matcher.c, test_oom.c), it replaces malloc & co. with thin
 * wrappers around glibc's allocator that can be told to fail the n-th
 * call, and that count live blocks so that a test can assert nothing
 * leaked. Not under sanitizers that own malloc themselves, nor under
 * valgrind, which replaces these wrappers too: failing_malloc_active()
 * says whether they are in use, and the tests skip() when not. */
#ifndef ENTGRAPH_TEST_FAILING_MALLOC_H
#define ENTGRAPH_TEST_FAILING_MALLOC_H

#include <errno.h>
#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define NO_FAILING_MALLOC 1
#endif
#endif
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && \
    !defined(NO_FAILING_MALLOC)
#define FAILING_MALLOC 1
#include <execinfo.h>
#include <unistd.h>
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long alloc_countdown = -1; /* fail when it reaches 0; -1 = never */
static long alloc_live;
/* When set, only allocations made by code linked into the test program
 * (the library is a static library) count and fail, not those made inside
 * ICU, igraph, cJSON or libc. */
static int alloc_own_only;
/* Whether the allocation that failed was made inside such a dependency. */
static int alloc_failed_foreign;

extern char __executable_start[], etext[];

static int alloc_is_own(const void *caller)
{
    return (const char *)caller >= __executable_start && (const char *)caller < etext;
}

/* With EG_OOM_TRACE set in the environment, the stack of every failed
 * allocation goes to stderr (addr2line turns the addresses into lines). */
static int alloc_should_fail(const void *caller)
{
    if (alloc_countdown < 0) return 0;
    if (alloc_own_only && !alloc_is_own(caller)) return 0;
    if (alloc_countdown-- != 0) return 0;
    alloc_failed_foreign = !alloc_is_own(caller);
    errno = ENOMEM; /* as glibc's malloc does */
    if (getenv("EG_OOM_TRACE")) {
        void *frames[16];
        alloc_countdown = -2; /* backtrace may allocate once */
        int n = backtrace(frames, 16);
        backtrace_symbols_fd(frames, n, 2);
        if (write(2, "--\n", 3) < 0) n = 0;
        alloc_countdown = -1;
    }
    return 1;
}

static void *alloc_malloc(size_t n, const void *caller)
{
    if (alloc_should_fail(caller)) return NULL;
    void *p = __libc_malloc(n);
    if (p) alloc_live++;
    return p;
}

void *malloc(size_t n)
{
    return alloc_malloc(n, __builtin_return_address(0));
}

void *calloc(size_t n, size_t size)
{
    if (alloc_should_fail(__builtin_return_address(0))) return NULL;
    void *p = __libc_calloc(n, size);
    if (p) alloc_live++;
    return p;
}

void *realloc(void *p, size_t n)
{
    const void *caller = __builtin_return_address(0);
    if (!p) return alloc_malloc(n, caller);
    if (!n) {
        free(p);
        return NULL;
    }
    if (alloc_should_fail(caller)) return NULL;
    return __libc_realloc(p, n);
}

void free(void *p)
{
    if (p) alloc_live--;
    __libc_free(p);
}

/* Whether the wrappers above are the malloc the program calls. */
static int failing_malloc_active(void)
{
    void *(*volatile call)(size_t) = malloc; /* not elided with the free() */
    alloc_countdown = 0;
    void *p = call(1);
    alloc_countdown = -1;
    if (!p) return 1;
    free(p);
    return 0;
}
#endif

#endif
