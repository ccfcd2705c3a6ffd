/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers over struct boot_info that both architectures' parsers and the kernel use. */
#include "bootinfo.h"

/*@ requires \valid(bi);
    requires bi->reserved_count <= BOOT_MAX_RESERVED;
    assigns bi->reserved_count, bi->reserved[0 .. BOOT_MAX_RESERVED - 1];
    behavior full:
      assumes bi->reserved_count == BOOT_MAX_RESERVED;
      ensures \result == \false;
      ensures bi->reserved_count == BOOT_MAX_RESERVED;
    behavior room:
      assumes bi->reserved_count < BOOT_MAX_RESERVED;
      ensures \result == \true;
      ensures bi->reserved_count == \old(bi->reserved_count) + 1;
      ensures bi->reserved[\old(bi->reserved_count)].base == base;
      ensures bi->reserved[\old(bi->reserved_count)].size == size;
    complete behaviors;
    disjoint behaviors;
*/
bool boot_info_reserve(struct boot_info *bi, paddr_t base, uint64_t size)
{
    if (bi->reserved_count == BOOT_MAX_RESERVED)
        return false;
    bi->reserved[bi->reserved_count].base = base;
    bi->reserved[bi->reserved_count].size = size;
    bi->reserved_count++;
    return true;
}

/*
 * Does `word` stand at cmdline[at]? It must end there too: at a space or at
 * the end of the line, so `test` does not match `testing`.
 */
/*@ requires \valid_read(cmdline + (0 .. BOOT_CMDLINE_MAX - 1));
    requires cmdline[BOOT_CMDLINE_MAX - 1] == '\0';
    requires 0 <= at < BOOT_CMDLINE_MAX;
    requires \valid_read(word + (0 .. len - 1));
    requires 0 < len < BOOT_CMDLINE_MAX;
    assigns \nothing;
*/
static bool cmdline_word_at(const char *cmdline, size_t at, const char *word, size_t len)
{
    size_t i;

    if (len > BOOT_CMDLINE_MAX - 1 - at)
        return false;
    /*@ loop invariant 0 <= i <= len;
        loop invariant \forall integer k; 0 <= k < i ==> cmdline[at + k] == word[k];
        loop assigns i;
        loop variant len - i;
    */
    for (i = 0; i < len; i++) {
        if (cmdline[at + i] != word[i])
            return false;
    }
    return cmdline[at + len] == ' ' || cmdline[at + len] == '\0';
}

/*@ requires \valid_read(bi);
    requires bi->cmdline[BOOT_CMDLINE_MAX - 1] == '\0';
    requires len > 0 ==> \valid_read(word + (0 .. len - 1));
    assigns \nothing;
    ensures len == 0 ==> \result == \false;
*/
bool boot_cmdline_has_word(const struct boot_info *bi, const char *word, size_t len)
{
    size_t at;

    if (len == 0 || len >= BOOT_CMDLINE_MAX)
        return false;
    /*@ loop invariant 0 <= at < BOOT_CMDLINE_MAX;
        loop assigns at;
        loop variant BOOT_CMDLINE_MAX - at;
    */
    for (at = 0; bi->cmdline[at] != '\0'; at++) {
        bool starts_word = at == 0 || bi->cmdline[at - 1] == ' ';

        if (starts_word && cmdline_word_at(bi->cmdline, at, word, len))
            return true;
    }
    return false;
}
