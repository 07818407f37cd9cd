/*
 * hash.c - a string's 64-bit FNV-1a hash (hash.h).
 */
#include "base/hash.h"

uint64_t bf_fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}
