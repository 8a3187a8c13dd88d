/* examforge: status codes shared by every fallible function. */
#ifndef EXAMFORGE_STATUS_H
#define EXAMFORGE_STATUS_H

/** Result of a fallible libexamforge call. `EF_OK` is zero so `if (st)` tests failure. */
typedef enum ef_status {
    EF_OK = 0,
    EF_ERR_IO,      /**< a file could not be read or written */
    EF_ERR_PARSE,   /**< input is not well-formed (YAML, CSV, Markdown) */
    EF_ERR_INVALID, /**< input is well-formed but breaks a rule (see the diagnostics) */
    EF_ERR_LIMIT,   /**< input exceeds a documented limit (size, depth, count) */
    EF_ERR_SHORT,   /**< the bank cannot fill what the blueprint asks for */
    EF_STATUS_COUNT /**< sentinel: number of codes, sizes the string table */
} ef_status;

/** Short lowercase description of `status`; never NULL ("unknown status" if out of range). */
const char *ef_status_str(ef_status status);

#endif
