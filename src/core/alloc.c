/* examforge: aborting allocators, the arena behind loaded banks and notes, byte buffers. */
#include "examforge/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
    fputs("examforge: out of memory\n", stderr);
    abort();
}

void *ef_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *ef_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *ef_xcalloc_aligned(size_t n, size_t size, size_t align)
{
    n = n ? n : 1;
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    size_t bytes = (n * size + align - 1) / align * align; /* aligned_alloc wants a multiple */
    void *p = aligned_alloc(align, bytes);
    if (!p)
        out_of_memory();
    memset(p, 0, bytes);
    return p;
}

void *ef_xreallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    size_t bytes = n * size;
    void *p = realloc(ptr, bytes ? bytes : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *ef_xstrndup(const char *s, size_t n)
{
    char *p = ef_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ef_xstrdup(const char *s)
{
    return ef_xstrndup(s, strlen(s));
}

void ef_grow(void *items_ptr, size_t *cap, size_t need, size_t size)
{
    void **items = items_ptr;
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            out_of_memory();
        n *= 2;
    }
    *items = ef_xreallocarray(*items, n, size);
    *cap = n;
}

/* ---- arena ---- */

struct ef_arena_block {
    struct ef_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void ef_arena_init(ef_arena *arena)
{
    arena->head = NULL;
}

void ef_arena_release(ef_arena *arena)
{
    struct ef_arena_block *b = arena->head;
    while (b) {
        struct ef_arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena->head = NULL;
}

void *ef_arena_alloc(ef_arena *arena, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    struct ef_arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = ef_xmalloc(sizeof *b + cap);
        b->size = cap;
        b->used = 0;
        /* Big one-off blocks go behind the head so the head keeps serving small requests. */
        if (arena->head && size > ARENA_BLOCK) {
            b->next = arena->head->next;
            arena->head->next = b;
        } else {
            b->next = arena->head;
            arena->head = b;
        }
    }
    char *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void ef_arena_adopt(ef_arena *into, ef_arena *from)
{
    struct ef_arena_block *last = from->head;
    if (!last)
        return;
    while (last->next)
        last = last->next;
    /* Behind the head, so the head keeps serving requests with its free space. */
    if (into->head) {
        last->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
    }
    from->head = NULL;
}

char *ef_arena_strndup(ef_arena *arena, const char *s, size_t n)
{
    char *p = ef_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ef_arena_strdup(ef_arena *arena, const char *s)
{
    return ef_arena_strndup(arena, s, strlen(s));
}

/* ---- buffer ---- */

void ef_buf_init(ef_buf *buf)
{
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->sink = NULL;
    buf->sink_context = NULL;
    buf->failed = false;
}

void ef_buf_stream(ef_buf *buf, ef_buf_sink sink, void *context)
{
    buf->sink = sink;
    buf->sink_context = context;
}

bool ef_buf_flush(ef_buf *buf)
{
    if (buf->sink && buf->len) {
        if (!buf->failed && !buf->sink(buf->sink_context, buf->data, buf->len))
            buf->failed = true;
        buf->len = 0;
        buf->data[0] = '\0';
    }
    return !buf->failed;
}

void ef_buf_release(ef_buf *buf)
{
    free(buf->data);
    ef_buf_init(buf);
}

void ef_buf_clear(ef_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

char *ef_buf_space(ef_buf *buf, size_t n)
{
    if (n > SIZE_MAX - buf->len - 1)
        out_of_memory();
    if (buf->len + n + 1 > buf->cap)
        ef_grow(&buf->data, &buf->cap, buf->len + n + 1, 1);
    return buf->data + buf->len;
}

void ef_buf_advance(ef_buf *buf, size_t n)
{
    buf->len += n;
    buf->data[buf->len] = '\0';
    if (buf->sink && buf->len >= EF_BUF_FLUSH_AT)
        ef_buf_flush(buf);
}

void ef_buf_add(ef_buf *buf, const char *data, size_t len)
{
    char *to = ef_buf_space(buf, len);
    if (len)
        memcpy(to, data, len);
    ef_buf_advance(buf, len);
}

void ef_buf_puts(ef_buf *buf, const char *s)
{
    ef_buf_add(buf, s, strlen(s));
}

void ef_buf_putc(ef_buf *buf, char c)
{
    ef_buf_add(buf, &c, 1);
}

void ef_buf_vprintf(ef_buf *buf, const char *fmt, va_list ap)
{
    /* Format once into the free space; only a result that does not fit is formatted again. */
    if (buf->cap - buf->len < 64)
        ef_grow(&buf->data, &buf->cap, buf->len + 64, 1);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, copy);
    va_end(copy);
    if (n < 0) {
        buf->data[buf->len] = '\0';
        return;
    }
    if ((size_t)n >= buf->cap - buf->len) {
        ef_grow(&buf->data, &buf->cap, buf->len + (size_t)n + 1, 1);
        vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    }
    buf->len += (size_t)n;
    if (buf->sink && buf->len >= EF_BUF_FLUSH_AT)
        ef_buf_flush(buf);
}

void ef_buf_printf(ef_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ef_buf_vprintf(buf, fmt, ap);
    va_end(ap);
}

char *ef_buf_detach(ef_buf *buf, size_t *len)
{
    if (!buf->data)
        ef_buf_add(buf, "", 0);
    char *p = buf->data;
    if (len)
        *len = buf->len;
    ef_buf_init(buf);
    return p;
}
