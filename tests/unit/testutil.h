/* Helpers shared by the unit tests: find a diagnostic by position and text. */
#ifndef EXAMFORGE_TESTUTIL_H
#define EXAMFORGE_TESTUTIL_H

#include "examforge/diag.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

/* Print the list, so a failing assertion shows what was reported instead. */
static inline void dump_diags(const ef_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s:%u:%u: [%d] %s%s%s\n", d->items[i].path, d->items[i].line,
                d->items[i].col, d->items[i].severity, d->items[i].message,
                d->items[i].hint ? " | " : "", d->items[i].hint ? d->items[i].hint : "");
}

/* The diagnostic at line:col whose message contains `text`, or NULL. */
static inline const ef_diag *find_diag(const ef_diags *d, ef_severity sev, unsigned line,
                                       unsigned col, const char *text)
{
    for (size_t i = 0; i < d->count; i++) {
        const ef_diag *x = &d->items[i];
        if (x->severity == sev && x->line == line && x->col == col && strstr(x->message, text))
            return x;
    }
    return NULL;
}

#define ck_assert_diag(diags, sev, line, col, text)                                                \
    do {                                                                                           \
        if (!find_diag((diags), (sev), (line), (col), (text)))                                     \
            dump_diags(diags);                                                                     \
        ck_assert_msg(find_diag((diags), (sev), (line), (col), (text)),                            \
                      "no diagnostic at %u:%u containing '%s'", (unsigned)(line), (unsigned)(col), \
                      (text));                                                                     \
    } while (0)

#define RUN_SUITE(make_suite)                                                                      \
    int main(void)                                                                                 \
    {                                                                                              \
        SRunner *sr = srunner_create(make_suite());                                                \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        return failed ? 1 : 0;                                                                     \
    }

#endif
