namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// The distinct ids of a batch and each position's index among them (like <c>torch.unique(return_inverse=True)</c>,
/// in first-seen order), in O(batch) with one reusable slot array over the id space.
/// </summary>
internal sealed class DistinctRows(int idCount)
{
    private readonly int[] _slot = Fill(idCount);

    /// <summary>(rows, inverse) with ids[i] = rows[inverse[i]].</summary>
    public (long[] Rows, long[] Inverse) Of(long[] ids)
    {
        var rows = new List<long>(ids.Length);
        var inverse = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ref var slot = ref _slot[ids[i]];
            if (slot < 0) { slot = rows.Count; rows.Add(ids[i]); }
            inverse[i] = slot;
        }
        foreach (var r in rows) _slot[r] = -1;                                  // ready for the next batch
        return ([.. rows], inverse);
    }

    private static int[] Fill(int n)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        return a;
    }
}
