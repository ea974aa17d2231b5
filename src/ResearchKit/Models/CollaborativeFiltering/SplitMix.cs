using System.Runtime.CompilerServices;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// A tiny, fast, seedable random generator (xorshift64* seeded through SplitMix64) for sampling loops:
/// a value type, so each worker thread owns one with no allocation and no locking.
/// </summary>
internal struct SplitMix
{
    private ulong _state;

    /// <summary>Seeds the generator; different <paramref name="stream"/>s give independent sequences.</summary>
    public SplitMix(long seed, long stream = 0)
    {
        var z = (ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(stream + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        _state = (z ^ (z >> 31)) | 1UL;
    }

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
    {
        _state ^= _state >> 12; _state ^= _state << 25; _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2⁻³² for n &lt; 2³¹).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n) => (int)(((Next() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>Uniform float in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (Next() >> 40) * (1f / (1 << 24));

    /// <summary>Standard normal sample (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = ((Next() >> 11) + 1.0) / 9007199254740993.0;
        var u2 = (Next() >> 11) / 9007199254740992.0;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
