/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Memory and string functions. memcpy and memset move a word at a time once
 * both ends are word-aligned, since programs copy and clear whole pages with
 * them; the rest are plain byte loops.
 *
 * Build with -fno-tree-loop-distribute-patterns (USER_CFLAGS has it): without
 * it GCC at -O2 may turn the loops below into calls to memset and memcpy,
 * which would then call themselves forever.
 */
#include <stdint.h>
#include <string.h>

/* A word that may alias any object, as the bytes a memcpy moves may be. */
typedef uintptr_t __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)

static int word_aligned(const void *p)
{
    return ((uintptr_t)p & (WORD - 1)) == 0;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
        for (; n > 0 && !word_aligned(d); n--)
            *d++ = *s++;
        for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
            *(word_t *)d = *(const word_t *)s;
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

/* Copies forward when dst is below src, backward otherwise, so that the
 * bytes of an overlapping src are read before they are overwritten. */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d < s) {
        while (n-- > 0)
            *d++ = *s++;
    } else if (d > s) {
        while (n-- > 0)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char byte = (unsigned char)c;
    word_t pattern = (word_t)-1 / 0xff * byte;   /* byte in every byte of a word */

    for (; n > 0 && !word_aligned(d); n--)
        *d++ = byte;
    for (; n >= WORD; n -= WORD, d += WORD)
        *(word_t *)d = pattern;
    while (n-- > 0)
        *d++ = byte;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a;
    const unsigned char *y = b;

    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return x[i] - y[i];
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (size_t i = 0; i < n; i++) {
        if (p[i] == (unsigned char)c)
            return (void *)(p + i);
    }
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n] != '\0')
        n++;
    return n;
}

/* Reads no byte past s[max - 1]: s need not be NUL-terminated. */
size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n] != '\0')
        n++;
    return n;
}

/* Bytes compare as unsigned char, as C says. */
int strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x != '\0' && *x == *y) {
        x++;
        y++;
    }
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i] || x[i] == '\0')
            return x[i] - y[i];
    }
    return 0;
}

/* The terminating NUL counts as part of s: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == '\0')
            return (char *)last;
    }
}

size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] != '\0' && strchr(accept, s[n]) != NULL)
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] != '\0' && strchr(reject, s[n]) == NULL)
        n++;
    return n;
}

size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t copy = len < size ? len : size - 1;

        memcpy(dst, src, copy);
        dst[copy] = '\0';
    }
    return len;
}
