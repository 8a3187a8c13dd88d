/* examforge: the diagnostics list and "did you mean" suggestions. */
#include "examforge/diag.h"
#include "examforge/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ef_diags_init(ef_diags *diags)
{
    memset(diags, 0, sizeof *diags);
}

void ef_diags_clear(ef_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].path);
        free(diags->items[i].message);
        free(diags->items[i].hint);
    }
    diags->count = diags->errors = diags->warnings = 0;
}

void ef_diags_release(ef_diags *diags)
{
    ef_diags_clear(diags);
    free(diags->items);
    ef_diags_init(diags);
}

void ef_diags_move(ef_diags *to, ef_diags *from, size_t first, size_t last, unsigned line_offset)
{
    if (first >= last)
        return;
    ef_grow(&to->items, &to->cap, to->count + (last - first), sizeof *to->items);
    for (size_t i = first; i < last; i++) {
        ef_diag *d = &from->items[i];
        bool error = d->severity == EF_SEV_ERROR, warning = d->severity == EF_SEV_WARNING;
        to->items[to->count] = *d;
        if (d->line)
            to->items[to->count].line += line_offset;
        to->count++;
        to->errors += error;
        to->warnings += warning;
        from->errors -= error;
        from->warnings -= warning;
        d->path = d->message = d->hint = NULL; /* owned by `to` now */
    }
}

int ef_diag_add(ef_diags *diags, ef_severity severity, const ef_loc *loc, const char *fmt, ...)
{
    ef_buf msg;
    ef_buf_init(&msg);
    va_list ap;
    va_start(ap, fmt);
    ef_buf_vprintf(&msg, fmt, ap);
    va_end(ap);

    ef_grow(&diags->items, &diags->cap, diags->count + 1, sizeof *diags->items);
    ef_diag *d = &diags->items[diags->count++];
    d->severity = severity;
    d->path = ef_xstrdup(loc && loc->path ? loc->path : "");
    d->line = loc ? loc->line : 0;
    d->col = loc ? loc->col : 0;
    d->message = ef_buf_detach(&msg, NULL);
    d->hint = NULL;
    if (severity == EF_SEV_ERROR)
        diags->errors++;
    else if (severity == EF_SEV_WARNING)
        diags->warnings++;
    return severity == EF_SEV_ERROR ? -1 : 0;
}

void ef_diag_hint(ef_diags *diags, const char *fmt, ...)
{
    if (!diags->count)
        return;
    ef_buf msg;
    ef_buf_init(&msg);
    va_list ap;
    va_start(ap, fmt);
    ef_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    ef_diag *d = &diags->items[diags->count - 1];
    free(d->hint);
    d->hint = ef_buf_detach(&msg, NULL);
}

static int diag_cmp(const ef_diag *a, const ef_diag *b)
{
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

static bool same_diag(const ef_diag *a, const ef_diag *b)
{
    return diag_cmp(a, b) == 0 && a->severity == b->severity && !strcmp(a->message, b->message);
}

void ef_diags_sort(ef_diags *diags)
{
    /* Insertion sort: stable, and lists are short. */
    for (size_t i = 1; i < diags->count; i++) {
        ef_diag tmp = diags->items[i];
        size_t j = i;
        while (j > 0 && diag_cmp(&diags->items[j - 1], &tmp) > 0) {
            diags->items[j] = diags->items[j - 1];
            j--;
        }
        diags->items[j] = tmp;
    }
    /* The same problem at the same place once: an alias used ten times is one mistake. */
    size_t kept = 0;
    for (size_t i = 0; i < diags->count; i++) {
        bool repeat = false;
        for (size_t k = kept; k > 0 && diag_cmp(&diags->items[k - 1], &diags->items[i]) == 0; k--)
            if (same_diag(&diags->items[k - 1], &diags->items[i])) {
                repeat = true;
                break;
            }
        if (repeat) {
            ef_diag *d = &diags->items[i];
            if (d->severity == EF_SEV_ERROR)
                diags->errors--;
            else if (d->severity == EF_SEV_WARNING)
                diags->warnings--;
            free(d->path);
            free(d->message);
            free(d->hint);
            continue;
        }
        diags->items[kept++] = diags->items[i];
    }
    diags->count = kept;
}

/* Levenshtein distance with an early exit once every entry of a row exceeds `limit`. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t *row = ef_xcalloc(lb + 1, sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    size_t result;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = diag + (a[i - 1] != b[j - 1]);
            size_t v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = cost < v ? cost : v;
            diag = up;
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit) {
            free(row);
            return limit + 1;
        }
    }
    result = row[lb];
    free(row);
    return result;
}

const char *ef_suggest(const char *word, const char *const *candidates, size_t count)
{
    size_t len = strlen(word);
    size_t limit = len / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_dist = SIZE_MAX;
    if (len < 3)
        return NULL; /* one edit turns "3" into "1": no help */
    for (size_t i = 0; i < count; i++) {
        const char *c = candidates[i];
        if (!c || !*c || strcmp(c, word) == 0)
            continue;
        size_t d = edit_distance(word, c, limit);
        if (d <= limit && d < best_dist) {
            best = c;
            best_dist = d;
        }
    }
    if (best)
        return best;
    /* A word that is the start or end of a longer id ("s3-storage" for "s3-storage-classes"). */
    for (size_t i = 0; i < count; i++) {
        const char *c = candidates[i];
        size_t lc = c ? strlen(c) : 0;
        if (lc > len && (strncmp(c, word, len) == 0 || strcmp(c + lc - len, word) == 0))
            return c;
    }
    return NULL;
}
