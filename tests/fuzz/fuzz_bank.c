/* Fuzz harness: question files. */
#include "examforge/bank.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ef_bank *bank = ef_bank_new();
    ef_diags diags;
    ef_diags_init(&diags);
    ef_bank_parse(bank, "fuzz.yaml", (const char *)data, size, &diags);
    ef_bank_parse(bank, "again.yaml", (const char *)data, size, &diags); /* duplicate ids */
    ef_diags_release(&diags);
    ef_bank_free(bank);
    return 0;
}
