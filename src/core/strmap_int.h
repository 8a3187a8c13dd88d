/* examforge (private): an open-addressing hash map from borrowed C strings to size_t. */
#ifndef EXAMFORGE_STRMAP_INT_H
#define EXAMFORGE_STRMAP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct strmap {
    const char **keys; /* borrowed: must outlive the map */
    size_t *values;
    uint64_t *hashes; /* of each key, so probes and growth need not compare or rehash */
    size_t count, cap;
} strmap;

void strmap_init(strmap *map);
void strmap_release(strmap *map);
/** Value for `key`, or false when absent. */
bool strmap_get(const strmap *map, const char *key, size_t *value);
/** Room for `count` keys in all, so the map does not grow while they are added. */
void strmap_reserve(strmap *map, size_t count);
/** Insert `key` unless present; returns false (and leaves the old value) if it was. */
bool strmap_put(strmap *map, const char *key, size_t value);
/** The hash strmap_put_hashed expects for `key`, which may be computed on another thread. */
uint64_t strmap_hash(const char *key);
bool strmap_put_hashed(strmap *map, const char *key, uint64_t hash, size_t value);
/** Value for `key`, 0 when absent; `strmap_add` adds `delta` to it (inserting 0 first). */
size_t strmap_value(const strmap *map, const char *key);
void strmap_add(strmap *map, const char *key, size_t delta);

#endif
