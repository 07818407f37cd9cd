/*
 * hash.c - a string's 64-bit FNV-1a hash and an integer mixer (hash.h).
 */
#include "base/hash.h"

uint64_t bf_fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

uint64_t bf_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
