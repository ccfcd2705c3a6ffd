/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Force-included (-include) into the library's sources and their tests when
 * they are built for the host: every name the library shares with the host's
 * C library gets a lib_ prefix. The tests then call the library's code, not
 * glibc's, and neither clashes with glibc or with the sanitizers' interceptors.
 */
#ifndef LIBC_RENAME_H
#define LIBC_RENAME_H

#define memcpy lib_memcpy
#define memmove lib_memmove
#define memset lib_memset
#define memcmp lib_memcmp
#define memchr lib_memchr
#define strlen lib_strlen
#define strnlen lib_strnlen
#define strcmp lib_strcmp
#define strncmp lib_strncmp
#define strchr lib_strchr
#define strrchr lib_strrchr
#define strspn lib_strspn
#define strcspn lib_strcspn
#define strlcpy lib_strlcpy

#define isdigit lib_isdigit
#define isxdigit lib_isxdigit
#define isspace lib_isspace
#define isupper lib_isupper
#define islower lib_islower
#define isalpha lib_isalpha
#define isalnum lib_isalnum
#define isprint lib_isprint
#define toupper lib_toupper
#define tolower lib_tolower

#define strtol lib_strtol
#define strtoll lib_strtoll
#define strtoul lib_strtoul
#define strtoull lib_strtoull

#define malloc lib_malloc
#define free lib_free
#define realloc lib_realloc
#define calloc lib_calloc
#define abort lib_abort

#define snprintf lib_snprintf
#define vsnprintf lib_vsnprintf
#define printf lib_printf
#define vprintf lib_vprintf
#define puts lib_puts
#define putchar lib_putchar

#endif
