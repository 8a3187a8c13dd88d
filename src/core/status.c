/* examforge: the status-code string table (a unit test keeps it in step with the enum). */
#include "examforge/status.h"

static const char *const status_names[EF_STATUS_COUNT] = {
    [EF_OK] = "ok",
    [EF_ERR_IO] = "input/output error",
    [EF_ERR_PARSE] = "malformed input",
    [EF_ERR_INVALID] = "invalid input",
    [EF_ERR_LIMIT] = "input exceeds a limit",
    [EF_ERR_SHORT] = "not enough questions",
};

const char *ef_status_str(ef_status status)
{
    if ((unsigned)status >= EF_STATUS_COUNT || !status_names[status])
        return "unknown status";
    return status_names[status];
}
