/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACSL logic model the kernel's contracts are written in. Only Frama-C
 * reads this file (kernel/include/types.h includes it under __FRAMAC__).
 *
 * C strings come from Frama-C's own string axioms (valid_read_string,
 * strlen); Cairn's predicates follow.
 */
#ifndef CAIRN_LOGIC_H
#define CAIRN_LOGIC_H

#include "__fc_string_axiomatic.h"

/*@ // [base, base + size) lies inside the 64-bit physical address space.
    predicate range_fits(integer base, integer size) =
      0 <= base && 0 <= size && base + size <= 18446744073709551615;
*/

#endif
