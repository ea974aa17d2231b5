using System.Globalization;
using ResearchKit.Models;

namespace ResearchKit.Experiments;

/// <summary>A member model a fusion names, created by the registry, with its canonical key.</summary>
/// <param name="Model">The member (a fresh instance, or a <see cref="SharedModel"/> when a <see cref="ModelPool"/> is in use).</param>
/// <param name="Key">Canonical spec: name and every resolved parameter, sorted (<c>als(alpha=1,factors=64,...)</c>).</param>
public sealed record MemberModel(IRecommender Model, string Key);

/// <summary>
/// Reads typed parameters out of a <see cref="ModelSpec"/>, remembering which were read so that
/// <see cref="EnsureAllUsed"/> can reject unknown names. Errors quote the model and parameter as the user typed them.
/// </summary>
public sealed class ModelParameters
{
    private readonly ModelSpec _spec;
    private readonly Func<ModelSpec, MemberModel>? _members;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Exception> _raised = [];

    /// <summary>Wraps a spec; <paramref name="members"/> creates nested member specs (null: members are an error).</summary>
    public ModelParameters(ModelSpec spec, Func<ModelSpec, MemberModel>? members = null)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _members = members;
    }

    /// <summary>An integer parameter, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback) => Get(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    /// <summary>A floating-point parameter, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double fallback) => Get(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    /// <summary>
    /// A single-precision parameter, or <paramref name="fallback"/> when absent. Reported as the float's own shortest
    /// text (a default of 0.02f is "0.02", where widening it to double first would give 0.019999999552965164).
    /// </summary>
    public float Float(string name, float fallback) => Get(name, fallback, s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    /// <summary>A boolean parameter (true/false/1/0), or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string name, bool fallback) => Get(name, fallback, s => s switch
    {
        "1" or "true" or "True" or "yes" => true,
        "0" or "false" or "False" or "no" => false,
        _ => throw new FormatException(),
    }, "true or false");

    /// <summary>A text parameter, or <paramref name="fallback"/> when absent.</summary>
    public string String(string name, string fallback) => Get(name, fallback, s => s, "text");

    /// <summary>The values actually read, for reports (name → text as written or default).</summary>
    public Dictionary<string, string> Resolved { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The values that identify the model: <see cref="Resolved"/> with member specs replaced by their canonical keys,
    /// so that <c>als</c> and <c>als(factors=64)</c> (the default) name the same model.
    /// </summary>
    public Dictionary<string, string> Canonical { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The members a fusion names in parameter <paramref name="name"/> (specs joined by '+'); absent or empty is an
    /// error that shows how to name them.
    /// </summary>
    public IReadOnlyList<MemberModel> Members(string name)
    {
        var text = Required(name, $"name the member models joined by '+', e.g. {_spec.TypedName}({name}=als+ease(reg=500))");
        IReadOnlyList<ModelSpec> specs;
        try { specs = ModelSpec.ParseMembers(text); }
        catch (FormatException e) { throw Error(name, text, e.Message, e); }
        if (specs.Count == 0)
            throw Error(name, text, $"name the member models joined by '+', e.g. {_spec.TypedName}({name}=als+ease(reg=500))", null);
        var members = specs.Select(s => CreateMember(name, text, s)).ToList();
        Canonical[name] = string.Join("+", members.Select(m => m.Key));
        return members;
    }

    /// <summary>
    /// One member named in parameter <paramref name="name"/>; when absent, <paramref name="fallback"/> (a spec) or,
    /// if that is null, an error that shows how to name it.
    /// </summary>
    public MemberModel Member(string name, string? fallback)
    {
        var text = fallback is null
            ? Required(name, $"name the model, e.g. {_spec.TypedName}({name}=ease(reg=500))")
            : String(name, fallback);
        ModelSpec spec;
        try { spec = ModelSpec.Parse(text); }
        catch (FormatException e) { throw Error(name, text, e.Message, e); }
        var member = CreateMember(name, text, spec);
        Canonical[name] = member.Key;
        return member;
    }

    /// <summary>Re-creates the members of parameter <paramref name="name"/> (fresh instances each call, e.g. for refits).</summary>
    public IReadOnlyList<Func<IRecommender>> MemberFactories(string name)
    {
        _ = Members(name);   // validates every member now, so a bad spec fails before any fitting
        return ModelSpec.ParseMembers(Resolved[name]).Select(s => (Func<IRecommender>)(() => _members!(s).Model)).ToList();
    }

    /// <summary>An error for parameter <paramref name="name"/> as given, naming the model and what was <paramref name="expected"/>.</summary>
    public ArgumentException Invalid(string name, string expected) =>
        Error(name, _spec.Parameters.GetValueOrDefault(name) ?? Resolved.GetValueOrDefault(name) ?? "", $"expected {expected}.", null);

    private MemberModel CreateMember(string name, string text, ModelSpec spec)
    {
        if (_members is null) throw Error(name, text, "this model does not take member models", null);
        try { return _members(spec); }
        catch (ArgumentException e) { throw Error(name, text, e.Message, e); }
    }

    private string Required(string name, string how)
    {
        _used.Add(name);
        if (!_spec.Parameters.TryGetValue(name, out var text) || text.Trim().Length == 0)
            throw Raise($"{_spec.TypedName}: parameter '{name}' is required: {how}.", null);
        Resolved[name] = text;
        return text;
    }

    private ArgumentException Error(string name, string text, string what, Exception? inner) =>
        Raise($"{_spec.TypedName}: {KeyAsTyped(name)}={text}: {what}", inner);

    // Errors raised here already speak the user's terms; the registry rewrites only the others (see Raised).
    private ArgumentException Raise(string message, Exception? inner)
    {
        var error = new ArgumentException(message, inner);
        _raised.Add(error);
        return error;
    }

    /// <summary>Whether <paramref name="error"/> was raised by this object (so it already names model and parameter as typed).</summary>
    public bool Raised(Exception error) => _raised.Contains(error);

    private string KeyAsTyped(string name) =>
        _spec.Parameters.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private T Get<T>(string name, T fallback, Func<string, T> parse, string expected)
    {
        _used.Add(name);
        if (!_spec.Parameters.TryGetValue(name, out var text))
        {
            Resolved[name] = Canonical[name] = Convert.ToString(fallback, CultureInfo.InvariantCulture) ?? "";
            return fallback;
        }
        try
        {
            var value = parse(text);
            Resolved[name] = text;
            Canonical[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? text;
            return value;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw Raise($"{_spec.TypedName}: {KeyAsTyped(name)}={text} is not {expected}.", e);
        }
    }

    /// <summary>Throws naming every parameter the model does not know (as typed), and the ones it does.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _spec.Parameters.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw Raise(
                $"{_spec.TypedName}: unknown parameter(s) {string.Join(", ", unknown.Select(u => u + NameSuggestions.Hint(u, _used)))}; known: {string.Join(", ", _used.Order(StringComparer.Ordinal))}.", null);
    }

    /// <summary>The names of the parameters the model has read so far (known parameters, given or defaulted).</summary>
    public IReadOnlyCollection<string> Read => _used;

    /// <summary>The canonical key of the model read so far: <c>name(k=v,...)</c> over <see cref="Canonical"/>, keys sorted.</summary>
    public string CanonicalKey() =>
        Canonical.Count == 0 ? _spec.Name
            : $"{_spec.Name}({string.Join(",", Canonical.OrderBy(kv => kv.Key.ToLowerInvariant(), StringComparer.Ordinal).Select(kv => $"{kv.Key.ToLowerInvariant()}={kv.Value}"))})";
}
