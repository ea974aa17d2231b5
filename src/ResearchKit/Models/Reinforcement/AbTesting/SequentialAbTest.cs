using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.AbTesting;

/// <summary>The outcome of one simulated sequential A/B test.</summary>
/// <param name="RejectedNull">Whether a look crossed its boundary (the policies differ at level α).</param>
/// <param name="StoppedAtLook">The look (1-based) where the test stopped: the first crossing, else the last look.</param>
/// <param name="SessionsPerArm">Sessions per arm used up to that look.</param>
/// <param name="MeanA">Mean reward per session of arm A at that look.</param>
/// <param name="MeanB">Mean reward per session of arm B at that look.</param>
/// <param name="Z">The z statistic (B − A)/se at that look.</param>
/// <param name="Boundary">The boundary |Z| had to reach at that look.</param>
public sealed record AbTestResult(bool RejectedNull, int StoppedAtLook, int SessionsPerArm, double MeanA, double MeanB, double Z, double Boundary)
{
    /// <summary>Estimated difference B − A in reward per session.</summary>
    public double Difference => MeanB - MeanA;
}

/// <summary>
/// A/B tests in the simulator: arriving users are randomised to policy A or B (each arm runs its own
/// <see cref="SessionEnvironment"/> over the same user population, on its own random streams, so sessions are
/// independent draws), and the difference in reward per session is tested with a <see cref="GroupSequentialDesign"/>:
/// at look k (after k·n/K sessions per arm) Z_k = (ȳ_B − ȳ_A)/√(s_A²/n_k + s_B²/n_k) is compared with the boundary
/// and the test stops at the first crossing.
/// </summary>
public static class SequentialAbTest
{
    /// <summary>
    /// Runs <paramref name="sessionsPerArm"/> sessions per arm (the design's maximum) and applies the looks in the
    /// order the sessions finished. <paramref name="envA"/>/<paramref name="envB"/> are reset with seeds derived from
    /// <paramref name="seed"/>; pass the same environment twice only if the policies do not keep per-run state.
    /// </summary>
    public static AbTestResult Run(SessionEnvironment envA, ISlatePolicy policyA, SessionEnvironment envB, ISlatePolicy policyB,
        int sessionsPerArm, GroupSequentialDesign design, int seed = 42, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (sessionsPerArm < 2 * design.Looks)
            throw new ArgumentOutOfRangeException(nameof(sessionsPerArm), sessionsPerArm, $"sessionsPerArm must be ≥ 2 × looks = {2 * design.Looks}.");
        var a = SessionRunner.Run(envA, policyA, sessionsPerArm, unchecked((seed * 2) + 1), ct: ct).Returns;
        var b = SessionRunner.Run(envB, policyB, sessionsPerArm, unchecked((seed * 2) + 2), ct: ct).Returns;
        return Analyse(a, b, sessionsPerArm, design);
    }

    /// <summary>Applies the design's looks to per-session returns of the two arms (in arrival order).</summary>
    public static AbTestResult Analyse(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int sessionsPerArm, GroupSequentialDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (a.Length < sessionsPerArm || b.Length < sessionsPerArm)
            throw new ArgumentException($"each arm needs {sessionsPerArm} sessions; got {a.Length} and {b.Length}.");
        double sa = 0, sb = 0, qa = 0, qb = 0;
        var used = 0;
        AbTestResult? last = null;
        for (var look = 1; look <= design.Looks; look++)
        {
            var n = (int)((long)sessionsPerArm * look / design.Looks);
            for (; used < n; used++) { sa += a[used]; qa += a[used] * a[used]; sb += b[used]; qb += b[used] * b[used]; }
            double ma = sa / n, mb = sb / n;
            var va = Math.Max(0, (qa - (n * ma * ma)) / (n - 1));
            var vb = Math.Max(0, (qb - (n * mb * mb)) / (n - 1));
            var se = Math.Sqrt((va + vb) / n);
            var z = se > 0 ? (mb - ma) / se : 0;
            var boundary = design.ZBoundary(look);
            last = new AbTestResult(Math.Abs(z) >= boundary, look, n, ma, mb, z, boundary);
            if (last.RejectedNull) break;
        }
        return last!;
    }
}
