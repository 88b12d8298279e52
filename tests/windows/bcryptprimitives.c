/* ProcessPrng for Wine releases that lack bcryptprimitives.dll (Debian 12 ships Wine 8).
 * Rust's standard library on Windows draws its random numbers from ProcessPrng; Windows 10
 * and later have it, older Wine does not, and the program would not start there. Built by
 * .ci/windows and placed beside the test binary only: it never ships with hostplan. It asks
 * the same system source through RtlGenRandom (SystemFunction036 in advapi32). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
