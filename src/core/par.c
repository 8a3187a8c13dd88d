/* examforge: running the parts of a large job on threads. */
#include "examforge/par.h"

#include <stdbool.h>
#include <threads.h>
#include <unistd.h>

unsigned ef_max_threads;
size_t ef_min_part;

size_t ef_parts_for(size_t work, size_t min_each)
{
    size_t k = ef_max_threads;
    if (!k) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        k = cpus > 0 ? (size_t)cpus : 1;
    }
    min_each = ef_min_part ? ef_min_part : min_each;
    size_t worth = min_each ? work / min_each : work;
    k = k < worth ? k : worth;
    k = k < EF_MAX_THREADS ? k : EF_MAX_THREADS;
    return k ? k : 1;
}

void ef_part_range(size_t count, size_t n, size_t i, size_t *from, size_t *to)
{
    *from = count / n * i;
    *to = i + 1 == n ? count : count / n * (i + 1);
}

typedef struct part_call {
    void (*fn)(void *part);
    void *part;
} part_call;

static int part_main(void *arg)
{
    part_call *call = arg;
    call->fn(call->part);
    return 0;
}

void ef_run_parts(void (*fn)(void *part), void *parts, size_t size, size_t n)
{
    thrd_t tid[EF_MAX_THREADS];
    part_call calls[EF_MAX_THREADS];
    bool started[EF_MAX_THREADS] = {false};
    size_t threads = n < EF_MAX_THREADS ? n : EF_MAX_THREADS;
    for (size_t i = 1; i < threads; i++) {
        calls[i] = (part_call){fn, (char *)parts + i * size};
        started[i] = thrd_create(&tid[i], part_main, &calls[i]) == thrd_success;
    }
    if (n)
        fn(parts);
    for (size_t i = 1; i < n; i++) {
        if (i < threads && started[i])
            thrd_join(tid[i], NULL);
        else
            fn((char *)parts + i * size);
    }
}
