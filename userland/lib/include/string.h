/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Memory and string functions of Cairn's C library, as C11 describes them,
 * plus strlcpy (BSD). The unbounded strcpy, strcat and their relatives are
 * left out on purpose: strlcpy says how long the source was.
 */
#ifndef CAIRN_LIBC_STRING_H
#define CAIRN_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);

/* Copies at most size - 1 bytes of src into dst and NUL-terminates it (when
 * size > 0). Returns strlen(src): a result >= size means dst was truncated. */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

#endif
