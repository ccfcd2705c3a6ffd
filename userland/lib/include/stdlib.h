/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Number parsing, the heap and abort, for Cairn's C library.
 *
 * There is no errno (a process may run several threads, and a global errno
 * would be shared between them): strto* report overflow only by returning
 * the clamped value C specifies (LONG_MAX, LONG_MIN, ULONG_MAX, ...).
 */
#ifndef CAIRN_LIBC_STDLIB_H
#define CAIRN_LIBC_STDLIB_H

#include <stddef.h>

/*
 * strtol and its relatives, as C11 7.22.1.4 describes them: leading white
 * space, an optional sign, and digits in base 2 to 36; base 0 means 0x... is
 * hex, 0... octal and anything else decimal; base 16 accepts an optional 0x.
 * *endptr (when endptr is not NULL) is set past the last digit used, or to
 * s when there was no number. Out of range, the result is clamped to the
 * type's limit. The unsigned forms negate a value read after '-'.
 */
long strtol(const char *restrict s, char **restrict endptr, int base);
long long strtoll(const char *restrict s, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict s, char **restrict endptr, int base);
unsigned long long strtoull(const char *restrict s, char **restrict endptr, int base);

/*
 * The heap: memory the program hands over with malloc_init, managed as a
 * first-fit list of free blocks that merge with free neighbours. Every
 * block is 16-byte aligned. Nothing is allocated before malloc_init.
 *
 * malloc(0) returns a unique pointer to a minimal block; malloc returns NULL
 * when the heap (and the grow hook) cannot satisfy it. free(NULL) does
 * nothing. realloc(NULL, n) is malloc(n); realloc(p, 0) frees p and returns
 * NULL; when realloc fails it returns NULL and p is left as it was. calloc
 * returns NULL when n * size overflows.
 *
 * Misuse that costs nothing to see is caught: each block's header holds a
 * tag word (a constant mixed with the header's address), so freeing or
 * reallocating a pointer twice, or one malloc never returned, or one whose
 * header was overwritten, prints "malloc: double free" or "malloc: bad
 * pointer" through cairn_console_write and calls abort().
 */
void *malloc(size_t size);
void free(void *p);
void *realloc(void *p, size_t size);
void *calloc(size_t n, size_t size);

/* Start the heap over with [base, base + size): whatever the heap held before
 * is forgotten. The region is trimmed inward to 16-byte alignment. */
void malloc_init(void *base, size_t size);

/*
 * When no free block fits, malloc asks the grow hook for at least at_least
 * more bytes (libcairn maps more VMO pages there). The hook returns the new
 * region and sets *got to its size (>= at_least), or returns NULL. A region
 * right after an earlier one merges with it. NULL (the start) means no hook.
 */
typedef void *malloc_grow_fn(size_t at_least, size_t *got);
void malloc_set_grow(malloc_grow_fn *grow);

/* Print "abort" through cairn_console_write and trap: the thread faults and
 * its fault handler (the supervisor) sees it. */
_Noreturn void abort(void);

#endif
