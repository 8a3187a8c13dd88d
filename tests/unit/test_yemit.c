/* Unit tests: the direct YAML writer (numbers as printf rounds them; strings that libyaml reads
 * back as the same text, whatever bytes a student id or name holds). */
#include "examforge/text.h"
#include "testutil.h"
#include "yemit_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* printf("%.*f") with trailing zeros dropped and "-0" as "0": what the writer promises. */
static void reference(char *out, size_t size, double v, int decimals)
{
    int n = snprintf(out, size, "%.*f", decimals, v);
    if (strchr(out, '.')) {
        while (n > 0 && out[n - 1] == '0')
            out[--n] = '\0';
        if (n > 0 && out[n - 1] == '.')
            out[--n] = '\0';
    }
    if (!strcmp(out, "-0"))
        strcpy(out, "0");
}

static void check_number(double v, int decimals)
{
    char want[400];
    reference(want, sizeof want, v, decimals);
    ef_buf got;
    ef_buf_init(&got);
    yout_double(&got, v, decimals);
    ck_assert_msg(!strcmp(got.data, want), "%.17g with %d places: got '%s', printf '%s'", v,
                  decimals, got.data, want);
    /* yout_format_fixed: printf's very text, trailing zeros and "-0.0" included. */
    snprintf(want, sizeof want, "%.*f", decimals, v);
    char fixed[NUMBER_MAX];
    int n = yout_format_fixed(fixed, v, decimals);
    ck_assert_msg(!strcmp(fixed, want) && n == (int)strlen(want),
                  "%.17g fixed, %d places: got '%s', printf '%s'", v, decimals, fixed, want);
    ef_buf_release(&got);
}

START_TEST(numbers_match_printf)
{
    /* Percents and scores are ratios of small counts: every one up to 1/160, both signs. */
    for (int b = 1; b <= 160; b++)
        for (int a = 0; a <= b; a++)
            for (int d = 0; d <= 4; d++) {
                check_number(100.0 * a / b, d);
                check_number(-100.0 * a / b, d);
                check_number((double)a / b, d);
            }
    /* Exact ties, where printf rounds half to even, and numbers past the short path. */
    const double ties[] = {
        0.5,   1.5,    2.5,         6.25,        6.75, 0.125, 0.375, 12.5,
        -2.5,  -6.25,  1e9,         -1e9,        1e12, 3e15,  1e300, 0.0,
        -0.0,  1e-300, 99.9999,     99.95,       0.05, 2.675, 1.005, 4503599627370497.0,
        -0.04, 0.04,   999999999.4, 999999999.6, 7.0,  10.0,  1e6,   -100.0};
    for (size_t i = 0; i < sizeof ties / sizeof *ties; i++)
        for (int d = 0; d <= 6; d++)
            check_number(ties[i], d);
    /* Random doubles of every size the short path takes, and past it. */
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v = (double)(x >> 11) / (double)(1ull << 53) * pow(10, (int)(x % 12)) - 500;
        check_number(v, (int)(x % 7));
    }
    ef_buf b;
    ef_buf_init(&b);
    yout_uint(&b, 0);
    ef_buf_putc(&b, ' ');
    yout_uint(&b, 18446744073709551615ull);
    ck_assert_str_eq(b.data, "0 18446744073709551615");
    ef_buf_release(&b);
}
END_TEST

/* Read "v: <scalar>" with libyaml; the value's text and whether it was plain. */
static char *read_back(const char *doc, bool *plain)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)doc, strlen(doc));
    char *value = NULL;
    int scalars = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            ck_abort_msg("libyaml cannot read '%s': %s", doc, p.problem);
            break;
        }
        if (ev.type == YAML_SCALAR_EVENT && ++scalars == 2) {
            value = ef_xstrdup((const char *)ev.data.scalar.value);
            *plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        }
        bool end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    yaml_parser_delete(&p);
    ck_assert_ptr_nonnull(value);
    return value;
}

/* `s` written quoted (or as yout_str decides) reads back as its cleaned text. */
static void round_trip(const char *s, size_t len, bool as_str)
{
    char *copy = malloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    ef_buf want, doc;
    ef_buf_init(&want);
    ef_buf_init(&doc);
    ef_text_clean(&want, copy, strlen(copy)); /* a NUL ends the C string, as for any id */
    ef_buf_puts(&doc, "v: ");
    if (as_str)
        yout_str(&doc, copy);
    else
        yout_quoted(&doc, copy);
    ef_buf_putc(&doc, '\n');
    bool plain;
    char *got = read_back(doc.data, &plain);
    ck_assert_msg(!strcmp(got, want.data), "wrote %s read back '%s'", doc.data, got);
    free(got);
    free(copy);
    ef_buf_release(&want);
    ef_buf_release(&doc);
}

START_TEST(strings_read_back)
{
    const char *const cases[] = {
        "s000001",
        "O'Brien, \"Pat\"",
        "back\\slash \\n",
        "tab\there\nnew line\r\n",
        "line\xE2\x80\xA8sep\xE2\x80\xA9para",
        "\xEF\xBB\xBF\x62om", /* a BOM, then "bom" */
        "caf\xC3\xA9 \xF0\x9F\x98\x80",
        "bad \xFF\xFE utf-8 \xC3",
        "ctl \x01\x1B\x7F \xC2\x85 nel",
        "- dash",
        "key: value # comment",
        "'single'",
        "   spaces   ",
        "",
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        round_trip(cases[i], strlen(cases[i]), false);
        round_trip(cases[i], strlen(cases[i]), true);
    }
    /* Random bytes, weighted toward the ones that need care. */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    const unsigned char pool[] = {'"',  '\\', '\n', '\r', '\t', ' ',  ':',  '#', 0xE2, 0x80, 0xA8,
                                  0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0x01, 0x7F, 'a', 'Z',  '0',  '-'};
    for (int n = 0; n < 3000; n++) {
        char s[24];
        size_t len = 0;
        for (; len < (size_t)(n % 23); len++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            s[len] = (char)(x % 3 ? pool[(x >> 8) % sizeof pool] : (x >> 16) % 255 + 1);
        }
        round_trip(s, len, n % 2);
    }
}
END_TEST

START_TEST(plain_only_when_safe)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"ec2-instance-types", "ec2-instance-types"},
        {"q-000123", "q-000123"},
        {"S3_v2.1", "S3_v2.1"},
        {"1.1", "\"1.1\""},
        {"1", "\"1\""},
        {"yes", "\"yes\""},
        {"No", "\"No\""},
        {"OFF", "\"OFF\""},
        {"null", "\"null\""},
        {"true", "\"true\""},
        {"y", "\"y\""},
        {"", "\"\""},
        {"a b", "\"a b\""},
        {"-x", "\"-x\""},
        {".inf", "\".inf\""},
        {"caf\xC3\xA9", "\"caf\xC3\xA9\""},
        {"nullable", "nullable"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ef_buf b;
        ef_buf_init(&b);
        yout_str(&b, cases[i].in);
        ck_assert_msg(!strcmp(b.data, cases[i].out), "'%s' written as %s, want %s", cases[i].in,
                      b.data, cases[i].out);
        ef_buf_release(&b);
    }
}
END_TEST

static Suite *yemit_suite(void)
{
    Suite *s = suite_create("yemit");
    TCase *tc = tcase_create("yemit");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, numbers_match_printf);
    tcase_add_test(tc, strings_read_back);
    tcase_add_test(tc, plain_only_when_safe);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(yemit_suite)
