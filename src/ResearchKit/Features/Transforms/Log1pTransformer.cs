namespace ResearchKit.Features.Transforms;

/// <summary>
/// Signed log1p: x' = sign(x) · ln(1 + |x|). Compresses heavy-tailed counts and money; equals ln(1 + x) for x ≥ 0
/// and stays defined (odd, monotone) for negative values. Stateless; Fit only records the columns.
/// </summary>
public sealed class Log1pTransformer(IReadOnlyList<string>? columns = null) : ColumnwiseTransformer(columns)
{
    /// <inheritdoc />
    public override string Name => "log1p";

    /// <inheritdoc />
    protected override void FitColumn(int slot, ReadOnlySpan<float> values) { }

    /// <inheritdoc />
    protected override float Apply(int slot, float value) => MathF.CopySign(MathF.Log(1 + MathF.Abs(value)), value);
}
