/* examforge: string-keyed hash map (word-at-a-time multiplicative hash, linear probing) for id
 * lookups. */
#include "strmap_int.h"
#include "examforge/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Eight bytes per step (keys can be whole Markdown texts, hashed on every lookup), each step
 * folding the high half back down: slots are taken from the low bits. */
uint64_t strmap_hash(const char *s)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    size_t n = strlen(s);
    uint64_t h = n * k, w;
    for (; n >= 8; n -= 8, s += 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * k;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

void strmap_init(strmap *map)
{
    memset(map, 0, sizeof *map);
}

void strmap_release(strmap *map)
{
    free(map->keys);
    free(map->values);
    free(map->hashes);
    strmap_init(map);
}

/* The slot holding `key` (hash `h`), or the empty one where it would go. Keys are compared
 * only when their hashes match. */
static size_t slot(const strmap *map, const char *key, uint64_t h)
{
    size_t mask = map->cap - 1;
    size_t i = (size_t)h & mask;
    while (map->keys[i] && (map->hashes[i] != h || strcmp(map->keys[i], key) != 0))
        i = (i + 1) & mask;
    return i;
}

bool strmap_get(const strmap *map, const char *key, size_t *value)
{
    if (!map->cap)
        return false;
    size_t i = slot(map, key, strmap_hash(key));
    if (!map->keys[i])
        return false;
    if (value)
        *value = map->values[i];
    return true;
}

static void rehash(strmap *map, size_t cap)
{
    strmap old = *map;
    map->keys = ef_xcalloc(cap, sizeof *map->keys);
    map->values = ef_xcalloc(cap, sizeof *map->values);
    map->hashes = ef_xcalloc(cap, sizeof *map->hashes);
    map->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            size_t j = (size_t)old.hashes[i] & (cap - 1); /* keys are distinct: no compare */
            while (map->keys[j])
                j = (j + 1) & (cap - 1);
            map->keys[j] = old.keys[i];
            map->values[j] = old.values[i];
            map->hashes[j] = old.hashes[i];
        }
    free(old.keys);
    free(old.values);
    free(old.hashes);
}

void strmap_reserve(strmap *map, size_t count)
{
    size_t cap = map->cap ? map->cap : 16;
    while (count * 2 > cap)
        cap *= 2;
    if (cap != map->cap)
        rehash(map, cap);
}

bool strmap_put(strmap *map, const char *key, size_t value)
{
    return strmap_put_hashed(map, key, strmap_hash(key), value);
}

bool strmap_put_hashed(strmap *map, const char *key, uint64_t h, size_t value)
{
    if ((map->count + 1) * 2 > map->cap)
        rehash(map, map->cap ? map->cap * 2 : 16);
    size_t i = slot(map, key, h);
    if (map->keys[i])
        return false;
    map->keys[i] = key;
    map->values[i] = value;
    map->hashes[i] = h;
    map->count++;
    return true;
}

size_t strmap_value(const strmap *map, const char *key)
{
    size_t v = 0;
    strmap_get(map, key, &v);
    return v;
}

void strmap_add(strmap *map, const char *key, size_t delta)
{
    if (!strmap_put(map, key, delta)) {
        size_t i = slot(map, key, strmap_hash(key));
        map->values[i] += delta;
    }
}
