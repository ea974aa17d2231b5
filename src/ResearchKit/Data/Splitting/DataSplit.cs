namespace ResearchKit.Data.Splitting;

/// <summary>
/// A train / test (and optional validation) split of one <see cref="Dataset"/>. All parts share the original
/// <see cref="Dataset.UserIds"/> and <see cref="Dataset.ItemIds"/>, so a dense id means the same user or item in each.
/// </summary>
/// <param name="Train">Rows to fit on.</param>
/// <param name="Test">Held-out rows to evaluate on.</param>
/// <param name="Validation">Held-out rows for tuning, when the split asked for them.</param>
public sealed record DataSplit(Dataset Train, Dataset Test, Dataset? Validation = null)
{
    /// <summary>Why <see cref="Splits.Temporal"/> drops test rows (the text reports and results.json use).</summary>
    public const string SeenPairReason = "their (user, item) pair is already in the training part: a model never recommends a seen item, so they could only count as misses";

    /// <summary>
    /// Held-out rows the splitter removed instead of putting them in <see cref="Test"/> (0 for most splits; the
    /// temporal split drops test rows whose pair occurs in train, see <see cref="DroppedTestReason"/>).
    /// </summary>
    public int DroppedTestRows { get; init; }

    /// <summary>Why the <see cref="DroppedTestRows"/> were removed; null when none were.</summary>
    public string? DroppedTestReason => DroppedTestRows > 0 ? SeenPairReason : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"train {Train.Interactions.Count:N0} rows, test {Test.Interactions.Count:N0} rows" +
        (Validation is null ? "" : $", validation {Validation.Interactions.Count:N0} rows") +
        (DroppedTestRows > 0 ? $", {DroppedTestRows:N0} test rows dropped ({SeenPairReason})" : "");
}
