/* Unit tests: GitHub-compatible section ids, heading kinds, extents and clashes. */
#include "examforge/notes.h"
#include "testutil.h"

#include <stdlib.h>

static void assert_slug(const char *title, const char *expected)
{
    char *s = ef_slug(title, strlen(title));
    ck_assert_msg(strcmp(s, expected) == 0, "slug('%s') = '%s', expected '%s'", title, s, expected);
    free(s);
}

START_TEST(slug_punctuation)
{
    assert_slug("EC2 - IP Types", "ec2---ip-types");
    assert_slug("Scalability & High Availability", "scalability--high-availability");
    assert_slug("Lex + Connect", "lex--connect");
    assert_slug("Cognito User Pools (CUP)", "cognito-user-pools-cup");
    assert_slug("Cognito Identity Pools(CIP)", "cognito-identity-poolscip");
    assert_slug("What's new? (2026!)", "whats-new-2026");
    assert_slug("a.b/c:d,e;f", "abcdef");
    assert_slug("snake_case and-dash", "snake_case-and-dash");
    assert_slug("  two  spaces ", "--two--spaces-");
    assert_slug("C++ & C#", "c--c");
}
END_TEST

START_TEST(slug_unicode)
{
    assert_slug("Ünïcödé Straße", "ünïcödé-straße");
    assert_slug("ΑΒΓ Ωmega 2", "αβγ-ωmega-2");
    assert_slug("日本語 ノート", "日本語-ノート");
    assert_slug("🚀 Launch", "-launch");
    assert_slug("Done ✅", "done-");
    assert_slug("naïve — café", "naïve--café");
    assert_slug("x²", "x"); /* superscript two is not a decimal digit */
    assert_slug("bad \xff byte", "bad--byte");
}
END_TEST

static ef_notes *parse(const char *name, const char *md, ef_diags *d)
{
    ef_notes *n = ef_notes_new();
    ck_assert_int_eq(ef_notes_parse(n, name, md, strlen(md), d), EF_OK);
    return n;
}

START_TEST(headings_kinds_and_markup)
{
    const char *md = "# The `aws s3` *CLI*\n"
                     "\n"
                     "Setext One\n"
                     "==========\n"
                     "\n"
                     "Setext Two\n"
                     "----------\n"
                     "```bash\n"
                     "# not a heading\n"
                     "```\n"
                     "    # indented code either\n"
                     "\n"
                     "### Foo <span>bar</span> [link](http://x) ![img](y.png)\n"
                     "> ## Quoted &amp; escaped\n"
                     "###### Six ######\n";
    ef_diags d;
    ef_diags_init(&d);
    ef_notes *n = parse("a.md", md, &d);
    ck_assert_uint_eq(ef_notes_count(n), 6);
    const ef_section *s = ef_notes_section(n, 0);
    ck_assert_str_eq(s->id, "the-aws-s3-cli");
    ck_assert_str_eq(s->title, "The aws s3 CLI");
    ck_assert_uint_eq(s->level, 1);
    ck_assert_uint_eq(s->loc.line, 1);
    s = ef_notes_section(n, 1);
    ck_assert_str_eq(s->id, "setext-one");
    ck_assert_uint_eq(s->level, 1);
    ck_assert_uint_eq(s->loc.line, 3);
    s = ef_notes_section(n, 2);
    ck_assert_str_eq(s->id, "setext-two");
    ck_assert_uint_eq(s->level, 2);
    ck_assert_uint_eq(s->loc.line, 6);
    s = ef_notes_section(n, 3);
    ck_assert_str_eq(s->id, "foo-bar-link-");
    ck_assert_uint_eq(s->loc.line, 13);
    ck_assert_uint_eq(s->level, 3);
    s = ef_notes_section(n, 4);
    ck_assert_str_eq(s->id, "quoted--escaped");
    ck_assert_str_eq(s->title, "Quoted & escaped");
    s = ef_notes_section(n, 5);
    ck_assert_str_eq(s->id, "six");
    ck_assert_uint_eq(s->level, 6);
    ck_assert_ptr_eq(ef_notes_find(n, "six"), s);
    ck_assert_ptr_null(ef_notes_find(n, "not-a-heading"));
    ef_notes_free(n);
    ef_diags_release(&d);
}
END_TEST

START_TEST(repeated_ids_get_suffixes_per_file)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_notes *n = parse("a.md", "# IAM\n## Policies\n# IAM\n## Policies\n# I.A.M.\n", &d);
    ck_assert_str_eq(ef_notes_section(n, 0)->id, "iam");
    ck_assert_str_eq(ef_notes_section(n, 1)->id, "policies");
    ck_assert_str_eq(ef_notes_section(n, 2)->id, "iam-1");
    ck_assert_str_eq(ef_notes_section(n, 3)->id, "policies-1");
    ck_assert_str_eq(ef_notes_section(n, 4)->id, "iam-2");
    /* A second file starts counting afresh; its 'iam' clashes with the first file's. */
    const char *md2 = "text\n\n# IAM\n";
    ck_assert_int_eq(ef_notes_parse(n, "b.md", md2, strlen(md2), &d), EF_OK);
    ck_assert_str_eq(ef_notes_section(n, 5)->id, "iam");
    ck_assert_uint_eq(ef_notes_check_unique(n, &d), 1);
    ck_assert_diag(&d, EF_SEV_ERROR, 3, 1, "section id 'iam' is already used");
    ck_assert_str_eq(d.items[0].path, "b.md");
    ck_assert_ptr_nonnull(strstr(d.items[0].hint, "a.md:1"));
    ef_notes_free(n);
    ef_diags_release(&d);
}
END_TEST

START_TEST(bodies_and_extents)
{
    const char *md = "# Top\n"
                     "one two three\n"
                     "## Child\n"
                     "four *five*\n"
                     "\n"
                     "```\n"
                     "six seven\n"
                     "```\n"
                     "# Next\n"
                     "eight\n";
    ef_diags d;
    ef_diags_init(&d);
    ef_notes *n = parse("x.md", md, &d);
    const ef_section *top = ef_notes_section(n, 0), *child = ef_notes_section(n, 1),
                     *next = ef_notes_section(n, 2);
    ck_assert_uint_eq(top->body_words, 3);
    ck_assert_uint_eq(child->body_words, 4);
    ck_assert_uint_eq(next->body_words, 1);
    ck_assert_uint_eq(top->body_end, 2);
    ck_assert_uint_eq(top->tree_end, 8);
    ck_assert_uint_eq(child->tree_end, 8);
    ck_assert_uint_eq(next->tree_end, 10);
    size_t len;
    const char *src = ef_notes_section_source(n, top, &len);
    ck_assert_int_eq(strncmp(src, "# Top\n", 6), 0);
    ck_assert_uint_eq(len, strlen(md) - strlen("# Next\neight\n"));
    src = ef_notes_section_source(n, next, &len);
    ck_assert_str_eq(src, "# Next\neight\n");
    ef_notes_free(n);
    ef_diags_release(&d);
}
END_TEST

START_TEST(empty_and_headingless_files)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_notes *n = parse("e.md", "", &d);
    ck_assert_uint_eq(ef_notes_count(n), 0);
    ck_assert_int_eq(ef_notes_parse(n, "p.md", "just text\n", 10, &d), EF_OK);
    ck_assert_uint_eq(ef_notes_count(n), 0);
    ck_assert_uint_eq(ef_notes_file_count(n), 2);
    ck_assert_uint_eq(d.count, 0);
    ef_notes_free(n);
    ef_notes_free(NULL);
    ef_diags_release(&d);
}
END_TEST

static Suite *notes_suite(void)
{
    Suite *s = suite_create("notes");
    TCase *tc = tcase_create("slug");
    tcase_add_test(tc, slug_punctuation);
    tcase_add_test(tc, slug_unicode);
    suite_add_tcase(s, tc);
    tc = tcase_create("parse");
    tcase_add_test(tc, headings_kinds_and_markup);
    tcase_add_test(tc, repeated_ids_get_suffixes_per_file);
    tcase_add_test(tc, bodies_and_extents);
    tcase_add_test(tc, empty_and_headingless_files);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(notes_suite)
