namespace ResearchKit.Features;

/// <summary>
/// The hashing trick with a signed hash (Weinberger, Dasgupta, Langford, Smola &amp; Attenberg, "Feature Hashing
/// for Large Scale Multitask Learning", ICML 2009): a token goes to bucket h(x) mod D with sign ξ(x) ∈ {−1, +1}
/// taken from an independent bit, so colliding tokens cancel in expectation and inner products stay unbiased.
/// The hash is 32-bit FNV-1a over the lower-cased UTF-16 code units finished with MurmurHash3's fmix32
/// avalanche step; it is fixed (no per-process randomisation) so hashed columns are reproducible across runs.
/// </summary>
public static class FeatureHashing
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Hash of a token, case-insensitive (invariant lower-casing per character), mixed with <paramref name="seed"/>.</summary>
    public static uint Hash(ReadOnlySpan<char> token, uint seed = 0)
    {
        var h = FnvOffset ^ seed;
        foreach (var ch in token)
        {
            var c = char.ToLowerInvariant(ch);
            h = (h ^ (byte)c) * FnvPrime;
            h = (h ^ (byte)(c >> 8)) * FnvPrime;
        }
        return Mix(h);
    }

    /// <summary>Hash of an integer value (e.g. a category code), mixed with <paramref name="seed"/>.</summary>
    public static uint Hash(int value, uint seed = 0) => Mix(((uint)value * 0x9E3779B1u) ^ Mix(seed + 0x85EBCA6Bu));

    /// <summary>Bucket in [0, <paramref name="dimensions"/>) and sign for a hash.</summary>
    public static (int Bucket, float Sign) Bucket(uint hash, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        // Low bits choose the bucket; the top bit (independent after fmix32) chooses the sign.
        return ((int)(hash % (uint)dimensions), (hash & 0x8000_0000u) != 0 ? -1f : 1f);
    }

    /// <summary>MurmurHash3 fmix32: a bijective avalanche so every output bit depends on every input bit.</summary>
    public static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>
    /// Calls <paramref name="onToken"/> for every token of <paramref name="text"/>: maximal runs of letters or digits
    /// (no allocation; the span is valid only during the call).
    /// </summary>
    public static void Tokenize(ReadOnlySpan<char> text, TokenHandler onToken)
    {
        ArgumentNullException.ThrowIfNull(onToken);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0) start = i;
            else if (!isWord && start >= 0) { onToken(text[start..i]); start = -1; }
        }
    }

    /// <summary>Receives one token from <see cref="Tokenize"/>.</summary>
    public delegate void TokenHandler(ReadOnlySpan<char> token);
}
