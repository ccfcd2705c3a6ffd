/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * assert(e): when e is false, print "assertion failed: e, file F, line N,
 * function FN" through cairn_console_write and abort(). Defining NDEBUG
 * before including this header turns assert into nothing; as C says, the
 * header may be included again with NDEBUG changed, so the macro part has no
 * include guard.
 */
#ifndef CAIRN_LIBC_ASSERT_H
#define CAIRN_LIBC_ASSERT_H

_Noreturn void cairn_assert_fail(const char *expr, const char *file, unsigned line,
                                 const char *func);

#define static_assert _Static_assert

#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : cairn_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
