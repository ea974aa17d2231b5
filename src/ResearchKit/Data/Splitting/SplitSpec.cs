using System.Globalization;

namespace ResearchKit.Data.Splitting;

/// <summary>The splitting strategies a <see cref="SplitSpec"/> can name.</summary>
public enum SplitKind
{
    /// <summary><c>stratified:RATIO[,VALIDATION]</c> — <see cref="Splits.Stratified"/>.</summary>
    Stratified,
    /// <summary><c>random:RATIO[,VALIDATION]</c> — <see cref="Splits.Random"/>.</summary>
    Random,
    /// <summary><c>temporal:RATIO</c> — <see cref="Splits.Temporal"/>.</summary>
    Temporal,
    /// <summary><c>leave-last:N</c> — <see cref="Splits.LeaveLast"/>.</summary>
    LeaveLast,
    /// <summary><c>cold-users:FRACTION</c> — <see cref="Splits.ColdUsers"/>.</summary>
    ColdUsers,
}

/// <summary>
/// A parsed split description, shared by the CLI (<c>--split</c>) and notebooks:
/// <c>stratified:0.75</c>, <c>stratified:0.7,0.1</c> (with a validation share), <c>random:0.8</c>,
/// <c>temporal:0.8</c>, <c>leave-last:1</c>, <c>cold-users:0.1</c>.
/// </summary>
/// <param name="Kind">The strategy.</param>
/// <param name="Value">The train ratio (stratified, random, temporal), n (leave-last) or held-out fraction (cold-users).</param>
/// <param name="ValidationRatio">Validation share for stratified / random (0 = none).</param>
public sealed record SplitSpec(SplitKind Kind, double Value, double ValidationRatio = 0)
{
    private const string Expected = "stratified:RATIO[,VALIDATION], random:RATIO[,VALIDATION], temporal:RATIO, leave-last:N or cold-users:FRACTION (e.g. stratified:0.75)";

    /// <summary>Parses a split spec; throws <see cref="FormatException"/> saying what was expected.</summary>
    public static SplitSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = spec.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw new FormatException($"Split spec '{spec}' has no ':'. Expected {Expected}.");
        var name = text[..colon].Trim().ToLowerInvariant();
        var args = text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        SplitKind kind = name switch
        {
            "stratified" => SplitKind.Stratified,
            "random" => SplitKind.Random,
            "temporal" or "time" => SplitKind.Temporal,
            "leave-last" or "leavelast" or "leave_last" => SplitKind.LeaveLast,
            "cold-users" or "coldusers" or "cold_users" => SplitKind.ColdUsers,
            _ => throw new FormatException($"Unknown split '{name}' in '{spec}'. Expected {Expected}."),
        };
        var maxArgs = kind is SplitKind.Stratified or SplitKind.Random ? 2 : 1;
        if (args.Length > maxArgs) throw new FormatException($"Split spec '{spec}': '{name}' takes {maxArgs} value(s), got {args.Length}. Expected {Expected}.");
        var value = Number(spec, args[0], "the first value");
        var validation = args.Length > 1 ? Number(spec, args[1], "the validation ratio") : 0;
        switch (kind)
        {
            case SplitKind.LeaveLast:
                if (value < 1 || value != Math.Floor(value) || value > int.MaxValue)
                    throw new FormatException($"Split spec '{spec}': leave-last needs a whole number ≥ 1, got '{args[0]}'.");
                break;
            case SplitKind.ColdUsers:
                if (!(value > 0 && value < 1)) throw new FormatException($"Split spec '{spec}': the held-out user fraction must be in (0, 1), got '{args[0]}'.");
                break;
            default:
                if (!(value > 0 && value < 1)) throw new FormatException($"Split spec '{spec}': the train ratio must be in (0, 1), got '{args[0]}'.");
                if (!(validation >= 0 && value + validation < 1))
                    throw new FormatException($"Split spec '{spec}': the validation ratio must be ≥ 0 and train + validation < 1, got '{args[1]}'.");
                break;
        }
        return new SplitSpec(kind, value, validation);
    }

    /// <summary>
    /// Applies the split to <paramref name="data"/> with <paramref name="seed"/> (ignored by temporal and leave-last).
    /// A split that leaves the training or the test part empty is an error (<see cref="InvalidOperationException"/>):
    /// evaluating on it would report zeros, not a result.
    /// </summary>
    public DataSplit Apply(Dataset data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var split = Kind switch
        {
            SplitKind.Stratified => Splits.Stratified(data, Value, seed, ValidationRatio),
            SplitKind.Random => Splits.Random(data, Value, seed, ValidationRatio),
            SplitKind.Temporal => Splits.Temporal(data, Value),
            SplitKind.LeaveLast => Splits.LeaveLast(data, (int)Value),
            SplitKind.ColdUsers => Splits.ColdUsers(data, Value, seed),
            _ => throw new InvalidOperationException($"Unhandled split kind {Kind}."),
        };
        if (split.Test.Interactions.Count == 0)
            throw new InvalidOperationException($"Split '{this}' of '{data.Name}' ({data.Interactions.Count:N0} rows) leaves the test set empty; use more data or another split.");
        if (split.Train.Interactions.Count == 0)
            throw new InvalidOperationException($"Split '{this}' of '{data.Name}' ({data.Interactions.Count:N0} rows) leaves the training set empty; use more data or another split.");
        return split;
    }

    /// <summary>The canonical spec text (parses back to an equal spec).</summary>
    public override string ToString()
    {
        var name = Kind switch
        {
            SplitKind.LeaveLast => "leave-last",
            SplitKind.ColdUsers => "cold-users",
            _ => Kind.ToString().ToLowerInvariant(),
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{name}:{Value}");
        return ValidationRatio > 0 ? string.Create(CultureInfo.InvariantCulture, $"{text},{ValidationRatio}") : text;
    }

    private static double Number(string spec, string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"Split spec '{spec}': {what} '{text}' is not a number. Expected {Expected}.");
}
