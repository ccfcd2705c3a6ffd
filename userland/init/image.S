/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's ELF file, whole, in the kernel image (kernel/init_task.c loads it).
 * CAIRN_INIT_ELF is its path in the build tree, from CMakeLists.txt.
 */
    .section .rodata.init_image, "a"
    .balign 16
    .globl init_image_start, init_image_end
init_image_start:
    .incbin CAIRN_INIT_ELF
init_image_end:

    .section .note.GNU-stack, "", @progbits
