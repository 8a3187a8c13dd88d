/* examforge CLI: the only code that touches the file system: read inputs, list folders,
 * write outputs atomically, print diagnostics with the offending source line. */
#ifndef EXAMFORGE_CLI_IO_H
#define EXAMFORGE_CLI_IO_H

#include "examforge/alloc.h"
#include "examforge/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes that scripts can trust. */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/** Inputs read so far, so diagnostics can quote the offending line. Only standard input's
 *  bytes are kept (it cannot be read twice); files are read again when a problem in them is
 *  printed, so a large batch does not hold every input in memory. */
typedef struct io_sources {
    char **paths;
    char **data; /* NULL except for "-" */
    size_t *lens;
    size_t count, cap;
} io_sources;

void io_sources_release(io_sources *sources);

/** Read a whole file ("-" is standard input) into a NUL-terminated buffer the caller frees,
 *  and note the path in `sources` (may be NULL). Files over 256 MiB are refused. On failure
 *  prints "examforge: cannot read 'path': reason" and returns false. */
bool io_read(io_sources *sources, const char *path, char **data, size_t *len);

/** Expand `path`: a directory gives its regular files whose names end with one of `exts`
 *  (sorted by name; hidden files skipped; not recursive), a file gives itself. Appends
 *  malloc'd paths to *out. Returns false (after printing why) if `path` cannot be read. */
bool io_expand(const char *path, const char *const *exts, size_t n_exts, char ***out,
               size_t *count);
/** The same, searching sub-folders too (files of a folder first, then its sub-folders, each
 *  in name order). */
bool io_expand_tree(const char *path, const char *const *exts, size_t n_exts, char ***out,
                    size_t *count);
bool io_is_dir(const char *path);
bool io_exists(const char *path);

/** Write `len` bytes to `path` atomically: a temporary file in the same directory, fsync,
 *  rename over the target, fsync of the directory. On failure nothing is left behind, the
 *  target is untouched, a message naming the file is printed, and false is returned. */
bool io_write_atomic(const char *path, const char *data, size_t len);

/** A new empty temporary file beside `target` (same directory, so a rename is atomic), for
 *  writers that need a path (libxlsxwriter). NULL (after printing why) on failure. */
char *io_temp_beside(const char *target);

/** A set of output files written together: each goes to a temporary file in `dir` as it is
 *  added (so memory stays bounded), and `io_batch_commit` makes them durable with one
 *  filesystem sync and renames them into place. Until then no target is touched; on failure
 *  (or `io_batch_abort`) every temporary file is removed. */
typedef struct io_batch {
    char *dir;
    char **tmp, **target;
    size_t count, cap;
} io_batch;

void io_batch_init(io_batch *batch, const char *dir);
bool io_batch_add(io_batch *batch, const char *name, const char *data, size_t len);
/** Open a temporary file for `name` to be written in pieces (e.g. through an ef_buf sink);
 *  returns its descriptor or -1 (after printing why). `io_batch_close` closes it; pass
 *  ok = false to drop it. */
int io_batch_open(io_batch *batch, const char *name);
bool io_batch_close(io_batch *batch, int fd, bool ok);
/** An ef_buf sink writing to a descriptor (context: a pointer to the int fd). */
bool io_fd_sink(void *context, const char *data, size_t len);

/** Take over a temporary file written by someone else (from io_temp_beside), as `name`. */
bool io_batch_adopt(io_batch *batch, char *tmp, const char *name);
bool io_batch_commit(io_batch *batch);
void io_batch_abort(io_batch *batch);

/** Remove temporary files that an interrupted earlier run left in `dir` (only those whose
 *  process is gone). */
void io_remove_stale_temps(const char *dir);

/** Create `dir` (and parents) if missing; false (after printing why) if it cannot be. */
bool io_mkdirs(const char *dir);

/** Print every diagnostic to stderr: `path:line:col: severity: message; hint`, then the
 *  source line with a caret under the column when the source is known. */
void io_print_diags(const ef_diags *diags, const io_sources *sources);

/** Join a directory and a name into a new string. */
char *io_join(const char *dir, const char *name);

#endif
