/*
 * MixKit's MKL dispatch fix, loaded by io.mixkit.MklDispatch before libtorch runs its first matrix product.
 *
 * The oneMKL inside libtorch asks mkl_serv_intel_cpu() and mkl_serv_intel_cpu_true() whether the CPU's
 * vendor is Intel before it chooses its kernels; on any other vendor it takes its generic path whatever
 * instructions the CPU has (on the AMD EPYC machines MixKit is developed on: a 2048^3 sgemm at 211 GFLOP/s
 * against 466 on the AVX-512 path). With it MKL chose its AVX512_E1 branch there (the CPU's AVX-512 with
 * VNNI and bf16; not AMX, which it lacks). Exported with default visibility and loaded RTLD_GLOBAL, these definitions are found
 * before libtorch's own by the dynamic linker. Both are needed: with only mkl_serv_intel_cpu_true() MKL
 * stays on its generic path, with only mkl_serv_intel_cpu() it takes its SSE2 path.
 *
 * Build (x86-64 Linux; the binary is shipped in the resources): src/main/native/build.sh
 */
int mkl_serv_intel_cpu(void) {
    return 1;
}

int mkl_serv_intel_cpu_true(void) {
    return 1;
}
