/* examforge: libyaml emitter adapter for the YAML we write (summaries, keys, results). */
#include "yemit_int.h"
#include "examforge/text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    ef_buf_add(data, (const char *)buffer, size);
    return 1;
}

static void emit(yemit *e, yaml_event_t *ev)
{
    if (e->failed) {
        yaml_event_delete(ev);
        return;
    }
    if (!yaml_emitter_emit(&e->emitter, ev))
        e->failed = true;
}

void yemit_begin(yemit *e, ef_buf *out)
{
    memset(e, 0, sizeof *e);
    e->out = out;
    yaml_emitter_initialize(&e->emitter);
    yaml_emitter_set_output(&e->emitter, write_handler, out);
    yaml_emitter_set_unicode(&e->emitter, 1);
    yaml_emitter_set_width(&e->emitter, 100);
    yaml_emitter_set_break(&e->emitter, YAML_LN_BREAK);
    yaml_event_t ev;
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    emit(e, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
    emit(e, &ev);
}

bool yemit_end(yemit *e)
{
    yaml_event_t ev;
    yaml_document_end_event_initialize(&ev, 1);
    emit(e, &ev);
    yaml_stream_end_event_initialize(&ev);
    emit(e, &ev);
    yaml_emitter_flush(&e->emitter);
    yaml_emitter_delete(&e->emitter);
    return !e->failed;
}

void yemit_map(yemit *e, bool flow)
{
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    emit(e, &ev);
}

void yemit_map_end(yemit *e)
{
    yaml_event_t ev;
    yaml_mapping_end_event_initialize(&ev);
    emit(e, &ev);
}

void yemit_seq(yemit *e, bool flow)
{
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(
        &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    emit(e, &ev);
}

void yemit_seq_end(yemit *e)
{
    yaml_event_t ev;
    yaml_sequence_end_event_initialize(&ev);
    emit(e, &ev);
}

static void scalar(yemit *e, const char *s, yaml_scalar_style_t style)
{
    /* libyaml's emitter refuses bad UTF-8 and control characters, and then stops: clean
     * every string first, so one odd student name cannot cost the whole file. */
    ef_buf clean;
    ef_buf_init(&clean);
    if (!ef_text_is_clean(s, strlen(s))) {
        ef_text_clean(&clean, s, strlen(s));
        s = clean.data;
    }
    yaml_event_t ev;
    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)strlen(s),
                                 style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE,
                                 style != YAML_PLAIN_SCALAR_STYLE, style);
    emit(e, &ev);
    ef_buf_release(&clean);
}

void yemit_str(yemit *e, const char *s, bool quoted)
{
    scalar(e, s ? s : "", quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}

void yemit_literal(yemit *e, const char *s)
{
    scalar(e, s ? s : "",
           strchr(s ? s : "", '\n') ? YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}

void yemit_uint(yemit *e, unsigned long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%llu", v);
    scalar(e, tmp, YAML_PLAIN_SCALAR_STYLE);
}

/* Short numbers skip printf: when |v| * 10^decimals is not within 1e-6 of a tie, rounding that
 * product is exactly what printf does to v (the product is off by far less than 1e-6). */
int yout_format_fixed(char tmp[NUMBER_MAX], double v, int decimals)
{
    static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    double t = fabs(v) * scale[decimals], whole = floor(t), frac = t - whole;
    if (!(t < 1e9) || fabs(frac - 0.5) <= 1e-6) /* large, a tie, or not finite */
        return snprintf(tmp, NUMBER_MAX, "%.*f", decimals, v);
    unsigned long long q = (unsigned long long)whole + (frac > 0.5);
    char digits[24]; /* backwards */
    int n = 0, len = 0;
    for (int i = 0; i < decimals; i++, q /= 10)
        digits[n++] = (char)('0' + q % 10);
    if (decimals)
        digits[n++] = '.';
    do
        digits[n++] = (char)('0' + q % 10);
    while (q /= 10);
    if (signbit(v)) /* as printf: -0.04 is "-0.0" */
        tmp[len++] = '-';
    while (n)
        tmp[len++] = digits[--n];
    tmp[len] = '\0';
    return len;
}

/* printf("%.*f") then trailing zeros dropped, into tmp[NUMBER_MAX]; returns the length. */
static int format_double(char *tmp, double v, int decimals)
{
    int n = yout_format_fixed(tmp, v, decimals);
    /* Shortest form that keeps the given precision: 30.0000 -> 30, 0.2500 -> 0.25. */
    if (strchr(tmp, '.')) {
        while (n > 0 && tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (n > 0 && tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    if (!strcmp(tmp, "-0")) {
        tmp[0] = '0';
        tmp[1] = '\0';
        n = 1;
    }
    return n;
}

void yemit_double(yemit *e, double v, int decimals)
{
    char tmp[NUMBER_MAX];
    format_double(tmp, v, decimals);
    scalar(e, tmp, YAML_PLAIN_SCALAR_STYLE);
}

void yemit_bool(yemit *e, bool v)
{
    scalar(e, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void yemit_null(yemit *e)
{
    scalar(e, "null", YAML_PLAIN_SCALAR_STYLE);
}

void yemit_kv_str(yemit *e, const char *key, const char *value)
{
    yemit_str(e, key, false);
    yemit_str(e, value, false);
}

void yemit_kv_uint(yemit *e, const char *key, unsigned long long value)
{
    yemit_str(e, key, false);
    yemit_uint(e, value);
}

void yemit_kv_double(yemit *e, const char *key, double value, int decimals)
{
    yemit_str(e, key, false);
    yemit_double(e, value, decimals);
}

/* ---- direct writing ---- */

/* Plain only for [A-Za-z_][A-Za-z0-9_.-]* that YAML 1.1 does not read as a bool or null:
 * anything else (numbers such as "1.1", "yes", spaces, non-ASCII) is quoted. */
static bool plain_safe(const char *s)
{
    static const char *const words[] = {"y",     "n",  "yes", "no",  "true",
                                        "false", "on", "off", "null"};
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    size_t len = 0;
    for (const char *p = s; *p; p++, len++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return false;
    if (len > 5)
        return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcasecmp(s, words[i]))
            return false;
    return true;
}

void yout_str(ef_buf *out, const char *s)
{
    if (s && plain_safe(s))
        ef_buf_puts(out, s);
    else
        yout_quoted(out, s);
}

void yout_quoted(ef_buf *out, const char *s)
{
    s = s ? s : "";
    size_t len = strlen(s);
    ef_buf clean;
    ef_buf_init(&clean);
    if (!ef_text_is_clean(s, len)) {
        ef_text_clean(&clean, s, len);
        s = clean.data;
        len = clean.len;
    }
    ef_buf_putc(out, '"');
    size_t run = 0; /* bytes copied as they are, in one call */
    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        size_t skip = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            esc = (unsigned char)s[i + 2] == 0xA8 ? "\\L" : "\\P"; /* YAML line breaks */
            skip = 3;
        } else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBB &&
                   (unsigned char)s[i + 2] == 0xBF) {
            esc = "\\uFEFF"; /* a byte-order mark: not printable to libyaml */
            skip = 3;
        }
        if (!esc) {
            run++;
            continue;
        }
        ef_buf_add(out, s + i - run, run);
        run = 0;
        ef_buf_puts(out, esc);
        i += skip - 1;
    }
    ef_buf_add(out, s + len - run, run);
    ef_buf_putc(out, '"');
    ef_buf_release(&clean);
}

void yout_uint(ef_buf *out, unsigned long long v)
{
    char tmp[24];
    size_t n = sizeof tmp;
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    ef_buf_add(out, tmp + n, sizeof tmp - n);
}

void yout_double(ef_buf *out, double v, int decimals)
{
    char tmp[NUMBER_MAX];
    int n = format_double(tmp, v, decimals);
    ef_buf_add(out, tmp, (size_t)n);
}
