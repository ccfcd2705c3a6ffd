# SPDX-License-Identifier: GPL-2.0-only
# riscv64 kernel: Debian's bare-metal cross compiler (flags in arch/riscv64/arch.cmake).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CAIRN_ARCH riscv64)
