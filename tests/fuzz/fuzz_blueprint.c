/* Fuzz harness: blueprints, and apportionment of whatever loads. */
#include "examforge/blueprint.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ef_diags diags;
    ef_diags_init(&diags);
    ef_blueprint *bp = NULL;
    if (ef_blueprint_parse("fuzz.yaml", (const char *)data, size, &diags, &bp) == EF_OK) {
        unsigned *counts = calloc(bp->n_domains + 1, sizeof *counts);
        ef_blueprint_apportion(bp, bp->questions, counts);
        free(counts);
    }
    ef_blueprint_free(bp);
    ef_diags_release(&diags);
    return 0;
}
