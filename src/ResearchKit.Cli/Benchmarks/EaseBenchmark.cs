using System.Diagnostics;
using System.Globalization;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// EASE fit time on a MovieLens-latest-small-sized implicit matrix (610 users × 8,757 items × ~75k pairs), against
/// numpy's closed form (<c>P = inv(XᵀX + λI); B = −P / diag(P)</c>, float64, its BLAS) on the same pairs in the
/// same run; also the largest difference between the two B matrices on sampled rows. numpy is found as
/// <c>RK_PYTHON</c> (default /usr/bin/python3, then python3); the peer gets the OpenBLAS kernel the CPU supports
/// (see <see cref="RunNumpy"/>), and the script prints which kernel OpenBLAS ran.
/// </summary>
internal sealed class EaseBenchmark : IBenchmark
{
    public string Name => "ease";

    public string Description => "EASE fit (λ=250) on 610 users × 8,757 items × 75k pairs vs numpy's closed form on the same pairs";

    private const string Script = """
        import sys, time, ctypes, ctypes.util, numpy as np
        n_users, n_items, lam = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        pairs = np.fromfile(sys.argv[1], dtype=np.int32).reshape(-1, 2)
        rows = np.fromfile(sys.argv[5], dtype=np.int32); kit = np.fromfile(sys.argv[6], dtype=np.float32).reshape(len(rows), n_items)
        core = "unknown"
        try:
            lib = ctypes.CDLL("libopenblas.so.0"); lib.openblas_get_corename.restype = ctypes.c_char_p
            core = lib.openblas_get_corename().decode() + f", {lib.openblas_get_num_threads()} threads"
        except OSError: pass
        t0 = time.perf_counter()
        X = np.zeros((n_users, n_items)); X[pairs[:, 0], pairs[:, 1]] = 1.0
        G = X.T @ X; G[np.diag_indices(n_items)] += lam
        P = np.linalg.inv(G); B = P / (-np.diag(P)); B[np.diag_indices(n_items)] = 0.0
        seconds = time.perf_counter() - t0
        ref = B[rows]
        print(f"{seconds:.3f} {np.abs(kit - ref).max() / np.abs(ref).max():.3e} numpy {np.__version__}, OpenBLAS {core}")
        """;

    public void Run(BenchContext context)
    {
        var (users, items, nnz) = context.Quick ? (300, 1_200, 12_000) : (610, 8_757, 80_000);
        var train = CfBenchSupport.ImplicitMatrix(users, items, nnz, context.Seed);
        new EaseRecommender().Fit(CfBenchSupport.ImplicitMatrix(200, 300, 3_000, 1)); // JIT warm-up
        var clock = Stopwatch.StartNew();
        var model = new EaseRecommender(new EaseOptions { Regularization = 250 });
        model.Fit(train);
        var kitSeconds = clock.Elapsed.TotalSeconds;

        var dir = Directory.CreateTempSubdirectory("rk-ease-bench").FullName;
        try
        {
            var pairsPath = Path.Combine(dir, "pairs.i32"); var rowsPath = Path.Combine(dir, "rows.i32"); var kitPath = Path.Combine(dir, "b.f32");
            using (var w = new BinaryWriter(File.Create(pairsPath)))
                for (var u = 0; u < users; u++)
                    foreach (var i in train.UserItems.RowIndices(u)) { w.Write(u); w.Write(i); }
            var sampled = Enumerable.Range(0, items).Where(i => i % 97 == 0).ToArray();
            using (var w = new BinaryWriter(File.Create(rowsPath))) foreach (var row in sampled) w.Write(row);
            using (var w = new BinaryWriter(File.Create(kitPath)))
                foreach (var row in sampled) foreach (var v in model.Weights.Slice(row * items, items)) w.Write(v);
            var scriptPath = Path.Combine(dir, "ease_numpy.py");
            File.WriteAllText(scriptPath, Script);
            var numpy = RunNumpy(scriptPath, pairsPath, users, items, rowsPath, kitPath);
            var load = AlsBenchmark.LoadAverage();
            context.Out.WriteLine(numpy is { } r
                ? $"- EASE λ=250, {users:N0} users × {items:N0} items × {train.UserItems.Nnz:N0} pairs, {Environment.ProcessorCount} threads: kit {kitSeconds:F2} s " +
                  $"(float32 blocked Cholesky + inverse on the kit's GEMM), numpy {r.Seconds:F2} s ({r.Peer}, float64 inv) → ratio kit/numpy {kitSeconds / r.Seconds:F2}; " +
                  $"max |B_kit − B_numpy| / max |B_numpy| on {sampled.Length} rows = {r.Error}; load average {load}"
                : $"- EASE λ=250, {users:N0} × {items:N0}: kit {kitSeconds:F2} s; numpy not available (set RK_PYTHON to a python with numpy); load average {load}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (double Seconds, string Error, string Peer)? RunNumpy(string script, string pairs, int users, int items, string rows, string kit)
    {
        var candidates = Environment.GetEnvironmentVariable("RK_PYTHON") is { Length: > 0 } p ? [p] : new[] { "/usr/bin/python3", "python3" };
        foreach (var python in candidates)
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { script, pairs, users.ToString(CultureInfo.InvariantCulture), items.ToString(CultureInfo.InvariantCulture), "250", rows, kit })
                info.ArgumentList.Add(a);
            // The machine's overrides (for older OpenBLAS builds on some CPUs) are dropped for the peer; a VM's CPU model can
            // make OpenBLAS fall back to its generic Prescott kernel, so the peer is given the kernel the CPU supports
            // (RK_NUMPY_CORETYPE overrides; the printed core name and the B difference show what it ran and that it was right).
            info.Environment.Remove("OPENBLAS_CORETYPE");
            info.Environment.Remove("OPENBLAS_L2_SIZE");
            var core = Environment.GetEnvironmentVariable("RK_NUMPY_CORETYPE") is { Length: > 0 } c ? c
                : System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "SKYLAKEX" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "HASWELL" : null;
            if (core is not null) info.Environment["OPENBLAS_CORETYPE"] = core;
            try
            {
                using var process = Process.Start(info)!;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) continue;
                var parts = output.Trim().Split(' ', 3);
                return (double.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2]);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed: try the next candidate
            }
        }
        return null;
    }
}
