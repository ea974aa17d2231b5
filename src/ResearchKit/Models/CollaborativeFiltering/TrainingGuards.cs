namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>Checks the collaborative models make beyond <see cref="TrainingSet.EnsureFittable"/>.</summary>
internal static class TrainingGuards
{
    /// <summary>
    /// Throws when fewer than two users have interactions: with one user there is nothing to collaborate on, and the
    /// models would silently fall back to popularity.
    /// </summary>
    public static void EnsureCollaborative(string model, TrainingSet train)
    {
        var ptr = train.UserItems.RowPointers;
        var active = 0;
        for (var u = 0; u < train.UserItems.Rows && active < 2; u++) if (ptr[u + 1] > ptr[u]) active++;
        if (active < 2)
            throw new ArgumentException($"{model}: the training set '{train.Data.Name}' has interactions from {active} user(s); collaborative filtering needs at least 2.");
    }
}
