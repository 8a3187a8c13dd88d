/* Unit tests: escaping, safe Markdown (raw HTML shown as text), tables, notes anchors. */
#include "examforge/html.h"
#include "testutil.h"

#include <stdlib.h>

static char *md(const char *text)
{
    ef_buf out;
    ef_buf_init(&out);
    ef_html_markdown(&out, text, strlen(text));
    return ef_buf_detach(&out, NULL);
}

#define ck_contains(hay, needle)                                                                   \
    ck_assert_msg(strstr((hay), (needle)), "'%s' not in:\n%s", (needle), (hay))
#define ck_lacks(hay, needle)                                                                      \
    ck_assert_msg(!strstr((hay), (needle)), "'%s' in:\n%s", (needle), (hay))

START_TEST(escape)
{
    ef_buf out;
    ef_buf_init(&out);
    ef_html_escape(&out, "<a href=\"x\">Tom & Jerry's</a>");
    ck_assert_str_eq(out.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    ef_buf_release(&out);
}
END_TEST

START_TEST(raw_html_is_shown_as_text)
{
    char *h = md("Pick one <script>document.title='pwned'</script> now\n\n"
                 "<img src=x onerror=\"alert(1)\">\n\n[x](javascript:alert(1))\n");
    ck_lacks(h, "<script");
    ck_lacks(h, "<img");
    ck_contains(h, "&lt;script&gt;document.title=");
    ck_contains(h, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    ck_lacks(h, "javascript:");
    free(h);
    h = md("**bold** and `code`\n");
    ck_assert_str_eq(h, "<p><strong>bold</strong> and <code>code</code></p>\n");
    free(h);
}
END_TEST

START_TEST(pipe_tables)
{
    char *h = md("Before the table.\n| Class | Min days |\n|:---|---:|\n| S3 `IA` | 30 |\n"
                 "| a \\| b | <b>x</b> |\n| only one\n");
    ck_contains(h, "<p>Before the table.</p>");
    ck_contains(h, "<table>");
    ck_contains(h, "<th>Class</th><th style=\"text-align:right\">Min days</th>");
    ck_contains(h, "<td>S3 <code>IA</code></td><td style=\"text-align:right\">30</td>");
    ck_contains(h, "<td>a | b</td>");
    ck_contains(h, "&lt;b&gt;x&lt;/b&gt;");
    ck_contains(h, "<td>only one</td><td style=\"text-align:right\"></td>");
    free(h);
    /* Not a table: the delimiter row has a different cell count, or no pipes. */
    h = md("| a | b |\n|---|\n");
    ck_lacks(h, "<table>");
    free(h);
    h = md("a\n---\n");
    ck_assert_str_eq(h, "<h2>a</h2>\n");
    free(h);
}
END_TEST

START_TEST(notes_page_has_anchors_and_internal_links)
{
    ef_notes *n = ef_notes_new();
    ef_diags d;
    ef_diags_init(&d);
    const char *a = "# S3 & Glacier\n\nSee [classes](b.md#s3-storage-classes) and [IAM](b.md).\n";
    const char *b = "# IAM\n\ntext\n\n## S3 Storage Classes\n\n- # nested\n";
    ef_notes_parse(n, "notes/a.md", a, strlen(a), &d);
    ef_notes_parse(n, "notes/b.md", b, strlen(b), &d);
    ef_buf out;
    ef_buf_init(&out);
    ef_html_notes(&out, n, "Study <notes>");
    ck_contains(out.data, "<title>Study &lt;notes&gt;</title>");
    ck_contains(out.data, "<h1 id=\"s3--glacier\">S3 &amp; Glacier</h1>");
    ck_contains(out.data, "<h2 id=\"s3-storage-classes\">S3 Storage Classes</h2>");
    ck_contains(out.data, "<a href=\"#s3-storage-classes\">classes</a>");
    ck_contains(out.data, "<a href=\"#iam\">IAM</a>");
    ck_contains(out.data, "<a href=\"#s3--glacier\">S3 &amp; Glacier</a>"); /* table of contents */
    ef_buf_clear(&out);
    ef_html_section(&out, n, ef_notes_find(n, "iam"));
    ck_contains(out.data, "<h1>IAM</h1>");
    ck_contains(out.data, "<h2>S3 Storage Classes</h2>");
    ef_buf_release(&out);
    ef_notes_free(n);
    ef_diags_release(&d);
}
END_TEST

START_TEST(count_words)
{
    char tmp[16];
    ck_assert_str_eq(ef_count_word(2, tmp), "two");
    ck_assert_str_eq(ef_count_word(3, tmp), "three");
    ck_assert_str_eq(ef_count_word(12, tmp), "12");
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("html");
    tcase_add_test(tc, escape);
    tcase_add_test(tc, raw_html_is_shown_as_text);
    tcase_add_test(tc, pipe_tables);
    tcase_add_test(tc, notes_page_has_anchors_and_internal_links);
    tcase_add_test(tc, count_words);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(html_suite)
