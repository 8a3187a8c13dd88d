/* Unit tests: the status string table stays in step with the enum. */
#include "examforge/status.h"
#include "testutil.h"

START_TEST(every_status_has_a_distinct_name)
{
    for (int i = 0; i < EF_STATUS_COUNT; i++) {
        const char *s = ef_status_str((ef_status)i);
        ck_assert_str_ne(s, "unknown status");
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(s, ef_status_str((ef_status)j));
    }
    ck_assert_str_eq(ef_status_str(EF_STATUS_COUNT), "unknown status");
    ck_assert_str_eq(ef_status_str((ef_status)-1), "unknown status");
    ck_assert_str_eq(ef_status_str(EF_OK), "ok");
}
END_TEST

static Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, every_status_has_a_distinct_name);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(status_suite)
