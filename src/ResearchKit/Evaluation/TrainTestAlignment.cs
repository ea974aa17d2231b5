using ResearchKit.Data;

namespace ResearchKit.Evaluation;

/// <summary>
/// Puts a separately loaded train and test set (e.g. <c>kit experiment --data TRAIN --test TEST</c>, a split made by
/// another tool) into one id space: the training ids keep their dense ids, ids seen only in the test set are appended.
/// Test-only users get empty training rows (models score them like any cold user); test-only items become candidates
/// no model has seen. The item catalogue is resized; a user table is kept only when no user was added.
/// </summary>
public static class TrainTestAlignment
{
    /// <summary>
    /// Returns train and test datasets sharing one pair of id maps. Errors (<see cref="InvalidOperationException"/>)
    /// when the result could only evaluate to zero: an empty test set, a test set none of whose users is in the
    /// training set (for cold-start evaluation use the cold-users split), or one whose every (user, item) pair is
    /// also a training pair (seen items are excluded, so nothing could be hit — e.g. the training file given twice).
    /// </summary>
    public static (Dataset Train, Dataset Test) Align(Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Interactions.Count == 0) throw new InvalidOperationException($"The test set '{test.Name}' is empty.");
        if (train.Interactions.Count == 0) throw new InvalidOperationException($"The training set '{train.Name}' is empty.");
        if (ReferenceEquals(train.UserIds, test.UserIds) && ReferenceEquals(train.ItemIds, test.ItemIds)) return (train, test);
        var users = train.UserIds.Clone(); var items = train.ItemIds.Clone();
        var log = test.Interactions;
        var b = new InteractionsBuilder(log.Count);
        for (var r = 0; r < log.Count; r++)
            b.Add(users.GetOrAdd(test.UserIds.ToExternal(log.Users[r])), items.GetOrAdd(test.ItemIds.ToExternal(log.Items[r])),
                log.Values[r], log.Timestamps[r], log.Kinds[r]);
        var catalog = train.Items is null ? null : train.Items.Count == items.Count ? train.Items : train.Items.Resize(items.Count);
        var userTable = users.Count == train.UserCount ? train.Users : null;
        var alignedTrain = new Dataset(train.Name, train.Interactions, users, items, catalog, userTable);
        var alignedTest = b.Build();
        CheckOverlap(train, test, alignedTest);
        return (alignedTrain, new Dataset(test.Name, alignedTest, users, items, catalog, userTable));
    }

    private static void CheckOverlap(Dataset train, Dataset test, Interactions alignedTest)
    {
        ReadOnlySpan<int> trainU = train.Interactions.Users, trainI = train.Interactions.Items;
        var trainUsers = new bool[train.UserCount];
        var trainPairs = new HashSet<long>(trainU.Length);
        for (var r = 0; r < trainU.Length; r++)
        {
            trainUsers[trainU[r]] = true;
            trainPairs.Add(((long)trainU[r] << 32) | (uint)trainI[r]);
        }
        ReadOnlySpan<int> testU = alignedTest.Users, testI = alignedTest.Items;
        bool knownUser = false, newPair = false;
        for (var r = 0; r < testU.Length && !(knownUser && newPair); r++)
        {
            int u = testU[r], i = testI[r];
            if (u < trainUsers.Length && trainUsers[u]) knownUser = true;
            if (!trainPairs.Contains(((long)u << 32) | (uint)i)) newPair = true;
        }
        if (!knownUser)
            throw new InvalidOperationException($"No user of the test set '{test.Name}' ({test.UserCount:N0} users) appears in the training set '{train.Name}': check that both files use the same user ids (for cold-start evaluation use --split cold-users:F).");
        if (!newPair)
            throw new InvalidOperationException($"Every (user, item) pair of the test set '{test.Name}' is also in the training set '{train.Name}' (the same file twice?): seen items are excluded from recommendations, so nothing could be hit.");
    }
}
