/* examforge CLI: file input, folder listing, atomic output and diagnostic printing. */
#define _GNU_SOURCE /* syncfs */
#include "io.h"
#include "examforge/par.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

void io_sources_release(io_sources *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->paths[i]);
        free(s->data[i]);
    }
    free(s->paths);
    free(s->data);
    free(s->lens);
    memset(s, 0, sizeof *s);
}

/* One part of a large regular file, read with pread on a thread of its own: the kernel's copy
 * into fresh memory is a tenth of grading a large CSV, and it divides among cores. */
typedef struct read_part {
    int fd;
    char *to;
    size_t at, len;
    bool whole; /* all len bytes were read */
} read_part;

static void read_part_run(void *arg)
{
    read_part *p = arg;
    size_t done = 0;
    while (done < p->len) {
        ssize_t n = pread(p->fd, p->to + done, p->len - done, (off_t)(p->at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    p->whole = done == p->len;
}

/* The first `size` bytes of `fd` into `to`, in parts on every core; false (nothing to rely
 * on in `to`) if a part came up short: the file shrank, or a read failed. */
static bool read_parts(int fd, char *to, size_t size)
{
    size_t k = ef_parts_for(size, (size_t)4 << 20);
    if (k < 2)
        return false;
    read_part parts[EF_MAX_THREADS];
    for (size_t i = 0; i < k; i++) {
        size_t from, end;
        ef_part_range(size, k, i, &from, &end);
        parts[i] = (read_part){fd, to + from, from, end - from, false};
    }
    ef_run_parts(read_part_run, parts, sizeof *parts, k);
    for (size_t i = 0; i < k; i++)
        if (!parts[i].whole)
            return false;
    return true;
}

/* Read to the end straight into `buf`, sized up front from `size_hint` (a regular file's
 * size; 0 when unknown), so a large file is neither copied twice nor regrown. A large file
 * is read in parts first, then on to its end as usual (it may have grown); if a part comes
 * up short, the whole file is read again the usual way, which reports any error. */
static bool read_stream(FILE *f, ef_buf *buf, size_t size_hint)
{
    ef_grow(&buf->data, &buf->cap, size_hint + 2, 1); /* + 1 to see the end, + 1 for NUL */
    if (size_hint && read_parts(fileno(f), buf->data, size_hint) &&
        fseeko(f, (off_t)size_hint, SEEK_SET) == 0)
        buf->len = size_hint;
    for (;;) {
        if (buf->cap - buf->len < 2)
            ef_grow(&buf->data, &buf->cap, buf->len + 65536, 1);
        size_t n = fread(buf->data + buf->len, 1, buf->cap - buf->len - 1, f);
        if (!n)
            break;
        buf->len += n;
    }
    buf->data[buf->len] = '\0';
    return !ferror(f);
}

enum { IO_MAX_BYTES = 256u << 20 };

bool io_read(io_sources *sources, const char *path, char **data, size_t *len)
{
    ef_buf buf;
    ef_buf_init(&buf);
    bool ok;
    if (!strcmp(path, "-")) {
        ok = read_stream(stdin, &buf, 0);
    } else {
        if (io_is_dir(path)) {
            fprintf(stderr, "examforge: cannot read '%s': it is a directory\n", path);
            return false;
        }
        struct stat st;
        bool sized = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        if (sized && st.st_size > (off_t)IO_MAX_BYTES) {
            fprintf(stderr, "examforge: cannot read '%s': larger than %u MiB\n", path,
                    IO_MAX_BYTES >> 20);
            return false;
        }
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "examforge: cannot read '%s': %s\n", path, strerror(errno));
            return false;
        }
        ok = read_stream(f, &buf, sized ? (size_t)st.st_size : 0);
        int saved = errno;
        fclose(f);
        errno = saved;
    }
    if (!ok || buf.len > IO_MAX_BYTES) {
        fprintf(stderr, "examforge: cannot read '%s': %s\n", path,
                ok ? "larger than 256 MiB" : strerror(errno));
        ef_buf_release(&buf);
        return false;
    }
    *data = ef_buf_detach(&buf, len);
    if (sources) {
        ef_grow(&sources->paths, &sources->cap, sources->count + 1, sizeof *sources->paths);
        size_t cap = sources->cap;
        sources->data = ef_xreallocarray(sources->data, cap, sizeof *sources->data);
        sources->lens = ef_xreallocarray(sources->lens, cap, sizeof *sources->lens);
        sources->paths[sources->count] = ef_xstrdup(path);
        sources->data[sources->count] = strcmp(path, "-") ? NULL : ef_xstrndup(*data, *len);
        sources->lens[sources->count] = *len;
        sources->count++;
    }
    return true;
}

bool io_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool io_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

char *io_join(const char *dir, const char *name)
{
    ef_buf b;
    ef_buf_init(&b);
    size_t n = strlen(dir);
    ef_buf_puts(&b, dir);
    if (n && dir[n - 1] != '/')
        ef_buf_putc(&b, '/');
    ef_buf_puts(&b, name);
    return ef_buf_detach(&b, NULL);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_ext(const char *name, const char *const *exts, size_t n_exts)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < n_exts; i++) {
        size_t el = strlen(exts[i]);
        if (len > el && !strcmp(name + len - el, exts[i]))
            return true;
    }
    return false;
}

static bool expand(const char *path, const char *const *exts, size_t n_exts, bool recursive,
                   char ***out, size_t *count, size_t *cap)
{
    if (!io_is_dir(path)) {
        if (strcmp(path, "-") != 0 && !io_exists(path)) {
            fprintf(stderr, "examforge: cannot read '%s': %s\n", path, strerror(ENOENT));
            return false;
        }
        ef_grow(out, cap, *count + 1, sizeof **out);
        (*out)[(*count)++] = ef_xstrdup(path);
        return true;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "examforge: cannot read '%s': %s\n", path, strerror(errno));
        return false;
    }
    size_t first = *count;
    char **subdirs = NULL;
    size_t n_subdirs = 0, subdirs_cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *full = io_join(path, e->d_name);
        if (io_is_dir(full)) {
            if (recursive) {
                ef_grow(&subdirs, &subdirs_cap, n_subdirs + 1, sizeof *subdirs);
                subdirs[n_subdirs++] = full;
            } else {
                free(full);
            }
            continue;
        }
        if (!has_ext(e->d_name, exts, n_exts)) {
            free(full);
            continue;
        }
        ef_grow(out, cap, *count + 1, sizeof **out);
        (*out)[(*count)++] = full;
    }
    closedir(d);
    if (*count > first)
        qsort(*out + first, *count - first, sizeof **out, cmp_str);
    if (n_subdirs)
        qsort(subdirs, n_subdirs, sizeof *subdirs, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < n_subdirs; i++) {
        ok = ok && expand(subdirs[i], exts, n_exts, recursive, out, count, cap);
        free(subdirs[i]);
    }
    free(subdirs);
    return ok;
}

bool io_expand(const char *path, const char *const *exts, size_t n_exts, char ***out, size_t *count)
{
    size_t cap = *count;
    return expand(path, exts, n_exts, false, out, count, &cap);
}

bool io_expand_tree(const char *path, const char *const *exts, size_t n_exts, char ***out,
                    size_t *count)
{
    size_t cap = *count;
    return expand(path, exts, n_exts, true, out, count, &cap);
}

bool io_mkdirs(const char *dir)
{
    char *p = ef_xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "examforge: cannot create directory '%s': %s\n", p, strerror(errno));
            free(p);
            return false;
        }
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "examforge: cannot create directory '%s': %s\n", p, strerror(errno));
        free(p);
        return false;
    }
    free(p);
    if (!io_is_dir(dir)) {
        fprintf(stderr, "examforge: cannot create directory '%s': a file is in the way\n", dir);
        return false;
    }
    return true;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ef_xstrdup(".");
    if (slash == path)
        return ef_xstrdup("/");
    return ef_xstrndup(path, (size_t)(slash - path));
}

/* Temporary names carry the writer's pid, so a later run can tell leftovers of a killed run
 * from files another live run is still writing. */
static char *temp_template(const char *dir)
{
    char name[64];
    snprintf(name, sizeof name, ".examforge-%ld-XXXXXX", (long)getpid());
    return io_join(dir, name);
}

static bool write_all(int fd, const char *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

void io_batch_init(io_batch *b, const char *dir)
{
    memset(b, 0, sizeof *b);
    b->dir = ef_xstrdup(dir);
}

bool io_batch_add(io_batch *b, const char *name, const char *data, size_t len)
{
    char *target = io_join(b->dir, name);
    char *tmpl = temp_template(b->dir);
    int fd = mkstemp(tmpl);
    if (fd < 0 || !write_all(fd, data, len)) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmpl);
        }
        free(tmpl);
        free(target);
        io_batch_abort(b);
        return false;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (close(fd) != 0) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
        unlink(tmpl);
        free(tmpl);
        free(target);
        io_batch_abort(b);
        return false;
    }
    ef_grow(&b->tmp, &b->cap, b->count + 1, sizeof *b->tmp);
    b->target = ef_xreallocarray(b->target, b->cap, sizeof *b->target);
    b->tmp[b->count] = tmpl;
    b->target[b->count] = target;
    b->count++;
    return true;
}

int io_batch_open(io_batch *b, const char *name)
{
    char *tmpl = temp_template(b->dir);
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        char *target = io_join(b->dir, name);
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
        free(target);
        free(tmpl);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    io_batch_adopt(b, tmpl, name);
    return fd;
}

bool io_batch_close(io_batch *b, int fd, bool ok)
{
    const char *target = b->count ? b->target[b->count - 1] : "?";
    if (fd >= 0 && close(fd) != 0 && ok) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
        ok = false;
    } else if (!ok) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
    }
    if (!ok)
        io_batch_abort(b);
    return ok;
}

bool io_fd_sink(void *context, const char *data, size_t len)
{
    return write_all(*(int *)context, data, len);
}

static void batch_free(io_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        free(b->tmp[i]);
        free(b->target[i]);
    }
    free(b->tmp);
    free(b->target);
    free(b->dir);
    memset(b, 0, sizeof *b);
}

void io_batch_abort(io_batch *b)
{
    for (size_t i = 0; i < b->count; i++)
        unlink(b->tmp[i]);
    batch_free(b);
}

bool io_batch_commit(io_batch *b)
{
    if (!b->count) {
        batch_free(b);
        return true;
    }
    /* A target that is a directory would fail half-way through the renames: refuse first. */
    for (size_t i = 0; i < b->count; i++)
        if (io_is_dir(b->target[i])) {
            fprintf(stderr, "examforge: cannot write '%s': a directory is in the way\n",
                    b->target[i]);
            io_batch_abort(b);
            return false;
        }
    /* One sync of the filesystem instead of one fsync per file: thousands of outputs. */
    int dfd = open(b->dir, O_RDONLY);
    bool ok = dfd >= 0;
#ifdef __linux__
    ok = ok && syncfs(dfd) == 0;
#else
    for (size_t i = 0; ok && i < b->count; i++) {
        int fd = open(b->tmp[i], O_RDONLY);
        ok = fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
    }
#endif
    if (!ok) {
        fprintf(stderr, "examforge: cannot write to '%s': %s\n", b->dir, strerror(errno));
        if (dfd >= 0)
            close(dfd);
        io_batch_abort(b);
        return false;
    }
    for (size_t i = 0; i < b->count; i++)
        if (rename(b->tmp[i], b->target[i]) != 0) {
            fprintf(stderr, "examforge: cannot write '%s': %s\n", b->target[i], strerror(errno));
            for (size_t j = i; j < b->count; j++)
                unlink(b->tmp[j]);
            close(dfd);
            batch_free(b);
            return false;
        }
    fsync(dfd);
    close(dfd);
    batch_free(b);
    return true;
}

void io_remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid;
        char rest[16];
        if (sscanf(e->d_name, ".examforge-%ld-%15s", &pid, rest) != 2 || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its writer may still be running */
        char *path = io_join(dir, e->d_name);
        unlink(path);
        free(path);
    }
    closedir(d);
}

bool io_write_atomic(const char *path, const char *data, size_t len)
{
    char *dir = dir_of(path);
    char *tmpl = temp_template(dir);
    bool ok = false;
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", path, strerror(errno));
        goto out;
    }
    /* mkstemp creates 0600; outputs are ordinary files, readable as the umask allows. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (!write_all(fd, data, len) || fsync(fd) != 0) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", path, strerror(errno));
        close(fd);
        unlink(tmpl);
        goto out;
    }
    if (close(fd) != 0 || rename(tmpl, path) != 0) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmpl);
        goto out;
    }
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    ok = true;
out:
    free(tmpl);
    free(dir);
    return ok;
}

bool io_batch_adopt(io_batch *b, char *tmp, const char *name)
{
    ef_grow(&b->tmp, &b->cap, b->count + 1, sizeof *b->tmp);
    b->target = ef_xreallocarray(b->target, b->cap, sizeof *b->target);
    b->tmp[b->count] = tmp;
    b->target[b->count] = io_join(b->dir, name);
    b->count++;
    return true;
}

char *io_temp_beside(const char *target)
{
    char *dir = dir_of(target);
    char *tmpl = temp_template(dir);
    free(dir);
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        fprintf(stderr, "examforge: cannot write '%s': %s\n", target, strerror(errno));
        free(tmpl);
        return NULL;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    return tmpl;
}

/* The bytes of `path` for quoting: standard input's kept copy, or the file read again. */
static char *load_source(const io_sources *s, const char *path, size_t *len)
{
    for (size_t i = 0; s && i < s->count; i++)
        if (!strcmp(s->paths[i], path)) {
            if (s->data[i]) {
                *len = s->lens[i];
                return ef_xstrndup(s->data[i], s->lens[i]);
            }
            char *data;
            return io_read(NULL, path, &data, len) ? data : NULL;
        }
    return NULL;
}

static void print_caret(const char *src, size_t len, unsigned line, unsigned col)
{
    const char *p = src, *end = src + len;
    for (unsigned l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r')
        n--;
    if (n > 200)
        n = 200;
    fprintf(stderr, "%5u | %.*s\n      | ", line, (int)n, p);
    /* Columns count characters; keep tabs so the caret lines up under them. */
    unsigned c = 1;
    for (size_t i = 0; i < n && c < col; i++) {
        if (((unsigned char)p[i] & 0xC0) == 0x80)
            continue;
        fputc(p[i] == '\t' ? '\t' : ' ', stderr);
        c++;
    }
    fputs("^\n", stderr);
}

void io_print_diags(const ef_diags *diags, const io_sources *sources)
{
    static const char *const sev[] = {"note", "warning", "error"};
    char *src = NULL, *src_path = NULL; /* one file at a time: diagnostics come sorted */
    size_t len = 0;
    for (size_t i = 0; i < diags->count; i++) {
        const ef_diag *d = &diags->items[i];
        if (!*d->path)
            fprintf(stderr, "examforge: %s: %s", sev[d->severity], d->message);
        else if (!d->line)
            fprintf(stderr, "%s: %s: %s", d->path, sev[d->severity], d->message);
        else
            fprintf(stderr, "%s:%u:%u: %s: %s", d->path, d->line, d->col, sev[d->severity],
                    d->message);
        if (d->hint)
            fprintf(stderr, "; %s", d->hint);
        fputc('\n', stderr);
        if (!d->line)
            continue;
        if (!src_path || strcmp(src_path, d->path) != 0) {
            free(src);
            free(src_path);
            src_path = ef_xstrdup(d->path);
            src = load_source(sources, d->path, &len);
        }
        if (src)
            print_caret(src, len, d->line, d->col ? d->col : 1);
    }
    free(src);
    free(src_path);
}
