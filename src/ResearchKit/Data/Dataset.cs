namespace ResearchKit.Data;

/// <summary>
/// A named interaction log with its id maps and optional side information. Splits of one dataset share
/// the same <see cref="UserIds"/> and <see cref="ItemIds"/>, so dense ids mean the same thing in train and test.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset. Every dense id in <paramref name="interactions"/> must exist in the maps.</summary>
    public Dataset(string name, Interactions interactions, IdMap userIds, IdMap itemIds,
        ItemCatalog? items = null, UserTable? users = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        if (interactions.MaxUserExclusive() > userIds.Count)
            throw new ArgumentException($"Dataset '{name}': a user id exceeds the user map ({userIds.Count} users).", nameof(interactions));
        if (interactions.MaxItemExclusive() > itemIds.Count)
            throw new ArgumentException($"Dataset '{name}': an item id exceeds the item map ({itemIds.Count} items).", nameof(interactions));
        Name = name;
        Interactions = interactions;
        UserIds = userIds;
        ItemIds = itemIds;
        Items = items;
        Users = users;
    }

    /// <summary>Display name (e.g. "movielens-100k", "synthetic").</summary>
    public string Name { get; }

    /// <summary>The interaction rows.</summary>
    public Interactions Interactions { get; }

    /// <summary>External ↔ dense user ids.</summary>
    public IdMap UserIds { get; }

    /// <summary>External ↔ dense item ids.</summary>
    public IdMap ItemIds { get; }

    /// <summary>Item attributes, when the source has them.</summary>
    public ItemCatalog? Items { get; }

    /// <summary>User attributes, when the source has them.</summary>
    public UserTable? Users { get; }

    /// <summary>What the loader read, skipped and dropped (null for datasets not made by a loader).</summary>
    public LoadReport? Report { get; init; }

    /// <summary>Number of users in the id space (may exceed the users that have rows here).</summary>
    public int UserCount => UserIds.Count;

    /// <summary>Number of items in the id space.</summary>
    public int ItemCount => ItemIds.Count;

    /// <summary>A dataset with the same ids and side information but other rows.</summary>
    public Dataset WithInteractions(Interactions interactions, string? name = null) =>
        new(name ?? Name, interactions, UserIds, ItemIds, Items, Users);

    /// <summary>The user × item matrix of this log (duplicates summed by default).</summary>
    public CsrMatrix ToCsr(DuplicatePolicy duplicates = DuplicatePolicy.Sum) =>
        CsrMatrix.FromInteractions(Interactions, UserCount, ItemCount, duplicates);

    /// <summary>
    /// The interactions as a Microsoft.Data.Analysis DataFrame with the original ids: <c>user</c>, <c>item</c>
    /// (string), <c>value</c> (float), <c>timestamp</c> (long, Unix seconds), <c>kind</c> (string).
    /// <see cref="FromDataFrame"/> reads it back.
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame() => Frames.DataFrames.FromInteractions(Interactions, UserIds, ItemIds);

    /// <summary>
    /// A dataset from a DataFrame's named columns. <paramref name="user"/> and <paramref name="item"/> must be text or
    /// integer columns (ids become text, numbered in order of first appearance); <paramref name="value"/> any numeric
    /// column (rows are then ratings; without it, views of value 1); <paramref name="time"/> a DateTime, integer (Unix
    /// seconds, or milliseconds when ≥ 10^11) or text column; <paramref name="kind"/> a text column (view, cart,
    /// purchase, rating). A missing column, a column of the wrong type or a missing value is an
    /// <see cref="ArgumentException"/> naming the column (and row).
    /// </summary>
    public static Dataset FromDataFrame(Microsoft.Data.Analysis.DataFrame frame, string user = "user", string item = "item",
        string? value = null, string? time = null, string? kind = null, string? name = null) =>
        Frames.DataFrames.ToDataset(frame, user, item, value, time, kind, name);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {UserCount:N0} users, {ItemCount:N0} items, {Interactions.Count:N0} interactions";
}
