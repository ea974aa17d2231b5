using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using ResearchKit.Evaluation;
using ResearchKit.Serialization;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit evaluate --recs FILE --truth FILE [--train FILE] [--k 10] [--out metrics.json]</c>: metrics of recommendation
/// lists made by any tool (see <see cref="ExternalEvaluation"/> for the file formats and rules).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var recs = new Option<string>("--recs") { Description = "Recommendations CSV with header user,item[,rank|score].", Required = true };
        var truth = new Option<string>("--truth") { Description = "Held-out interactions CSV with header user,item.", Required = true };
        var train = new Option<string?>("--train") { Description = "Training interactions CSV (user,item): its items are removed from the lists; enables novelty, ARP, diversity, serendipity." };
        var k = new Option<int>("--k") { Description = "Cut-off of the @k metrics.", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Write the metrics as JSON to this file." };
        var command = new Command("evaluate", "Evaluate recommendation lists from any tool against held-out truth.") { recs, truth, train, k, output };
        command.SetAction(parse => CliErrors.Guard("evaluate", () =>
        {
            if (parse.GetValue(k) < 1) throw new ArgumentException($"--k must be ≥ 1, got {parse.GetValue(k)}.");
            if (parse.GetValue(output) is { } outPath) AtomicFile.CheckFile(outPath);
            var options = new EvaluationOptions { K = parse.GetValue(k) };
            var result = ExternalEvaluation.EvaluateFiles(parse.GetValue(recs)!, parse.GetValue(truth)!, parse.GetValue(train), options);
            var report = result.Report;
            MetricsTables.Write(MetricsTables.ForReport($"{report.Model}: {report.UserCount:N0} users evaluated", report));
            if (result.TruthUsersWithoutRecommendations > 0)
                Console.Error.WriteLine($"kit evaluate: note: {result.TruthUsersWithoutRecommendations:N0} truth user(s) have no recommendations and were not evaluated (as in Microsoft Recommenders).");
            if (parse.GetValue(output) is { } path) Write(path, parse, recs, truth, train, result);
            return 0;
        }));
        return command;
    }

    private static void Write(string path, ParseResult parse, Option<string> recs, Option<string> truth, Option<string?> train, ExternalEvaluationResult result)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            WriteJson(w, parse, recs, truth, train, result);
        });
    }

    private static void WriteJson(Utf8JsonWriter w, ParseResult parse, Option<string> recs, Option<string> truth, Option<string?> train, ExternalEvaluationResult result)
    {
        w.WriteStartObject();
        w.WriteString("recs", parse.GetValue(recs));
        w.WriteString("truth", parse.GetValue(truth));
        if (parse.GetValue(train) is { } t) w.WriteString("train", t); else w.WriteNull("train");
        w.WriteNumber("k", result.Report.K);
        w.WriteNumber("users", result.Report.UserCount);
        w.WriteNumber("truth_users_without_recommendations", result.TruthUsersWithoutRecommendations);
        w.WriteStartObject("metrics");
        foreach (var name in result.Report.MetricNames)
        {
            var v = result.Report.Aggregates[name];
            if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
