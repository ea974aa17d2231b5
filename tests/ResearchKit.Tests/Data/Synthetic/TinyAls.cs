using ResearchKit.Data;

namespace ResearchKit.Tests.Data.Synthetic;

/// <summary>
/// A deliberately small implicit-feedback ALS (Hu, Koren &amp; Volinsky 2008) used only to check that the synthetic
/// shop's planted structure is learnable; the kit's real models live in Models/.
/// </summary>
internal static class TinyAls
{
    public static (float[] U, float[] V) Fit(CsrMatrix r, int d, int iterations, float alpha = 10f, float reg = 0.1f, int seed = 1)
    {
        var rt = r.Transpose();
        var rng = new Random(seed);
        var u = new float[r.Rows * d]; var v = new float[r.Cols * d];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 0.1);
        for (var it = 0; it < iterations; it++)
        {
            Solve(r, v, u, d, alpha, reg);
            Solve(rt, u, v, d, alpha, reg);
        }
        return (u, v);
    }

    // x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ Yᵀ C_u p(u), with c = 1 + α·r.
    private static void Solve(CsrMatrix r, float[] y, float[] x, int d, float alpha, float reg)
    {
        var yty = new double[d * d];
        for (var j = 0; j < y.Length / d; j++)
            for (var a = 0; a < d; a++)
                for (var b = 0; b < d; b++) yty[a * d + b] += y[j * d + a] * y[j * d + b];
        Parallel.For(0, r.Rows, row =>
        {
            var m = (double[])yty.Clone();
            var rhs = new double[d];
            var idx = r.RowIndices(row); var val = r.RowValues(row);
            for (var p = 0; p < idx.Length; p++)
            {
                var c = 1 + alpha * val[p];
                var o = idx[p] * d;
                for (var a = 0; a < d; a++)
                {
                    rhs[a] += c * y[o + a];
                    for (var b = 0; b < d; b++) m[a * d + b] += (c - 1) * y[o + a] * y[o + b];
                }
            }
            for (var a = 0; a < d; a++) m[a * d + a] += reg;
            CholeskySolve(m, rhs, d);
            for (var a = 0; a < d; a++) x[row * d + a] = (float)rhs[a];
        });
    }

    private static void CholeskySolve(double[] m, double[] b, int d)
    {
        for (var j = 0; j < d; j++)
        {
            var s = m[j * d + j];
            for (var k = 0; k < j; k++) s -= m[j * d + k] * m[j * d + k];
            var l = Math.Sqrt(s);
            m[j * d + j] = l;
            for (var i = j + 1; i < d; i++)
            {
                var t = m[i * d + j];
                for (var k = 0; k < j; k++) t -= m[i * d + k] * m[j * d + k];
                m[i * d + j] = t / l;
            }
        }
        for (var i = 0; i < d; i++) { var t = b[i]; for (var k = 0; k < i; k++) t -= m[i * d + k] * b[k]; b[i] = t / m[i * d + i]; }
        for (var i = d - 1; i >= 0; i--) { var t = b[i]; for (var k = i + 1; k < d; k++) t -= m[k * d + i] * b[k]; b[i] = t / m[i * d + i]; }
    }

    /// <summary>Mean recall@k over users with test rows, training items excluded from the ranking.</summary>
    public static double RecallAtK(CsrMatrix train, CsrMatrix test, Func<int, float[]> scoresOf, int k)
    {
        double sum = 0; var users = 0;
        for (var u = 0; u < test.Rows; u++)
        {
            var truth = test.RowIndices(u);
            if (truth.IsEmpty) continue;
            var scores = scoresOf(u);
            foreach (var i in train.RowIndices(u)) scores[i] = float.NegativeInfinity;
            var top = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k);
            var hits = 0;
            foreach (var i in top) if (truth.BinarySearch(i) >= 0) hits++;
            sum += (double)hits / truth.Length;
            users++;
        }
        return sum / users;
    }
}
