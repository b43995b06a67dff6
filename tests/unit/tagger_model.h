/* For tests: a tagger model image made by hand (tagger_impl.h's layout),
 * 2^bits weight rows, every weight and transition zero; the test sets the
 * weights it wants (rows start 128 + 1024 bytes in, EG__TAG_ROW int8 each)
 * and seals the image again (eg__egt_seal). Free with free(). */
#ifndef ENTGRAPH_TEST_TAGGER_MODEL_H
#define ENTGRAPH_TEST_TAGGER_MODEL_H

#include <stdlib.h>
#include <string.h>

#include "tagger_impl.h"

#define TEST_MODEL_WEIGHTS (128 + 1024) /* byte offset of the weight rows */

static unsigned char *test_empty_model(unsigned bits, size_t *size)
{
    size_t off_trans = 128, off_w = TEST_MODEL_WEIGHTS, total = off_w + ((size_t)1 << bits) * EG__TAG_ROW;
    unsigned char *buf = calloc(1, total);
    if (!buf) return NULL;
    egt_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, EGT_MAGIC, 8);
    h.bom = EGT_BOM;
    h.version = EGT_VERSION;
    h.bits = bits;
    h.labels = EG__TAG_LABELS;
    h.row = EG__TAG_ROW;
    h.features_version = EG__TAG_FEATURES_VERSION;
    h.off_trans = off_trans;
    h.off_weights = off_w;
    memcpy(buf, &h, sizeof h);
    eg__egt_seal(buf, total);
    *size = total;
    return buf;
}

/* The same with a gate (tagger_impl.h): 2^gate_bits int16 weights, all
 * zero, after the weight rows (at TEST_MODEL_WEIGHTS + 2^bits rows), and
 * its threshold. */
static inline unsigned char *test_gated_model(unsigned bits, unsigned gate_bits, int32_t threshold, size_t *size)
{
    size_t off_gate = TEST_MODEL_WEIGHTS + ((size_t)1 << bits) * EG__TAG_ROW;
    off_gate = (off_gate + 63) / 64 * 64;
    size_t total = off_gate + ((size_t)1 << gate_bits) * sizeof(int16_t), plain;
    unsigned char *old = test_empty_model(bits, &plain);
    unsigned char *buf = old ? calloc(1, total) : NULL;
    if (!buf) {
        free(old);
        return NULL;
    }
    memcpy(buf, old, plain);
    free(old);
    egt_header h;
    memcpy(&h, buf, sizeof h);
    h.gate_bits = gate_bits;
    h.off_gate = off_gate;
    h.gate_threshold = threshold;
    memcpy(buf, &h, sizeof h);
    eg__egt_seal(buf, total);
    *size = total;
    return buf;
}

#endif
