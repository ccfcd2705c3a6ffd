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

/*@ // A string whose NUL is the last byte of its block, such as a string
    // literal, is a readable string: this names the index of the NUL for the
    // provers, which otherwise search for it character by character and time
    // out on literals longer than a few bytes. Proved from Frama-C's strlen
    // axioms (typed_lemma_string_in_block).
    lemma string_in_block{L}: \forall char *s;
      \offset(s) < \block_length(s) &&
      \valid_read(s + (0 .. \block_length(s) - \offset(s) - 1)) &&
      s[\block_length(s) - \offset(s) - 1] == '\0' ==> valid_read_string(s);

*/

#endif
