/* examforge: allocation that never returns NULL, a bump arena and a growable byte buffer. */
#ifndef EXAMFORGE_ALLOC_H
#define EXAMFORGE_ALLOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/** malloc/calloc/realloc/strdup that print one line and abort on exhaustion (as cmark's
 *  default allocator does), so no caller checks for NULL. `ef_xrealloc` also checks `n * size`
 *  for overflow. */
void *ef_xmalloc(size_t size);
void *ef_xcalloc(size_t n, size_t size);
void *ef_xreallocarray(void *ptr, size_t n, size_t size);
/** `n` zeroed records of `size` bytes (a multiple of `align`) starting on an `align` boundary:
 *  records that threads write, which must not share a cache line. Free with free(). */
void *ef_xcalloc_aligned(size_t n, size_t size, size_t align);
char *ef_xstrdup(const char *s);
char *ef_xstrndup(const char *s, size_t n);

/** Grow `*items` (of `*cap` elements of `size` bytes) so that it holds at least `need`. */
void ef_grow(void *items_ptr, size_t *cap, size_t need, size_t size);

/** A bump allocator: strings and records of a loaded bank or notes set live here until
 *  `ef_arena_release`. Zero-initialise or call `ef_arena_init`. */
typedef struct ef_arena {
    struct ef_arena_block *head;
} ef_arena;

void ef_arena_init(ef_arena *arena);
void ef_arena_release(ef_arena *arena);
/** `size` bytes aligned for any object, zeroed. */
void *ef_arena_alloc(ef_arena *arena, size_t size);
/** Hand every block of `from` to `into` (which frees them on release); `from` is left empty. */
void ef_arena_adopt(ef_arena *into, ef_arena *from);
char *ef_arena_strdup(ef_arena *arena, const char *s);
char *ef_arena_strndup(ef_arena *arena, const char *s, size_t n);

/** Where a streaming buffer sends its bytes: returns false on failure (kept in `failed`). */
typedef bool (*ef_buf_sink)(void *context, const char *data, size_t len);

/** A growable NUL-terminated byte buffer. `ef_buf_init` allocates nothing. With a sink set
 *  (`ef_buf_stream`), whatever passes EF_BUF_FLUSH_AT bytes is handed to the sink and dropped,
 *  so a large output never sits whole in memory; `ef_buf_flush` hands over the rest. */
typedef struct ef_buf {
    char *data;
    size_t len;
    size_t cap;
    ef_buf_sink sink;
    void *sink_context;
    bool failed; /**< the sink reported a failure */
} ef_buf;

enum { EF_BUF_FLUSH_AT = 1 << 20 };

void ef_buf_init(ef_buf *buf);
void ef_buf_stream(ef_buf *buf, ef_buf_sink sink, void *context);
/** Hand everything buffered to the sink; false if the sink failed now or earlier. */
bool ef_buf_flush(ef_buf *buf);
void ef_buf_release(ef_buf *buf);
void ef_buf_clear(ef_buf *buf);
void ef_buf_add(ef_buf *buf, const char *data, size_t len);
void ef_buf_puts(ef_buf *buf, const char *s);
void ef_buf_putc(ef_buf *buf, char c);
/** Room for `n` more bytes at the end, to write in place; `ef_buf_advance` then adds the `n`
 *  (at most) bytes written. */
char *ef_buf_space(ef_buf *buf, size_t n);
void ef_buf_advance(ef_buf *buf, size_t n);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void ef_buf_printf(ef_buf *buf, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
void ef_buf_vprintf(ef_buf *buf, const char *fmt, va_list ap);
/** Give up ownership of the bytes (NUL-terminated, never NULL) and reset `buf`. */
char *ef_buf_detach(ef_buf *buf, size_t *len);

#endif
