/* Unit tests: the generator's reference values, bounds and the fairness of the shuffle. */
#include "examforge/rng.h"
#include "testutil.h"

START_TEST(reference_values)
{
    /* splitmix64 from state 0 (Vigna's reference implementation). */
    uint64_t state = 0;
    ck_assert_uint_eq(ef_splitmix64(&state), 0xE220A8397B1DCDAFULL);
    ck_assert_uint_eq(ef_splitmix64(&state), 0x6E789E6AA1B965F4ULL);
    /* The same seed gives the same stream; another seed another stream. */
    ef_rng a, b, c;
    ef_rng_init(&a, 42);
    ef_rng_init(&b, 42);
    ef_rng_init(&c, 43);
    bool differs = false;
    for (int i = 0; i < 100; i++) {
        uint64_t x = ef_rng_next(&a);
        ck_assert_uint_eq(x, ef_rng_next(&b));
        differs |= x != ef_rng_next(&c);
    }
    ck_assert(differs);
}
END_TEST

START_TEST(bounded_values_stay_in_range)
{
    ef_rng r;
    ef_rng_init(&r, 7);
    for (uint64_t bound = 1; bound < 300; bound++)
        for (int i = 0; i < 50; i++)
            ck_assert_uint_lt(ef_rng_below(&r, bound), bound);
    ck_assert_uint_eq(ef_rng_below(&r, 1), 0);
    /* A bound near 2^64 exercises the rejection path. */
    uint64_t big = (UINT64_C(1) << 63) + 12345;
    for (int i = 0; i < 1000; i++)
        ck_assert_uint_lt(ef_rng_below(&r, big), big);
}
END_TEST

static int perm_index(const int *p)
{
    /* Lehmer code of a permutation of 4 */
    int idx = 0;
    for (int i = 0; i < 4; i++) {
        int smaller = 0;
        for (int j = i + 1; j < 4; j++)
            smaller += p[j] < p[i];
        static const int fact[] = {6, 2, 1, 1};
        idx += smaller * fact[i];
    }
    return idx;
}

/* Every one of the 24 orders of 4 options is equally likely: chi-square over 48,000 shuffles,
 * one fixed seed each, against the 0.1 % critical value for 23 degrees of freedom (49.73). */
START_TEST(shuffle_is_unbiased)
{
    enum { RUNS = 48000, PERMS = 24 };
    long counts[PERMS] = {0};
    long first_position[4] = {0};
    for (uint64_t seed = 0; seed < RUNS; seed++) {
        ef_rng r;
        ef_rng_init(&r, seed * 2654435761u + 1);
        int p[4] = {0, 1, 2, 3};
        ef_rng_shuffle(&r, p, 4, sizeof p[0]);
        counts[perm_index(p)]++;
        first_position[p[0]]++;
    }
    double expected = (double)RUNS / PERMS, chi2 = 0;
    for (int i = 0; i < PERMS; i++) {
        ck_assert_int_gt(counts[i], 0);
        chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    ck_assert_msg(chi2 < 49.73, "chi-square %f", chi2);
    /* And the option that ends up first is each letter a quarter of the time. */
    double chi_first = 0, e4 = RUNS / 4.0;
    for (int i = 0; i < 4; i++)
        chi_first += (first_position[i] - e4) * (first_position[i] - e4) / e4;
    ck_assert_msg(chi_first < 16.27, "chi-square %f", chi_first); /* 3 df, 0.1 % */
}
END_TEST

/* A biased shuffle (the classic "swap with any index" mistake) fails the same test, which
 * shows the test can fail. */
START_TEST(test_detects_a_biased_shuffle)
{
    enum { RUNS = 48000, PERMS = 24 };
    long counts[PERMS] = {0};
    for (uint64_t seed = 0; seed < RUNS; seed++) {
        ef_rng r;
        ef_rng_init(&r, seed * 2654435761u + 1);
        int p[4] = {0, 1, 2, 3};
        for (int i = 0; i < 4; i++) {
            int j = (int)ef_rng_below(&r, 4), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        counts[perm_index(p)]++;
    }
    double expected = (double)RUNS / PERMS, chi2 = 0;
    for (int i = 0; i < PERMS; i++)
        chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
    ck_assert_msg(chi2 > 49.73, "biased shuffle passed: chi-square %f", chi2);
}
END_TEST

static Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("rng");
    tcase_add_test(tc, reference_values);
    tcase_add_test(tc, bounded_values_stay_in_range);
    tcase_add_test(tc, shuffle_is_unbiased);
    tcase_add_test(tc, test_detects_a_biased_shuffle);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(rng_suite)
