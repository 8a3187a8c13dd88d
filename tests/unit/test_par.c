/* Unit tests: cutting a job into parts and running them on threads. */
#include "examforge/par.h"
#include "testutil.h"

START_TEST(parts_follow_the_work_and_the_limits)
{
    ef_max_threads = 4;
    ck_assert_uint_eq(ef_parts_for(0, 100), 1);   /* nothing to share */
    ck_assert_uint_eq(ef_parts_for(250, 100), 2); /* two parts' worth */
    ck_assert_uint_eq(ef_parts_for(1000000, 100), 4);
    ef_max_threads = 100;
    ck_assert_uint_eq(ef_parts_for(1000000, 100), EF_MAX_THREADS);
    ef_min_part = 1; /* the tests' override of every caller's minimum */
    ck_assert_uint_eq(ef_parts_for(3, 100), 3);
    ef_min_part = 0;
    ef_max_threads = 0;
    ck_assert_uint_ge(ef_parts_for(1000000, 1), 1);
}
END_TEST

START_TEST(ranges_cover_the_count_once)
{
    for (size_t count = 0; count < 40; count++)
        for (size_t n = 1; n <= 9; n++) {
            size_t next = 0;
            for (size_t i = 0; i < n; i++) {
                size_t from, to;
                ef_part_range(count, n, i, &from, &to);
                ck_assert_uint_eq(from, next);
                ck_assert_uint_le(from, to);
                next = to;
            }
            ck_assert_uint_eq(next, count);
        }
}
END_TEST

typedef struct counted {
    size_t index;
    unsigned runs;
} counted;

static void count_run(void *arg)
{
    ((counted *)arg)->runs++;
}

/* More parts than threads: every part still runs, exactly once. */
START_TEST(every_part_runs_once)
{
    enum { N = EF_MAX_THREADS + 3 };
    for (size_t n = 0; n <= N; n++) {
        counted parts[N];
        memset(parts, 0, sizeof parts);
        ef_run_parts(count_run, parts, sizeof *parts, n);
        for (size_t i = 0; i < N; i++)
            ck_assert_uint_eq(parts[i].runs, i < n);
    }
}
END_TEST

static Suite *par_suite(void)
{
    Suite *s = suite_create("par");
    TCase *tc = tcase_create("par");
    tcase_add_test(tc, parts_follow_the_work_and_the_limits);
    tcase_add_test(tc, ranges_cover_the_count_once);
    tcase_add_test(tc, every_part_runs_once);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(par_suite)
