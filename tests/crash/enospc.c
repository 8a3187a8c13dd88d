/* Test shim (LD_PRELOAD): write(2) to files fails with ENOSPC once EF_ENOSPC_AFTER bytes have
 * been written in total, as on a full disk. Standard streams are left alone so the program can
 * still report the failure. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t count)
{
    static ssize_t (*real_write)(int, const void *, size_t);
    static long long budget = -2;
    if (!real_write)
        real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (budget == -2) {
        const char *env = getenv("EF_ENOSPC_AFTER");
        budget = env ? atoll(env) : -1;
    }
    if (fd > 2 && budget >= 0) {
        if ((long long)count > budget) {
            if (budget == 0) {
                errno = ENOSPC;
                return -1;
            }
            count = (size_t)budget;
        }
        budget -= (long long)count;
    }
    return real_write(fd, buf, count);
}
