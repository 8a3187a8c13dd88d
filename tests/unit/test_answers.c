/* Unit tests: YAML and CSV answer records, every error path with its position. */
#include "examforge/answers.h"
#include "answers_int.h"
#include "examforge/par.h"
#include "testutil.h"

#include <stdlib.h>

static ef_key *key2(ef_diags *d)
{
    const char *y = "exam: T\nforms:\n"
                    "- form: A\n  items:\n"
                    "  - {number: 1, question: q1, domain: '1', type: single, choose: 1,"
                    " answer: [A], order: [A, B, C, D]}\n"
                    "  - {number: 2, question: q2, domain: '1', type: multiple, choose: 2,"
                    " answer: [A, E], order: [A, B, C, D, E]}\n"
                    "- form: B\n  items:\n"
                    "  - {number: 1, question: q2, domain: '1', type: multiple, choose: 2,"
                    " answer: [B, C], order: [B, A, E, D, C]}\n"
                    "  - {number: 2, question: q1, domain: '1', type: single, choose: 1,"
                    " answer: [D], order: [B, C, D, A]}\n";
    ef_key *key;
    ck_assert_int_eq(ef_key_parse("k.yaml", y, strlen(y), d, &key), EF_OK);
    return key;
}

START_TEST(yaml_records)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key = key2(&d);
    ef_responses *set = ef_responses_new();
    const char *ok = "student: s1\nname: Ada\nform: B\nanswers:\n  1: [b, C]\n  2: D\n";
    ck_assert_int_eq(ef_answers_parse_yaml(set, key, "s1.yaml", ok, strlen(ok), &d), EF_OK);
    const ef_response *r = ef_responses_get(set, 0);
    ck_assert_str_eq(r->student, "s1");
    ck_assert_str_eq(r->name, "Ada");
    ck_assert_uint_eq(r->form, 1);
    ck_assert_uint_eq(r->answers[0], 0x2 | 0x4);
    ck_assert_uint_eq(r->answers[1], 0x8);
    /* A string "AD", ';' separators, too many letters, a letter past the options. */
    const char *w = "student: s2\nform: A\nanswers: {1: 'A;B', 2: F}\n";
    ck_assert_int_eq(ef_answers_parse_yaml(set, key, "s2.yaml", w, strlen(w), &d), EF_OK);
    ck_assert_diag(&d, EF_SEV_WARNING, 3, 14, "item 1: 2 letters given but the item asks for 1");
    ck_assert_diag(&d, EF_SEV_WARNING, 3, 24, "not an option (A to E)");
    r = ef_responses_get(set, 1);
    ck_assert(r->answers[0] & EF_ANSWER_INVALID);
    ef_diags_clear(&d);
    /* Unusable records: errors, nothing added. */
    const char *cases[][4] = {
        {"student: s1\nform: A\nanswers: {}\n", "1", "1", "student 's1' is graded already"},
        {"student: s3\nform: C\nanswers: {}\n", "2", "7", "form 'C' is not in the key"},
        {"student: s4\nform: A\nanswers: {3: A}\n", "3", "11", "item 3 is past the end of form A"},
        {"form: A\nanswers: {1: A}\n", "1", "1", "answer file has no student id"},
        {"student: s5\nform: A\nanswers: {x: A}\n", "3", "11", "'x' is not an item number"},
        {"- a\n", "1", "1", "an answer file must be a mapping"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ef_diags_clear(&d);
        ck_assert_int_eq(
            ef_answers_parse_yaml(set, key, "bad.yaml", cases[i][0], strlen(cases[i][0]), &d),
            EF_ERR_INVALID);
        ck_assert_diag(&d, EF_SEV_ERROR, (unsigned)atoi(cases[i][1]), (unsigned)atoi(cases[i][2]),
                       cases[i][3]);
    }
    ck_assert_uint_eq(ef_responses_count(set), 2);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 1, 1, "must be a mapping");
    ck_assert_ptr_nonnull(x);
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

START_TEST(csv_edge_cases)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key = key2(&d);
    ef_responses *set = ef_responses_new();
    /* BOM, CRLF, quoted name with comma and newline, "A;D" style cells, lowercase, ragged. */
    const char *csv = "\xEF\xBB\xBFstudent,name,form,1,2\r\n"
                      "s1,\"Lovelace, Ada\",A,a,\"A,E\"\r\n"
                      "s2,\"Two\nLines\",B,C;B,\r\n"
                      "s3,Short,A\r\n"
                      "s4,Bad,A,Q!,AE\r\n"
                      "s5,Nope,Z,A,AE\r\n"
                      "s1,Again,A,A,AE\r\n";
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "c.csv", csv, strlen(csv), &d), EF_ERR_INVALID);
    ck_assert_uint_eq(ef_responses_count(set), 4);
    const ef_response *r = ef_responses_get(set, 0);
    ck_assert_str_eq(r->student, "s1");
    ck_assert_str_eq(r->name, "Lovelace, Ada");
    ck_assert_uint_eq(r->answers[0], 0x1);
    ck_assert_uint_eq(r->answers[1], 0x1 | 0x10);
    r = ef_responses_get(set, 1);
    ck_assert_str_eq(r->name, "Two\nLines");
    ck_assert_uint_eq(r->form, 1);
    ck_assert_uint_eq(r->answers[0], 0x4 | 0x2);
    ck_assert_uint_eq(r->answers[1], 0);
    ck_assert_diag(&d, EF_SEV_WARNING, 5, 1, "row has 3 cells but the header has 5");
    ck_assert_diag(&d, EF_SEV_WARNING, 6, 10, "item 1: 'Q!' is not a letter answer");
    ck_assert_diag(&d, EF_SEV_ERROR, 7, 9, "form 'Z' is not in the key; row skipped");
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 8, 1, "student 's1' is graded already");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "first given at c.csv:2:1");
    ef_diags_clear(&d);
    const char *bad_header = "student,name,form,1,3\n";
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "h.csv", bad_header, strlen(bad_header), &d),
                     EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 21, "header column '3' is out of order: expected item 2");
    ef_diags_clear(&d);
    const char *mismatch = "student,name,form,1\nz1,,A,A\n";
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "m.csv", mismatch, strlen(mismatch), &d),
                     EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 2, 1, "form A has 2 items but the CSV header has 1");
    ef_diags_clear(&d);
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "e.csv", "", 0, &d), EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 1, "CSV file is empty");
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

/* Diagnostics, the two-form key and a CSV begun with its header: student, form, items 1, 2. */
static ef_key *csv_start(ef_diags *d, ef_buf *csv)
{
    ef_diags_init(d);
    ef_buf_init(csv);
    ef_buf_puts(csv, "student,form,1,2\n");
    return key2(d);
}

/* Answer cells of every length and every byte next to the letters' range, each read as letters
 * (straight, or through the separators' path) or refused, exactly once. */
START_TEST(csv_answer_cells_read_as_letters)
{
    static const struct {
        const char *cell;
        uint32_t mask;
    } cases[] = {
        {"", 0},
        {"a", 0x1},
        {"AE", 0x11},
        {"ea", 0x11},
        {"AA", 0x1},
        {"A;E", 0x11},
        {"A E", 0x11},
        {"ABC", 0x7 | EF_ANSWER_INVALID},    /* three letters where two are asked for */
        {"F", 0x20 | EF_ANSWER_INVALID},     /* not an option of a five-option item */
        {"z", 1u << 25 | EF_ANSWER_INVALID}, /* the same, lowercase */
        {"A1", EF_ANSWER_INVALID},
        {"@", EF_ANSWER_INVALID}, /* the bytes either side of A..Z and a..z */
        {"[", EF_ANSWER_INVALID},
        {"`", EF_ANSWER_INVALID},
        {"{", EF_ANSWER_INVALID},
        {"E@", EF_ANSWER_INVALID},
    };
    enum { N = sizeof cases / sizeof *cases };
    ef_diags d;
    ef_buf csv;
    ef_key *key = csv_start(&d, &csv);
    for (size_t i = 0; i < N; i++)
        ef_buf_printf(&csv, "s%zu,A,A,%s\n", i, cases[i].cell);
    ef_responses *set = ef_responses_new();
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "c.csv", csv.data, csv.len, &d), EF_OK);
    ck_assert_uint_eq(ef_responses_count(set), N);
    size_t refused = 0;
    for (size_t i = 0; i < N; i++) {
        const ef_response *r = ef_responses_get(set, i);
        ck_assert_msg(r->answers[1] == cases[i].mask, "'%s': got %#x, want %#x", cases[i].cell,
                      r->answers[1], cases[i].mask);
        ck_assert_uint_eq(r->answers[0], 0x1);
        refused += (cases[i].mask & EF_ANSWER_INVALID) != 0;
    }
    ck_assert_uint_eq(d.warnings, refused); /* one warning per refused cell */
    ef_responses_free(set);
    ef_buf_release(&csv);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

START_TEST(csv_columns_in_any_order)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key = key2(&d);
    ef_responses *set = ef_responses_new();
    /* An item first (its cells take the copying path), padded and lowercase letters (padded
     * with white space that is not a separator, too), a row of one cell that is not an empty
     * line, a letter outside ASCII, and a form cell with a NUL inside (the bytes after it
     * count: it is not form A). */
    static const char csv[] = "1,form,2,student\n"
                              "b,A, e ;a ,s1\n"
                              "B\n"
                              "A,A,\xC3\xA1,s2\n"
                              "A,A\0x,AE,s3\n"
                              " c ,B,\v\tb\f,s4\n";
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "o.csv", csv, sizeof csv - 1, &d),
                     EF_ERR_INVALID);
    ck_assert_uint_eq(ef_responses_count(set), 3);
    const ef_response *r = ef_responses_get(set, 0);
    ck_assert_str_eq(r->student, "s1");
    ck_assert_uint_eq(r->answers[0], 0x2);
    ck_assert_uint_eq(r->answers[1], 0x1 | 0x10);
    ck_assert_diag(&d, EF_SEV_WARNING, 3, 1, "row has 1 cells but the header has 4");
    ck_assert_diag(&d, EF_SEV_ERROR, 3, 1, "row has no student id");
    r = ef_responses_get(set, 1);
    ck_assert_str_eq(r->student, "s2");
    ck_assert_uint_eq(r->answers[1], EF_ANSWER_INVALID);
    ck_assert_diag(&d, EF_SEV_WARNING, 4, 5, "item 2: '\xC3\xA1' is not a letter answer");
    ck_assert_ptr_nonnull(find_diag(&d, EF_SEV_ERROR, 5, 3, "is not in the key; row skipped"));
    r = ef_responses_get(set, 2);
    ck_assert_str_eq(r->student, "s4");
    ck_assert_uint_eq(r->form, 1);
    ck_assert_uint_eq(r->answers[0], 0x4);
    ck_assert_uint_eq(r->answers[1], 0x2);
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

/* A large CSV is read in chunks on several threads; the result must be the one of reading it in
 * one piece: the same records in the same order, and the same problems at the same places
 * (duplicates across chunks included). */
static void read_csv(const char *csv, size_t len, unsigned threads, ef_responses **set, ef_diags *d,
                     ef_status *st)
{
    ef_max_threads = threads;
    ef_min_part = 1;
    ef_diags_init(d);
    ef_key *key = key2(d);
    *set = ef_responses_new();
    *st = ef_answers_parse_csv(*set, key, "c.csv", csv, len, d);
    ef_diags_sort(d);
    ef_key_free(key);
}

/* The room made before the chunks are read is guessed from the first lines: empty lines there
 * (skipped as rows) must not make the guess a row per byte. */
START_TEST(csv_row_guess_ignores_empty_lines)
{
    ef_diags d;
    ef_buf csv;
    ef_key *key = csv_start(&d, &csv);
    for (int i = 0; i < 200; i++)
        ef_buf_puts(&csv, "\n");
    for (int i = 0; i < 4000; i++)
        ef_buf_printf(&csv, "s%d,A,A,AE\n", i);
    ef_max_threads = 2;
    ef_min_part = 1;
    ef_responses *set = ef_responses_new();
    ck_assert_int_eq(ef_answers_parse_csv(set, key, "e.csv", csv.data, csv.len, &d), EF_OK);
    ck_assert_uint_eq(ef_csv_chunks_used, 2);
    ck_assert_uint_eq(ef_responses_count(set), 4000);
    /* Rows have at least one byte per header cell: at most len / 4 of them (and 9/8 slack). */
    ck_assert_uint_le(ef_csv_rows_guessed, csv.len / 4 / 8 * 9 + 64);
    ef_max_threads = 0;
    ef_min_part = 0;
    ef_responses_free(set);
    ef_buf_release(&csv);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

START_TEST(csv_chunks_read_as_one_piece)
{
    ef_buf csv;
    ef_buf_init(&csv);
    ef_buf_puts(&csv, "student,name,form,1,2\r\n");
    static const char *const cells[] = {"A", "b", " c ", "AE", "ae", "x!", "Z", "ABC", "", "B;C"};
    uint64_t seed = 2026;
    for (unsigned row = 0; row < 3000; row++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        unsigned r = (unsigned)(seed >> 33);
        const char *end = r % 7 ? "\r\n" : "\n";
        switch (r % 41) {
        case 0:
            ef_buf_printf(&csv, "s%u,Dup,A,A,B%s", r % 50, end); /* duplicates, near and far */
            continue;
        case 1:
            ef_buf_puts(&csv, end); /* an empty line */
            continue;
        case 2:
            ef_buf_printf(&csv, "s%u,Short,B%s", row, end);
            continue;
        case 3:
            ef_buf_printf(&csv, "s%u,Extra,A,A,B,C,D%s", row, end);
            continue;
        case 4:
            ef_buf_printf(&csv, "s%u,No form,Q,A,B%s", row, end);
            continue;
        case 5:
            ef_buf_printf(&csv, ",No id,A,A,B%s", end);
            continue;
        case 6:
            ef_buf_printf(&csv, "s%u,Bad \xff name,A,A,B%s", row, end);
            continue;
        case 7: /* two rows on one line (a bare CR ends a row), one short, both maybe seen */
            ef_buf_printf(&csv, "s%u,CR,A,A\rs%u,CR,B,B,C%s", r % 50, (r >> 8) % 50, end);
            continue;
        }
        ef_buf_printf(&csv, "s%u,Student %u,%c,%s,%s%s", row, row, r % 3 ? 'A' : 'B',
                      cells[(r >> 8) % 10], cells[(r >> 12) % 10], end);
    }
    ef_buf_puts(&csv, "s-last,Last,A,A,AE"); /* no line end */
    ef_responses *one, *many;
    ef_diags d1, dn;
    ef_status s1, sn;
    read_csv(csv.data, csv.len, 1, &one, &d1, &s1);
    ck_assert_uint_eq(ef_csv_chunks_used, 1);
    ck_assert_uint_gt(d1.errors, 50);
    ck_assert_uint_gt(d1.warnings, 50);
    for (unsigned threads = 2; threads <= EF_MAX_THREADS; threads += 3) {
        read_csv(csv.data, csv.len, threads, &many, &dn, &sn);
        ck_assert_uint_eq(ef_csv_chunks_used, threads);
        ck_assert_int_eq(sn, s1);
        ck_assert_uint_eq(ef_responses_count(many), ef_responses_count(one));
        for (size_t i = 0; i < ef_responses_count(one); i++) {
            const ef_response *a = ef_responses_get(one, i), *b = ef_responses_get(many, i);
            ck_assert_str_eq(a->student, b->student);
            ck_assert_str_eq(a->name, b->name);
            ck_assert_uint_eq(a->form, b->form);
            ck_assert_uint_eq(a->loc.line, b->loc.line);
            ck_assert_uint_eq(a->n_answers, b->n_answers);
            for (size_t k = 0; k < a->n_answers; k++)
                ck_assert_uint_eq(a->answers[k], b->answers[k]);
        }
        ck_assert_uint_eq(dn.count, d1.count);
        ck_assert_uint_eq(dn.errors, d1.errors);
        for (size_t i = 0; i < d1.count; i++) {
            const ef_diag *a = &d1.items[i], *b = &dn.items[i];
            ck_assert_uint_eq(a->line, b->line);
            ck_assert_uint_eq(a->col, b->col);
            ck_assert_int_eq(a->severity, b->severity);
            ck_assert_str_eq(a->message, b->message);
            ck_assert_str_eq(a->hint ? a->hint : "", b->hint ? b->hint : "");
        }
        ef_responses_free(many);
        ef_diags_release(&dn);
    }
    /* A quote character anywhere keeps the file in one piece: a line end may be in a field. */
    ef_buf_puts(&csv, "\n\"s-q\",Quoted,A,A,B\n");
    read_csv(csv.data, csv.len, 4, &many, &dn, &sn);
    ck_assert_uint_eq(ef_csv_chunks_used, 1);
    ck_assert_uint_eq(ef_responses_count(many), ef_responses_count(one) + 1);
    ef_responses_free(many);
    ef_diags_release(&dn);
    ef_responses_free(one);
    ef_diags_release(&d1);
    ef_buf_release(&csv);
    ef_max_threads = 0;
    ef_min_part = 0;
}
END_TEST

static Suite *answers_suite(void)
{
    Suite *s = suite_create("answers");
    TCase *tc = tcase_create("answers");
    tcase_add_test(tc, yaml_records);
    tcase_add_test(tc, csv_edge_cases);
    tcase_add_test(tc, csv_answer_cells_read_as_letters);
    tcase_add_test(tc, csv_columns_in_any_order);
    tcase_add_test(tc, csv_row_guess_ignores_empty_lines);
    tcase_add_test(tc, csv_chunks_read_as_one_piece);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(answers_suite)
