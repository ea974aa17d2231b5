using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using ResearchKit.Data;
using ResearchKit.Serialization;
using ResearchKit.Evaluation;

namespace ResearchKit.Experiments;

/// <summary>The data set line of results.json.</summary>
/// <param name="Name">Data set name.</param>
/// <param name="Users">Distinct users with at least one training interaction (test-only users are not counted).</param>
/// <param name="Items">Distinct items with at least one training interaction — the items a model can learn; items seen
/// only in the test set are not counted (they share the id maps, which is why the maps' sizes are not used).</param>
/// <param name="Train">Training interactions.</param>
/// <param name="Test">Test interactions.</param>
public sealed record DatasetInfo(string Name, int Users, int Items, int Train, int Test)
{
    /// <summary>Held-out rows the split removed before <see cref="Test"/> was counted (results.json <c>test_dropped</c>, written when &gt; 0).</summary>
    public int DroppedTestRows { get; init; }

    /// <summary>Why they were removed (see <see cref="Data.Splitting.DataSplit.DroppedTestReason"/>); null when none were.</summary>
    public string? DroppedTestReason { get; init; }

    /// <summary>
    /// Test rows of users with no training row (results.json <c>test_cold.user_rows</c>, written when either count is
    /// &gt; 0): kept and evaluated, but only models that handle cold users can hit them.
    /// </summary>
    public int ColdUserTestRows { get; init; }

    /// <summary>Test rows of items with no training row (<c>test_cold.item_rows</c>): kept, but no collaborative model can recommend those items.</summary>
    public int ColdItemTestRows { get; init; }
}

/// <summary>One model's line of results.json, plus its full report when it was computed in this process.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Parameters">Resolved hyperparameters.</param>
/// <param name="FitSeconds">Wall-clock fit time.</param>
/// <param name="RecommendSeconds">Wall-clock time to recommend for every test user and compute the metrics.</param>
/// <param name="Metrics">Aggregates by metric name (NaN = undefined, written as null).</param>
/// <param name="Report">The evaluation report (null when read back from JSON).</param>
public sealed record ModelResult(string Name, IReadOnlyDictionary<string, string> Parameters, double FitSeconds, double RecommendSeconds,
    IReadOnlyDictionary<string, double> Metrics, EvaluationReport? Report = null)
{
    /// <summary>
    /// For a fusion fitted through a <see cref="ModelPool"/>: each member's canonical spec and the seconds of its
    /// single, shared fit (written <c>member_fit_seconds</c>; members on a tuning split are marked so). Then
    /// <see cref="FitSeconds"/> is the fusion's own stage only. Null for single models.
    /// </summary>
    public IReadOnlyDictionary<string, double>? MemberFitSeconds { get; init; }
}

/// <summary>
/// The result of an <see cref="Experiment"/>: serialises to the design card's results.json
/// (<c>{"dataset":{name,users,items,train,test},"k","seed","models":[{name,params,fit_seconds,recommend_seconds,metrics}]}</c>;
/// fusions add <c>member_fit_seconds</c> after <c>fit_seconds</c>)
/// and renders as an HTML table in notebooks (it is an <see cref="IHtmlContent"/>).
/// </summary>
public sealed class ExperimentResult : IHtmlContent
{
    /// <summary>Creates a result.</summary>
    public ExperimentResult(DatasetInfo dataset, int k, int seed, IReadOnlyList<ModelResult> models, IdMap? userIds = null, IdMap? itemIds = null)
    {
        Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        Models = models ?? throw new ArgumentNullException(nameof(models));
        K = k; Seed = seed; UserIds = userIds; ItemIds = itemIds;
    }

    /// <summary>The data set line.</summary>
    public DatasetInfo Dataset { get; }

    /// <summary>The cut-off.</summary>
    public int K { get; }

    /// <summary>The experiment seed.</summary>
    public int Seed { get; }

    /// <summary>One entry per model, in run order.</summary>
    public IReadOnlyList<ModelResult> Models { get; }

    /// <summary>User ids of the data set (for recommendation CSVs); null when read from JSON.</summary>
    public IdMap? UserIds { get; }

    /// <summary>Item ids of the data set; null when read from JSON.</summary>
    public IdMap? ItemIds { get; }

    /// <summary>Metric names across models, in first-seen order.</summary>
    public IReadOnlyList<string> MetricNames => Models.SelectMany(m => m.Metrics.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The model called <paramref name="name"/>; throws listing the names otherwise.</summary>
    public ModelResult this[string name] => Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No model '{name}' in this result; models: {string.Join(", ", Models.Select(m => m.Name))}.");

    /// <summary>results.json text (indented; NaN metrics are null).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("dataset");
            w.WriteString("name", Dataset.Name);
            w.WriteNumber("users", Dataset.Users);
            w.WriteNumber("items", Dataset.Items);
            w.WriteNumber("train", Dataset.Train);
            w.WriteNumber("test", Dataset.Test);
            if (Dataset.DroppedTestRows > 0)
            {
                w.WriteStartObject("test_dropped");
                w.WriteNumber("rows", Dataset.DroppedTestRows);
                w.WriteString("reason", Dataset.DroppedTestReason);
                w.WriteEndObject();
            }
            if (Dataset.ColdUserTestRows > 0 || Dataset.ColdItemTestRows > 0)
            {
                w.WriteStartObject("test_cold");
                w.WriteNumber("user_rows", Dataset.ColdUserTestRows);
                w.WriteNumber("item_rows", Dataset.ColdItemTestRows);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("k", K);
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("models");
            foreach (var m in Models)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                w.WriteStartObject("params");
                foreach (var (key, value) in m.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) WriteParameter(w, key, value);
                w.WriteEndObject();
                w.WriteNumber("fit_seconds", Math.Round(m.FitSeconds, 6));
                if (m.MemberFitSeconds is { } members)
                {
                    w.WriteStartObject("member_fit_seconds");
                    foreach (var (key, value) in members) w.WriteNumber(key, Math.Round(value, 6));
                    w.WriteEndObject();
                }
                w.WriteNumber("recommend_seconds", Math.Round(m.RecommendSeconds, 6));
                w.WriteStartObject("metrics");
                foreach (var (key, value) in m.Metrics)
                {
                    if (double.IsFinite(value)) w.WriteNumber(key, value);
                    else w.WriteNull(key);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Numbers and booleans keep their JSON type so tools reading results.json can compare parameters.
    private static void WriteParameter(Utf8JsonWriter w, string key, string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) w.WriteNumber(key, l);
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) w.WriteNumber(key, d);
        else if (bool.TryParse(value, out var b)) w.WriteBoolean(key, b);
        else w.WriteString(key, value);
    }

    /// <summary>Writes results.json to <paramref name="path"/> atomically (creating its folder; see <see cref="AtomicFile"/>).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, ToJson() + "\n");
    }

    /// <summary>Reads results.json text back (reports and id maps are not stored, so they are null).</summary>
    public static ExperimentResult FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var d = root.GetProperty("dataset");
        var info = new DatasetInfo(d.GetProperty("name").GetString() ?? "", d.GetProperty("users").GetInt32(), d.GetProperty("items").GetInt32(),
            d.GetProperty("train").GetInt32(), d.GetProperty("test").GetInt32());
        if (d.TryGetProperty("test_dropped", out var dropped))
            info = info with { DroppedTestRows = dropped.GetProperty("rows").GetInt32(), DroppedTestReason = dropped.GetProperty("reason").GetString() };
        if (d.TryGetProperty("test_cold", out var cold))
            info = info with { ColdUserTestRows = cold.GetProperty("user_rows").GetInt32(), ColdItemTestRows = cold.GetProperty("item_rows").GetInt32() };
        var models = new List<ModelResult>();
        foreach (var m in root.GetProperty("models").EnumerateArray())
        {
            var parameters = m.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in m.GetProperty("metrics").EnumerateObject())
                metrics[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? double.NaN : p.Value.GetDouble();
            var members = m.TryGetProperty("member_fit_seconds", out var mf)
                ? mf.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal) : null;
            models.Add(new ModelResult(m.GetProperty("name").GetString() ?? "", parameters,
                m.GetProperty("fit_seconds").GetDouble(), m.GetProperty("recommend_seconds").GetDouble(), metrics) { MemberFitSeconds = members });
        }
        return new ExperimentResult(info, root.GetProperty("k").GetInt32(), root.GetProperty("seed").GetInt32(), models);
    }

    /// <summary>
    /// Writes one CSV per model into <paramref name="directory"/>: <c>&lt;model&gt;.csv</c> with <c>user,item,rank,score</c>
    /// in the data set's original ids. Returns the paths written.
    /// </summary>
    public IReadOnlyList<string> WriteRecommendations(string directory) => WriteRecommendations(directory, "csv");

    /// <summary>
    /// Writes one file per model into <paramref name="directory"/>, <c>&lt;model&gt;.csv</c> or, with
    /// <paramref name="format"/> <c>parquet</c>, <c>&lt;model&gt;.parquet</c> (same columns, see
    /// <see cref="RecommendationLists.WriteParquet"/>). Returns the paths written.
    /// </summary>
    public IReadOnlyList<string> WriteRecommendations(string directory, string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var parquet = format.ToLowerInvariant() switch
        {
            "csv" => false,
            "parquet" => true,
            _ => throw new ArgumentException($"Recommendation format must be csv or parquet, got '{format}'.", nameof(format)),
        };
        ArgumentNullException.ThrowIfNull(directory);
        if (UserIds is null || ItemIds is null) throw new InvalidOperationException("This result has no id maps (it was read from JSON); recommendation lists are only available right after a run.");
        AtomicFile.CheckFolder(directory);
        var paths = new List<string>();
        foreach (var m in Models)
        {
            if (m.Report is null) continue;
            var safe = string.Concat(m.Name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == ' ' ? '_' : c));
            var path = Path.Combine(directory, safe + (parquet ? ".parquet" : ".csv"));
            if (parquet) m.Report.Recommendations.WriteParquet(path, UserIds, ItemIds);
            else AtomicFile.WriteText(path, writer => m.Report.Recommendations.WriteCsv(writer, UserIds, ItemIds));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>
    /// Writes the results table as Parquet: one row per model with <c>model</c> (text), <c>fit_seconds</c>,
    /// <c>recommend_seconds</c> and one DOUBLE column per metric (in <see cref="MetricNames"/> order; NULL where a
    /// model has no value). Parameters stay in results.json.
    /// </summary>
    public void WriteParquet(string path)
    {
        var models = Models;
        var columns = new List<Data.Files.ParquetColumn>
        {
            Data.Files.ParquetColumn.Text("model", r => models[r].Name),
            Data.Files.ParquetColumn.Double("fit_seconds", r => models[r].FitSeconds),
            Data.Files.ParquetColumn.Double("recommend_seconds", r => models[r].RecommendSeconds),
        };
        foreach (var metric in MetricNames)
            columns.Add(Data.Files.ParquetColumn.Double(metric, r => models[r].Metrics.TryGetValue(metric, out var v) ? v : double.NaN));
        Data.Files.ParquetTable.Write(path, models.Count, columns);
    }

    /// <summary>
    /// The results table as a DataFrame: <c>model</c> (string), <c>fit_seconds</c>, <c>recommend_seconds</c> and one
    /// double column per metric (<see cref="MetricNames"/> order; null where a model has no value).
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame()
    {
        var columns = new List<Microsoft.Data.Analysis.DataFrameColumn>
        {
            new Microsoft.Data.Analysis.StringDataFrameColumn("model", Models.Select(m => m.Name)),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("fit_seconds", Models.Select(m => m.FitSeconds)),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("recommend_seconds", Models.Select(m => m.RecommendSeconds)),
        };
        foreach (var metric in MetricNames)
            columns.Add(new Microsoft.Data.Analysis.DoubleDataFrameColumn(metric,
                Models.Select(m => m.Metrics.TryGetValue(metric, out var v) && !double.IsNaN(v) ? v : (double?)null)));
        return new Microsoft.Data.Analysis.DataFrame(columns);
    }

    /// <summary>The results table as an HTML fragment object (renders in notebooks).</summary>
    public ResultsTable ToHtml() => new(this);

    /// <inheritdoc />
    public void WriteTo(TextWriter writer, HtmlEncoder encoder) => ToHtml().WriteTo(writer, encoder);

    /// <inheritdoc />
    public override string ToString() => ToHtml().ToText();
}
