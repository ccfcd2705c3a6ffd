/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The logic of slots and the derivation tree (kernel/include/cdt.h): slots
 * are named by physical address and seen through the direct map
 * (slots_view, kernel/include/arch.h). Only Frama-C reads this file;
 * cdt.h includes it.
 */
#ifndef CAIRN_CDT_LOGIC_H
#define CAIRN_CDT_LOGIC_H

/*@ // The slot at address s, with its list neighbours pointing back at it.
    predicate cdt_linked{L}(integer s) =
      (slots_view(s)->prev == 0 || slots_view(slots_view(s)->prev)->next == s) &&
      (slots_view(s)->next == 0 || slots_view(slots_view(s)->next)->prev == s);

    // The list around s is a list: s is not its own neighbour, and its two
    // neighbours are different slots.
    predicate cdt_distinct{L}(integer s) =
      slots_view(s)->prev != s && slots_view(s)->next != s &&
      (slots_view(s)->prev == 0 || slots_view(s)->prev != slots_view(s)->next);

    // The slot after s in the derivation tree is none, or a capability in
    // another slot.
    predicate successor_ok{L}(integer s) =
      slots_view(s)->next == 0 ||
      (slots_view(s)->next != s && slots_view(slots_view(s)->next)->cap.type != CAP_TYPE_NULL);

    // s has descendants (cdt_has_children): the slot after it is deeper.
    predicate has_children{L}(integer s) =
      slots_view(s)->next != 0 && slots_view(slots_view(s)->next)->depth > slots_view(s)->depth;

    // Untyped accounting: carving `bytes` bytes from `first` on out of the
    // untyped capability in slot u, the new watermark being `watermark`.
    // The bytes lie inside u's region, at or above its watermark while u has
    // children (every object carved from u lies below it), and end at the
    // new watermark. So no byte of u is handed out twice while an object
    // carved from it lives; once u has no children, nothing carved from it
    // lives and carving may start again from the beginning.
    predicate untyped_carves{L}(integer u, integer first, integer bytes, integer watermark) =
      slots_view(u)->cap.object <= first &&
      (has_children(u) ==> first >= slots_view(u)->cap.object + slots_view(u)->cap.watermark) &&
      first + bytes == slots_view(u)->cap.object + watermark &&
      watermark <= pow2[slots_view(u)->cap.size_bits];

    // The n slots from address `first` on hold no capability.
    predicate all_empty{L}(integer first, integer n) =
      \forall integer i; 0 <= i < n ==>
        slots_view(first + i * sizeof(struct slot))->cap.type == CAP_TYPE_NULL;

    // The n slots from address `first` on are slots of the CNode c.
    predicate in_cnode{L}(struct cap c, integer first, integer n) =
      c.object <= first &&
      first + n * sizeof(struct slot) <= c.object + pow2[c.size_bits] * sizeof(struct slot);
*/

#endif
