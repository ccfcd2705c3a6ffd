/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot2 header and the 32-bit entry: check what we were given, build the
 * boot page tables, enter long mode and jump to the higher half.
 *
 * The boot page tables use 2 MiB pages and share four page directories that
 * map physical 0..4 GiB: PML4[0] (identity, needed while paging is switched on
 * and because GRUB leaves its boot information and modules anywhere below
 * 4 GiB), PML4[256] (the direct map at 0xffff800000000000) and, through the
 * last PDPT's slots 510 and 511, the kernel image window at 0xffffffff80000000.
 * The identity map and the direct map have a PDPT each: directmap.c adds RAM
 * above 4 GiB to the direct map's, and the lower half, where user space will
 * live, must not gain it too.
 */
        .section .note.GNU-stack, "", @progbits
        .cfi_sections .debug_frame

        .set MB2_MAGIC, 0xe85250d6
        .set MB2_ARCH_I386, 0
        .set MB2_LOADER_MAGIC, 0x36d76289
        .set KERNEL_VMA, 0xffffffff80000000
        .set COM1, 0x3f8
        .set PTE_PW, 0x003              /* present, writable */
        .set PDE_LARGE_PW, 0x083        /* present, writable, 2 MiB page */
        .set CPUID_EFLAGS_ID, 0x200000
        .set EFER_MSR, 0xc0000080
        .set EFER_LME, 0x100
        .set EFER_NXE, 0x800
        .set CR0_PE_WP_PG, 0x80010001
        .set CR4_PAE, 0x20

        .section .multiboot2, "a"
        .balign 8
mb2_header:
        .long MB2_MAGIC
        .long MB2_ARCH_I386
        .long mb2_header_end - mb2_header
        .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* Page-aligned modules: the initramfs becomes a read-only VMO. */
        .short 6, 0
        .long 8
        /* End tag. */
        .short 0, 0
        .long 8
mb2_header_end:

        .section .boot.data, "aw"
        .balign 8
boot_gdt:
        .quad 0
        .quad 0x00af9a000000ffff        /* 0x08: 64-bit kernel code */
        .quad 0x00cf92000000ffff        /* 0x10: kernel data */
boot_gdt_end:
boot_gdtr:
        .word boot_gdt_end - boot_gdt - 1
        .long boot_gdt
boot_mbi:
        .long 0
msg_no_mb2:
        .asciz "Cairn: not started by a multiboot2 loader (eax="
msg_no_lm:
        .asciz "Cairn: this CPU has no long mode (x86_64)\r\n"
msg_close:
        .asciz ")\r\n"
hex_digits:
        .ascii "0123456789abcdef"

        .section .boot.bss, "aw", @nobits
        .balign 4096
boot_pml4:
        .skip 4096
boot_pdpt_low:
        .skip 4096
boot_pdpt_direct:
        .skip 4096
boot_pdpt_high:
        .skip 4096
boot_pd:
        .skip 4 * 4096
boot_page_tables_end:
        .skip 1024
boot_stack32_top:

        .section .boot.text, "ax"
        .code32
        .globl _start
_start:
        cli
        cld
        mov $boot_stack32_top, %esp
        mov %ebx, boot_mbi
        cmp $MB2_LOADER_MAGIC, %eax
        jne no_multiboot2
        call check_long_mode
        call clear_bss
        call build_page_tables
        jmp enter_long_mode

no_multiboot2:
        mov %eax, %ebx
        mov $msg_no_mb2, %esi
        call puts32
        mov %ebx, %eax
        call hex32
        mov $msg_close, %esi
        call puts32
        jmp halt32

/* Halts with a message unless CPUID reports long mode; leaves EFER.NXE wanted in %ebp. */
check_long_mode:
        pushfl
        pop %eax
        mov %eax, %ecx
        xor $CPUID_EFLAGS_ID, %eax
        push %eax
        popfl
        pushfl
        pop %eax
        cmp %eax, %ecx
        je no_long_mode                 /* EFLAGS.ID is stuck: no CPUID at all */
        mov $0x80000000, %eax
        cpuid
        cmp $0x80000001, %eax
        jb no_long_mode
        mov $0x80000001, %eax
        cpuid
        bt $29, %edx
        jnc no_long_mode
        xor %ebp, %ebp
        bt $20, %edx
        jnc 1f
        mov $EFER_NXE, %ebp
1:      ret

no_long_mode:
        mov $msg_no_lm, %esi
        call puts32
        jmp halt32

/* GRUB zeroes .bss on load, but a kernel that depends on it breaks silently. */
clear_bss:
        mov $(_bss_start - KERNEL_VMA), %edi
        mov $_kernel_phys_end, %ecx
        sub %edi, %ecx
        xor %eax, %eax
        rep stosb
        ret

build_page_tables:
        mov $boot_pml4, %edi
        mov $((boot_page_tables_end - boot_pml4) / 4), %ecx
        xor %eax, %eax
        rep stosl
        /* 2048 large pages: physical 0..4 GiB in the four directories. */
        mov $boot_pd, %edi
        mov $PDE_LARGE_PW, %eax
        mov $2048, %ecx
1:      mov %eax, (%edi)
        add $0x200000, %eax
        add $8, %edi
        loop 1b
        /* The identity and direct-map PDPTs: slots 0..3 to the four directories. */
        mov $boot_pdpt_low, %edi
        mov $(boot_pd + PTE_PW), %eax
        mov $4, %ecx
2:      mov %eax, (%edi)
        mov %eax, (boot_pdpt_direct - boot_pdpt_low)(%edi)
        add $4096, %eax
        add $8, %edi
        loop 2b
        /* 0xffffffff80000000 is PDPT slot 510 of PML4 slot 511: physical 0..2 GiB. */
        movl $(boot_pd + PTE_PW), boot_pdpt_high + 510 * 8
        movl $(boot_pd + 4096 + PTE_PW), boot_pdpt_high + 511 * 8
        movl $(boot_pdpt_low + PTE_PW), boot_pml4
        movl $(boot_pdpt_direct + PTE_PW), boot_pml4 + 256 * 8
        movl $(boot_pdpt_high + PTE_PW), boot_pml4 + 511 * 8
        ret

enter_long_mode:
        mov $boot_pml4, %eax
        mov %eax, %cr3
        mov %cr4, %eax
        or $CR4_PAE, %eax
        mov %eax, %cr4
        mov $EFER_MSR, %ecx
        rdmsr
        or $EFER_LME, %eax
        or %ebp, %eax
        wrmsr
        mov %cr0, %eax
        or $CR0_PE_WP_PG, %eax
        mov %eax, %cr0
        lgdt boot_gdtr
        ljmp $0x08, $long_mode_low

/* Writes the NUL-terminated string at %esi to COM1. */
puts32:
        lodsb
        test %al, %al
        jz 1f
        call putc32
        jmp puts32
1:      ret

/* Writes %al to COM1, waiting a bounded time for the transmitter. */
putc32:
        mov %al, %ah
        mov $100000, %ecx
        mov $(COM1 + 5), %dx
1:      in %dx, %al
        test $0x20, %al
        jnz 2f
        loop 1b
2:      mov $COM1, %dx
        mov %ah, %al
        out %al, %dx
        ret

/* Writes %eax to COM1 as 0x followed by eight hex digits. */
hex32:
        mov %eax, %edi
        mov $'0', %al
        call putc32
        mov $'x', %al
        call putc32
        mov $8, %ebx
1:      rol $4, %edi
        mov %edi, %eax
        and $0xf, %eax
        mov hex_digits(%eax), %al
        call putc32
        dec %ebx
        jnz 1b
        ret

halt32:
        cli
        hlt
        jmp halt32

        .code64
long_mode_low:
        mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        xor %eax, %eax
        mov %ax, %fs
        mov %ax, %gs
        movabs $long_mode_high, %rax
        jmp *%rax

        .text
long_mode_high:
        .cfi_startproc
        .cfi_undefined rip
        mov $boot_stack_top, %rsp
        xor %ebp, %ebp
        movl boot_mbi, %edi
        call x86_init
1:      hlt
        jmp 1b
        .cfi_endproc

        .bss
        .balign 16
boot_stack:
        .skip 16384
boot_stack_top:
