/* examforge: libyaml emitter adapter for the YAML we write (summaries, keys, results). */
#include "yemit_int.h"
#include "examforge/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

void yemit_double(yemit *e, double v, int decimals)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    /* Shortest form that keeps the given precision: 30.0000 -> 30, 0.2500 -> 0.25. */
    if (n > 0 && strchr(tmp, '.')) {
        while (n > 0 && tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (n > 0 && tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    if (!strcmp(tmp, "-0")) {
        tmp[0] = '0';
        tmp[1] = '\0';
    }
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
