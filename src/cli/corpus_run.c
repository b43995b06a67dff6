/* The command line's side of the corpus run: progress and the reader's
 * reports on stderr (cli.h). */
#include "cli.h"

typedef struct run_progress {
    const cli_corpus_opts *o;
    cli_progress bar;
} run_progress;

static void on_progress(void *user, eg_corpus_event ev, eg_reader *r)
{
    run_progress *p = user;
    if (ev == EG_CORPUS_READ)
        cli_reader_reports(p->o, r, &p->bar);
    else
        cli_progress_update(&p->bar, eg_reader_bytes_read(r));
}

int cli_run_corpus(const cli_corpus_opts *o, eg_extractor *x, eg_reader *r, eg_corpus_options *c,
                   eg_corpus_stats *stats)
{
    run_progress p = {.o = o};
    eg_error err = {0};
    cli_progress_start(&p.bar, o->quiet, eg_reader_total_bytes(r));
    c->threads = o->threads;
    c->progress = on_progress;
    c->progress_user = &p;
    eg_status st = eg_corpus_run(x, r, c, stats, &err);
    cli_progress_end(&p.bar);
    if (st) {
        cli_print_error(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
