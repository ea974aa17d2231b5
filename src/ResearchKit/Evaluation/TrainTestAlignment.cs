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
    /// <summary>Returns train and test datasets sharing one pair of id maps.</summary>
    public static (Dataset Train, Dataset Test) Align(Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
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
        return (alignedTrain, new Dataset(test.Name, b.Build(), users, items, catalog, userTable));
    }
}
