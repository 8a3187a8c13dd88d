/* examforge (private): a thin layer over libyaml's emitter that writes into an ef_buf. */
#ifndef EXAMFORGE_YEMIT_INT_H
#define EXAMFORGE_YEMIT_INT_H

#include "examforge/alloc.h"

#include <stdbool.h>
#include <yaml.h>

typedef struct yemit {
    yaml_emitter_t emitter;
    ef_buf *out;
    bool failed;
} yemit;

/** Start a document (block style, UTF-8, width 100) appended to `out`. */
void yemit_begin(yemit *e, ef_buf *out);
/** End the document; false if the emitter reported an error (a bug: we feed valid events). */
bool yemit_end(yemit *e);
void yemit_map(yemit *e, bool flow);
void yemit_map_end(yemit *e);
void yemit_seq(yemit *e, bool flow);
void yemit_seq_end(yemit *e);
/** A scalar; numbers-as-text and words like "yes" are quoted by libyaml only when needed, so
 *  pass `quoted` for strings that must read back as strings (ids like "1.1"). */
void yemit_str(yemit *e, const char *s, bool quoted);
void yemit_literal(yemit *e, const char *s); /* block literal for multi-line text */
void yemit_uint(yemit *e, unsigned long long v);
void yemit_double(yemit *e, double v, int decimals);
void yemit_bool(yemit *e, bool v);
void yemit_null(yemit *e);
/** key: value shorthands. */
void yemit_kv_str(yemit *e, const char *key, const char *value);
void yemit_kv_uint(yemit *e, const char *key, unsigned long long value);
void yemit_kv_double(yemit *e, const char *key, double value, int decimals);

/* Direct writing, for documents of a fixed shape too large for the emitter's cost per scalar
 * (a whole class's results): the caller writes keys, indentation and flow brackets; these
 * write one scalar each, in a form that a YAML 1.1 reader turns back into the same value. */

/** `s` plain when it reads back as this very string (ids such as "ec2-instance-types"),
 *  otherwise double-quoted. */
void yout_str(ef_buf *out, const char *s);
/** `s` double-quoted, cleaned of bad UTF-8 and control characters, escaped where needed. */
void yout_quoted(ef_buf *out, const char *s);
void yout_uint(ef_buf *out, unsigned long long v);
/** `v` rounded to `decimals` (0 to 6) places as printf would, without trailing zeros ("30",
 *  "0.25"). */
void yout_double(ef_buf *out, double v, int decimals);
/* Room for any double in "%.6f": 309 digits before the point, a sign, point and places. */
enum { NUMBER_MAX = 330 };
/** `v` exactly as printf("%.*f") writes it, `decimals` 0 to 6 ("30.0", "-0.0"), into tmp,
 *  NUL-terminated; returns the length. */
int yout_format_fixed(char tmp[NUMBER_MAX], double v, int decimals);

#endif
