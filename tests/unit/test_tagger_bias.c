/* The tagger's start bias (eg_train_options.start_bias,
 * eg__tag_add_start_bias): a score added to every name of a type, written
 * into the transitions. Checked against brute force over every path, on a
 * hand-made model whose decision it flips, and through training. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entgraph/extract.h"
#include "entgraph/tagger.h"
#include "tagger_impl.h"
#include "tagger_model.h"
#include "util.h"

enum { L = EG__TAG_LABELS, ROW = EG__TAG_ROW, NT = (EG__TAG_LABELS + 2) * EG__TAG_ROW };

static uint32_t rnd_state = 4242;
static int32_t rnd(int32_t range)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (int32_t)((rnd_state >> 8) % (uint32_t)(2 * range + 1)) - range;
}

static int64_t path_score(const int32_t *emit, size_t n, const int32_t *trans, const uint8_t *p)
{
    const int32_t *last = trans + (L + 1) * ROW;
    int64_t s = (int64_t)trans[L * ROW + p[0]] + last[p[n - 1]];
    for (size_t i = 0; i < n; i++) s += emit[i * ROW + p[i]];
    for (size_t i = 1; i < n; i++) s += trans[p[i - 1] * ROW + p[i]];
    return s;
}

/* Path number code of n labels into path; 1 when it is allowed and ends
 * outside a name. */
static int allowed_path(size_t code, size_t n, uint8_t *path)
{
    for (size_t i = 0; i < n; i++) {
        path[i] = (uint8_t)(code % L);
        code /= L;
    }
    int ok = eg__tag_allowed(L, path[0]);
    for (size_t i = 1; ok && i < n; i++) ok = eg__tag_allowed(path[i - 1], path[i]);
    unsigned y = path[n - 1];
    return ok && !(y && (y - 1) % 4 < 2);
}

/* The bias the path's names bring: bias[t] for each B or S of type t. */
static int64_t names_bias(const uint8_t *path, size_t n, const int32_t bias[3])
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        if (path[i] && ((path[i] - 1) % 4 == 0 || (path[i] - 1) % 4 == 3)) s += bias[(path[i] - 1) / 4];
    return s;
}

/* Every allowed path of up to four labels scores exactly the bias of its
 * names more, under random transitions and emissions; the decoder finds
 * the best path of the biased scores; nothing else of the table moves, and
 * a transition at the loader's bound stays within it. */
static void start_bias_adds_the_bias_of_each_name(void **state)
{
    (void)state;
    const int32_t biases[][3] = {{0, 0, 0}, {7, -5, 13}, {40, 0, 0}, {-30, 25, 1000}};
    for (size_t b = 0; b < sizeof biases / sizeof biases[0]; b++) {
        for (int round = 0; round < 20; round++) {
            int32_t plain[NT], biased[NT], emit[4 * ROW], score[4 * ROW];
            for (size_t i = 0; i < NT; i++) plain[i] = rnd(40);
            for (size_t i = 0; i < 4 * ROW; i++) emit[i] = rnd(60);
            memcpy(biased, plain, sizeof plain);
            eg__tag_add_start_bias(biased, biases[b]);
            for (unsigned p = 0; p < L + 2; p++)
                for (unsigned y = 0; y < ROW; y++) {
                    int starts = y && y < L && ((y - 1) % 4 == 0 || (y - 1) % 4 == 3);
                    int moved = p <= L && starts && eg__tag_allowed(p, y);
                    int32_t want = plain[p * ROW + y] + (moved ? biases[b][(y - 1) / 4] : 0);
                    assert_int_equal(biased[p * ROW + y], want);
                }
            for (size_t n = 1; n <= 4; n++) {
                size_t total = 1;
                for (size_t i = 0; i < n; i++) total *= L;
                uint8_t path[4], best_path[4], got[4];
                int64_t best = INT64_MIN;
                for (size_t code = 0; code < total; code++) {
                    if (!allowed_path(code, n, path)) continue;
                    int64_t s = path_score(emit, n, biased, path);
                    assert_true(s - path_score(emit, n, plain, path) == names_bias(path, n, biases[b]));
                    if (s > best) {
                        best = s;
                        memcpy(best_path, path, n);
                    }
                }
                eg__tag_viterbi32(emit, n, biased, biased + (L + 1) * ROW, score, got);
                assert_true(path_score(emit, n, biased, got) == best);
            }
        }
    }
    /* held within the loader's bound */
    int32_t t[NT];
    for (size_t i = 0; i < NT; i++) t[i] = EG__TAG_MAX_TRANS - 3;
    const int32_t up[3] = {1000, 0, 0}, down[3] = {0, -1000, 0};
    eg__tag_add_start_bias(t, up);
    assert_int_equal(t[L * ROW + 1], EG__TAG_MAX_TRANS); /* start -> B-PER */
    assert_int_equal(t[L * ROW + 2], EG__TAG_MAX_TRANS - 3); /* I-PER: no name starts there */
    for (size_t i = 0; i < NT; i++) t[i] = -EG__TAG_MAX_TRANS + 3;
    eg__tag_add_start_bias(t, down);
    assert_int_equal(t[0 * ROW + 8], -EG__TAG_MAX_TRANS); /* O -> S-LOC */
}

/* ---- a hand-made model whose decision the bias flips -------------------- */

#define BITS 10

static size_t decode(const char *s, uint32_t *cp)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) cp[n++] = eg__utf8_decode(s, len, &i, NULL);
    return n;
}

/* 某柯岚到。 with weights on each character's own row (feature 3) and the
 * bias row (feature 0, 1 for O at every character): 某, 到 and 。 100 for
 * O; 柯 60 for O and 50 for B-PER, 岚 60 for O and 50 for E-PER. Without
 * a bias 柯岚 is no name (O O: 122, B E: 100); transitions zero but the
 * start bias. */
static unsigned char *person_model(const int32_t bias[3], size_t *size)
{
    unsigned char *buf = test_empty_model(BITS, size);
    assert_non_null(buf);
    uint32_t cp[8], feat[8 * EG__TAG_MAXF];
    uint8_t nf[8];
    size_t n = decode("某柯岚到。", cp);
    eg__tag_input in = {cp, n, NULL, 0, NULL};
    eg__tag_features(&in, BITS, feat, nf, NULL);
    int8_t *w = (int8_t *)(void *)(buf + TEST_MODEL_WEIGHTS);
    const uint8_t lab[5] = {0, 1, 3, 0, 0};
    const int8_t vote[5] = {100, 50, 50, 100, 100};
    w[feat[0] * ROW + 0] = 1;
    for (size_t i = 0; i < n; i++) {
        int8_t *r = w + (size_t)feat[i * EG__TAG_MAXF + 3] * ROW;
        r[lab[i]] = vote[i];
        if (lab[i]) r[0] = 60;
    }
    eg__tag_add_start_bias((int32_t *)(void *)(buf + 128), bias);
    eg__egt_seal(buf, *size);
    return buf;
}

/* Labels 某柯岚到。 with the person model under bias; the margin of 柯 into
 * *margin. */
static void label_with_bias(const int32_t bias[3], uint8_t *labels, int32_t *margin)
{
    size_t size;
    unsigned char *buf = person_model(bias, &size);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(buf, size, &t, &err), EG_OK); /* the loader takes it */
    eg__tag_scratch s;
    memset(&s, 0, sizeof s);
    assert_int_equal(eg__tag_scratch_reserve(&s, 16, 4), EG_OK);
    size_t n = decode("某柯岚到。", s.cp);
    eg__tag_input in = {s.cp, n, NULL, 0, NULL};
    eg__tagger_label(t, &s, &in);
    memcpy(labels, s.labels, n);
    *margin = -1;
    if (s.labels[1]) {
        eg__tagger_margins(t, &s, n);
        *margin = eg__tag_span_margin(s.margin, 1, 2);
    }
    eg__tag_scratch_free(&s);
    eg_tagger_free(t);
    free(buf);
}

static void start_bias_flips_a_hand_made_path(void **state)
{
    (void)state;
    const uint8_t none[5] = {0, 0, 0, 0, 0}, person[5] = {0, 1, 3, 0, 0};
    uint8_t got[5];
    int32_t m;
    const int32_t zero[3] = {0, 0, 0}, per21[3] = {21, 0, 0}, per23[3] = {23, 0, 0}, per30[3] = {30, 0, 0},
                  loc30[3] = {0, 30, 30}, per30_neg[3] = {30, -90, -90};
    label_with_bias(zero, got, &m); /* 0 leaves the path: no name */
    assert_memory_equal(got, none, 5);
    label_with_bias(per21, got, &m); /* 121 < 122 */
    assert_memory_equal(got, none, 5);
    label_with_bias(loc30, got, &m); /* another type's bias: nothing to gain */
    assert_memory_equal(got, none, 5);
    label_with_bias(per23, got, &m); /* 123 > 122: the person */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 1);
    label_with_bias(per30, got, &m); /* its margin includes the bias: 130 - 122 */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 8);
    label_with_bias(per30_neg, got, &m); /* the other types' do not touch it */
    assert_memory_equal(got, person, 5);
    assert_int_equal(m, 8);
}

/* ---- training ------------------------------------------------------------ */

/* Made-up sentences: people named with no cue, a made-up place. */
static const char train_jsonl[] =
    "{\"text\":\"苗汀和贲屿去了澄溪。\",\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"},{\"start\":3,\"end\":5,\"type\":\"PER\"},{\"start\":7,\"end\":9,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"前天贲屿在澄溪钓鱼。\",\"entities\":[{\"start\":2,\"end\":4,\"type\":\"PER\"},{\"start\":5,\"end\":7,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"苗汀想念澄溪的冬天。\",\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"},{\"start\":4,\"end\":6,\"type\":\"LOC\"}]}\n"
    "{\"text\":\"明天会刮风。\",\"entities\":[]}\n";

static unsigned char *train_with(const char *data_path, const int32_t bias[3], size_t *size)
{
    eg_dict *d = NULL;
    eg_error err = {0};
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_train_options o = eg_train_defaults();
    o.hash_bits = 12;
    o.epochs = 5;
    o.runs = 2;
    memcpy(o.start_bias, bias, sizeof o.start_bias);
    eg_trainer *t = NULL;
    assert_int_equal(eg_trainer_new(&t, x, &o, &err), EG_OK);
    size_t added = 0;
    assert_int_equal(eg_trainer_add_jsonl(t, data_path, 2, &added, &err), EG_OK);
    assert_int_equal(added, 4);
    char out[] = "/tmp/eg-test-bias-model-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(eg_trainer_save(t, out, &err), EG_OK);
    FILE *fp = fopen(out, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size_t len = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *bytes = malloc(len);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, len, fp), len);
    fclose(fp);
    unlink(out);
    eg_trainer_free(t);
    eg_extractor_free(x);
    eg_dict_free(d);
    *size = len;
    return bytes;
}

/* The same data and bias give the same bytes; the bias changes the
 * transitions into names by itself and not one weight; the defaults are 0;
 * a bias out of range is refused. */
static void training_with_a_bias_is_deterministic(void **state)
{
    (void)state;
    char data[] = "/tmp/eg-test-bias-train-XXXXXX";
    int fd = mkstemp(data);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, train_jsonl, sizeof train_jsonl - 1), (ssize_t)(sizeof train_jsonl - 1));
    close(fd);
    const int32_t zero[3] = {0, 0, 0}, bias[3] = {40, -7, 12};
    size_t a_len, b_len, z_len;
    unsigned char *a = train_with(data, bias, &a_len), *b = train_with(data, bias, &b_len);
    unsigned char *z = train_with(data, zero, &z_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_int_equal(a_len, z_len);
    egt_header ha, hz;
    memcpy(&ha, a, sizeof ha);
    memcpy(&hz, z, sizeof hz);
    assert_true(ha.checksum != hz.checksum);
    ha.checksum = hz.checksum;
    assert_memory_equal(&ha, &hz, sizeof ha); /* no format change */
    assert_memory_equal(a + ha.off_weights, z + hz.off_weights, a_len - ha.off_weights);
    int32_t ta[NT], tz[NT];
    memcpy(ta, a + ha.off_trans, sizeof ta);
    memcpy(tz, z + hz.off_trans, sizeof tz);
    assert_memory_not_equal(ta, tz, sizeof ta);
    eg__tag_add_start_bias(tz, bias);
    assert_memory_equal(ta, tz, sizeof ta);
    eg_tagger *t = NULL;
    eg_error err = {0};
    assert_int_equal(eg_tagger_open_buffer(a, a_len, &t, &err), EG_OK);
    eg_tagger_free(t);

    eg_train_options o = eg_train_defaults();
    for (int k = 0; k < 3; k++) assert_int_equal(o.start_bias[k], 0);
    eg_dict *d = NULL;
    assert_int_equal(eg_dict_new(&d), EG_OK);
    eg_extractor *x = NULL;
    assert_int_equal(eg_extractor_new(&x, d, NULL, &err), EG_OK);
    eg_trainer *tr = NULL;
    o.start_bias[2] = EG_TRAIN_START_BIAS_MAX + 1;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o.start_bias[2] = -EG_TRAIN_START_BIAS_MAX - 1;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_EINVAL);
    o.start_bias[2] = -EG_TRAIN_START_BIAS_MAX;
    assert_int_equal(eg_trainer_new(&tr, x, &o, &err), EG_OK);
    eg_trainer_free(tr);
    eg_extractor_free(x);
    eg_dict_free(d);
    unlink(data);
    free(a);
    free(b);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(start_bias_adds_the_bias_of_each_name),
        cmocka_unit_test(start_bias_flips_a_hand_made_path),
        cmocka_unit_test(training_with_a_bias_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
