/* Atomic output files: write to ".NAME.tmp-XXXXXX" beside PATH (whose file
 * name is NAME), then rename(2) it onto PATH, so readers see either the old
 * file or the complete new one. The temporary name is hidden, so that a run
 * killed while writing (SIGKILL, SIGXFSZ) leaves nothing that lists or globs
 * like an output file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const char tmp_suffix[] = ".tmp-XXXXXX";

/* The process umask, read without changing it (umask(2) would race with other
 * threads creating files). 022 when /proc is not available. */
static mode_t current_umask(void)
{
    mode_t mask = 022;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return mask;
    char line[256];
    while (fgets(line, sizeof line, fp)) {
        if (!strncmp(line, "Umask:", 6)) {
            char *end;
            unsigned long v = strtoul(line + 6, &end, 8);
            if (end != line + 6 && v <= 0777) mask = (mode_t)v;
            break;
        }
    }
    fclose(fp);
    return mask;
}

/* mkstemp() creates the file 0600; give it the mode the target would get from
 * a plain fopen(): the existing file's mode, else 0666 minus the umask. */
static void set_final_mode(int fd, const char *path)
{
    struct stat st;
    mode_t mode;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        mode = st.st_mode & 07777;
    else
        mode = 0666 & ~current_umask();
    (void)fchmod(fd, mode); /* best effort: the data is what matters */
}

/* Makes the rename durable; failures are ignored because the data itself is
 * already on disk and some file systems refuse to fsync directories. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    if (!slash)
        dir = strdup(".");
    else if (slash == path)
        dir = strdup("/");
    else
        dir = strndup(path, (size_t)(slash - path));
    if (!dir) return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

void eg__out_flush(eg__out *w)
{
    if (w->used && fwrite(w->buf, 1, w->used, w->fp) != w->used) w->failed = 1;
    w->used = 0;
}

void eg__out_bytes(eg__out *w, const void *p, size_t n)
{
    if (w->used + n > sizeof w->buf) {
        eg__out_flush(w);
        if (n > sizeof w->buf) {
            if (fwrite(p, 1, n, w->fp) != n) w->failed = 1;
            return;
        }
    }
    memcpy(w->buf + w->used, p, n);
    w->used += n;
}

eg_status eg__atomic_open(eg__atomic *a, const char *path, eg_error *err)
{
    eg_status st;
    int fd = -1;
    size_t len = strlen(path), size;
    a->fp = NULL;
    a->tmp_path = NULL;
    a->path = NULL;
    if (!len) return eg__error(err, EG_EINVAL, NULL, 0, 0, "empty output path");
    if (eg__add_overflow(len + 1, sizeof tmp_suffix, &size)) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "path too long");
        goto fail;
    }
    a->path = strdup(path);
    a->tmp_path = malloc(size);
    if (!a->path || !a->tmp_path) {
        st = eg__error(err, EG_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(a->tmp_path, path, dir_len);
    a->tmp_path[dir_len] = '.';
    memcpy(a->tmp_path + dir_len + 1, path + dir_len, len - dir_len);
    memcpy(a->tmp_path + len + 1, tmp_suffix, sizeof tmp_suffix);
    fd = mkstemp(a->tmp_path);
    if (fd < 0) {
        int e = errno;
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot create a temporary file beside it: %s",
                       strerror(e));
        goto fail;
    }
    set_final_mode(fd, path);
    a->fp = fdopen(fd, "w");
    if (!a->fp) {
        int e = errno;
        st = eg__error(err, EG_EIO, path, 0, 0, "cannot open temporary file: %s", strerror(e));
        goto fail;
    }
    return EG_OK;
fail:
    if (fd >= 0) {
        close(fd);
        unlink(a->tmp_path);
    }
    free(a->tmp_path);
    free(a->path);
    a->fp = NULL;
    a->tmp_path = NULL;
    a->path = NULL;
    return st;
}

eg_status eg__atomic_commit(eg__atomic *a, eg_error *err)
{
    eg_status st = EG_OK;
    const char *what = NULL;
    int e = 0;
    if (ferror(a->fp)) {
        what = "write failed";
        e = EIO; /* errno may no longer describe the failed write */
    } else if (fflush(a->fp) != 0) {
        what = "write failed";
        e = errno;
    } else if (fsync(fileno(a->fp)) != 0) {
        what = "fsync failed";
        e = errno;
    }
    if (fclose(a->fp) != 0 && !what) {
        what = "close failed";
        e = errno;
    }
    a->fp = NULL;
    if (!what && rename(a->tmp_path, a->path) != 0) {
        what = "cannot rename the temporary file into place";
        e = errno;
    }
    if (what) {
        st = eg__error(err, EG_EIO, a->path, 0, 0, "%s: %s", what, strerror(e));
        unlink(a->tmp_path);
    } else {
        sync_parent_dir(a->path);
    }
    free(a->tmp_path);
    free(a->path);
    a->tmp_path = NULL;
    a->path = NULL;
    return st;
}

void eg__atomic_abort(eg__atomic *a)
{
    if (a->fp) fclose(a->fp);
    if (a->tmp_path) unlink(a->tmp_path);
    free(a->tmp_path);
    free(a->path);
    a->fp = NULL;
    a->tmp_path = NULL;
    a->path = NULL;
}
