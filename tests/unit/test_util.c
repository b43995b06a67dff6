/* The shared helpers of src/util.c and util.h: '|'-lists, the grower of
 * typed arrays, the whole-file reader, the string and pointer maps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "failing_malloc.h"

#include "internal.h"
#include "util.h"

/* The items of list joined by '/', each in brackets: "[a]/[]/[b]". */
static void items_of(const char *list, char *out, size_t cap)
{
    const char *p = list, *item;
    size_t len, used = 0;
    out[0] = 0;
    while (eg__list_next(&p, &item, &len)) {
        int w = snprintf(out + used, cap - used, "%s[%.*s]", used ? "/" : "", (int)len, item);
        assert_true(w > 0 && (size_t)w < cap - used);
        used += (size_t)w;
    }
}

static void lists(void **state)
{
    (void)state;
    static const struct {
        const char *list, *items;
        size_t empty; /* eg__list_empty_item, or (size_t)-1 for none */
    } cases[] = {
        {"", "", (size_t)-1},
        {"北京", "[北京]", (size_t)-1},
        {"北京|京", "[北京]/[京]", (size_t)-1},
        {"a||b", "[a]/[]/[b]", 1},
        {"|a", "[]/[a]", 0},
        /* a trailing bar ends the list: no empty item is walked, but the
         * list has one (the readers refuse it) */
        {"a|", "[a]", 1},
        {"a|b|", "[a]/[b]", 3},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char got[128];
        items_of(cases[c].list, got, sizeof got);
        assert_string_equal(got, cases[c].items);
        size_t len = strlen(cases[c].list);
        size_t want = cases[c].empty == (size_t)-1 ? len : cases[c].empty;
        assert_int_equal(eg__list_empty_item(cases[c].list, len), want);
    }
    const char *none = NULL, *item;
    size_t len;
    assert_false(eg__list_next(&none, &item, &len));
}

static void alloc_table(void **state)
{
    (void)state;
    /* small: zeroed; from 2 MiB on: zeroed and 2 MiB aligned (huge pages
     * are the kernel's to give: not checked) */
    size_t sizes[] = {1, 100, (size_t)2 << 20, ((size_t)5 << 20) + 3};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *p = eg__alloc_table(sizes[k]);
        assert_non_null(p);
        for (size_t i = 0; i < sizes[k]; i += 4093) assert_int_equal(p[i], 0);
        assert_int_equal(p[sizes[k] - 1], 0);
        if (sizes[k] >= ((size_t)2 << 20)) assert_int_equal((uintptr_t)p % ((uintptr_t)2 << 20), 0);
        memset(p, 0xAB, sizes[k]);
        free(p);
    }
}

static void grow_array(void **state)
{
    (void)state;
    uint32_t *v = NULL;
    size_t cap = 0;
    assert_int_equal(eg__grow_array((void **)&v, &cap, 0, sizeof *v, 16), 0);
    assert_null(v); /* nothing needed, nothing allocated */
    assert_int_equal(eg__grow_array((void **)&v, &cap, 1, sizeof *v, 16), 0);
    assert_int_equal(cap, 16);
    for (uint32_t i = 0; i < 16; i++) v[i] = i;
    /* doubles until it holds need, keeping what was there */
    assert_int_equal(eg__grow_array((void **)&v, &cap, 100, sizeof *v, 16), 0);
    assert_int_equal(cap, 128);
    for (uint32_t i = 0; i < 16; i++) assert_int_equal(v[i], i);
    assert_int_equal(eg__grow_array((void **)&v, &cap, 128, sizeof *v, 16), 0);
    assert_int_equal(cap, 128);
    /* a size that overflows: refused, the array as it was */
    uint32_t *before = v;
    assert_int_equal(eg__grow_array((void **)&v, &cap, SIZE_MAX / 2, sizeof *v, 16), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 128);
    assert_int_equal(v[15], 15);
    free(v);
}

static void read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/eg_test_util_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* more than the reader's first 32 KiB, with a NUL inside */
    size_t n = 100000;
    char *want = malloc(n);
    assert_non_null(want);
    for (size_t i = 0; i < n; i++) want[i] = (char)('a' + i % 26);
    want[5] = 0;
    assert_int_equal(write(fd, want, n), (ssize_t)n);
    close(fd);
    char *got = NULL;
    size_t len = 0;
    eg_error err = {0};
    assert_int_equal(eg__read_file(path, &got, &len, &err), EG_OK);
    assert_int_equal(len, n);
    assert_memory_equal(got, want, n);
    assert_int_equal(got[n], 0);
    free(got);
    /* an empty file is an empty string */
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(eg__read_file(path, &got, &len, &err), EG_OK);
    assert_int_equal(len, 0);
    assert_string_equal(got, "");
    free(got);
    unlink(path);
    assert_int_equal(eg__read_file(path, &got, &len, &err), EG_EIO);
    assert_non_null(strstr(err.message, "cannot open"));
    free(want);
}

static void read_file_out_of_memory(void **state)
{
    (void)state;
#ifdef FAILING_MALLOC
    if (!failing_malloc_active()) skip();
    char path[] = "/tmp/eg_test_util_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char block[70000];
    memset(block, 'x', sizeof block);
    assert_int_equal(write(fd, block, sizeof block), (ssize_t)sizeof block);
    close(fd);
    long failures = 0;
    for (long k = 0;; k++) {
        long live = alloc_live;
        char *got = NULL;
        size_t len = 0;
        eg_error err = {0};
        alloc_own_only = 1;
        alloc_countdown = k;
        eg_status st = eg__read_file(path, &got, &len, &err);
        int done = alloc_countdown >= 0;
        alloc_countdown = -1;
        alloc_own_only = 0;
        if (done) {
            assert_int_equal(st, EG_OK);
            assert_int_equal(len, sizeof block);
            free(got);
            break;
        }
        failures++;
        assert_int_equal(st, EG_ENOMEM);
        assert_null(got);
        assert_int_equal(alloc_live, live);
    }
    unlink(path);
    assert_true(failures >= 2); /* the first block, and growing past it */
#else
    skip();
#endif
}

static void maps(void **state)
{
    (void)state;
    eg__strmap m = {0};
    char keys[300][8];
    for (uint32_t i = 0; i < 300; i++) {
        snprintf(keys[i], sizeof keys[i], "k%u", i);
        assert_int_equal(eg__strmap_put(&m, keys[i], i), 0);
    }
    assert_int_equal(m.count, 300);
    assert_int_equal(eg__strmap_put(&m, keys[7], 1000), 0); /* replaces */
    assert_int_equal(m.count, 300);
    uint32_t v;
    for (uint32_t i = 0; i < 300; i++) {
        assert_true(eg__strmap_get(&m, keys[i], &v));
        assert_int_equal(v, i == 7 ? 1000 : i);
    }
    assert_false(eg__strmap_get(&m, "k300", &v));
    eg__strmap_free(&m);
    assert_false(eg__strmap_get(&m, "k1", &v));

    eg__ptrmap p = {0};
    for (uint32_t i = 0; i < 300; i++) assert_int_equal(eg__ptrmap_put(&p, keys[i], (uint64_t)i << 33), 0);
    uint64_t w;
    for (uint32_t i = 0; i < 300; i++) {
        assert_true(eg__ptrmap_get(&p, keys[i], &w));
        assert_true(w == (uint64_t)i << 33);
    }
    /* by identity: an equal string elsewhere is another key */
    char copy[8];
    memcpy(copy, keys[3], sizeof copy);
    assert_false(eg__ptrmap_get(&p, copy, &w));
    eg__ptrmap_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists),
        cmocka_unit_test(grow_array),
        cmocka_unit_test(alloc_table),
        cmocka_unit_test(read_file),
        cmocka_unit_test(read_file_out_of_memory),
        cmocka_unit_test(maps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
