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
    /// <inheritdoc />
    public override string ToString() =>
        $"train {Train.Interactions.Count:N0} rows, test {Test.Interactions.Count:N0} rows" +
        (Validation is null ? "" : $", validation {Validation.Interactions.Count:N0} rows");
}
