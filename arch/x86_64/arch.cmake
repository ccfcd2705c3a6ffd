# SPDX-License-Identifier: GPL-2.0-only
# The x86_64 half of the kernel build: sources, linker script and code-generation flags.
set(X86_DIR ${CMAKE_CURRENT_SOURCE_DIR}/arch/x86_64)

set(ARCH_SOURCES
  ${X86_DIR}/boot.S
  ${X86_DIR}/entry.S
  ${X86_DIR}/init.c
  ${X86_DIR}/serial.c
  ${X86_DIR}/trap.c
  ${X86_DIR}/user.c
  ${X86_DIR}/user_entry.S
  ${X86_DIR}/user_init.c
  ${X86_DIR}/lapic.c
  ${X86_DIR}/ioapic.c
  ${X86_DIR}/cpu.c
  ${X86_DIR}/directmap.c
  ${X86_DIR}/paging.c
  ${X86_DIR}/bootinfo_x86.c
  ${X86_DIR}/multiboot2.c
  ${X86_DIR}/acpi.c
  ${X86_DIR}/selftest_x86.c
  ${X86_DIR}/selftest_user.c
)
set(ARCH_LINKER_SCRIPT ${X86_DIR}/kernel.ld)

# The kernel lives in the top 2 GiB (-mcmodel=kernel), takes interrupts on its
# own stack without a red zone, and never touches x87/MMX/SSE/AVX state
# (-mgeneral-regs-only: not even for floating point, which the CPU has
# switched off, user_init.c), so a trap needs to save only the general
# registers. Loop-to-memset rewriting is off because the kernel has no C
# library to call.
set(ARCH_CFLAGS -DCAIRN_HAS_IO_PORTS -m64 -march=x86-64 -mcmodel=kernel -mno-red-zone
  -mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx
  -fno-tree-loop-distribute-patterns)
set(ARCH_LDFLAGS -Wl,-m,elf_x86_64)
set(ARCH_LINK_LIBS)

# ELF e_machine of the init image the kernel loads (EM_X86_64), and how user
# programs are compiled: integer only, since user threads have no FP state yet.
set(ARCH_ELF_MACHINE 62)
set(USER_CFLAGS -m64 -march=x86-64 -mgeneral-regs-only -fno-tree-loop-distribute-patterns)
