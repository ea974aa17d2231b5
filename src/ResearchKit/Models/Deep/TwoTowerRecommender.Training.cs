using System.Globalization;
using System.Text.Json;
using ResearchKit.Numerics;
using ResearchKit.Serialization;
using ResearchKit.Tensors.Optimizers;

namespace ResearchKit.Models.Deep;

/// <summary>Validation, early stopping and resumable checkpoints of <see cref="TwoTowerRecommender"/>.</summary>
public sealed partial class TwoTowerRecommender
{
    /// <summary>Where training stands: what a checkpoint stores besides the weights and optimizer moments.</summary>
    private sealed class TrainingState
    {
        public int Epoch { get; set; }
        public int BestEpoch { get; set; }
        public double BestRecall { get; set; } = double.NegativeInfinity;
        public TwoTowerEpoch[] History { get; set; } = [];
        public float[][]? BestParameters { get; set; }
    }

    /// <summary>recall@10 of each validation user's held-out item among all items (training items excluded).</summary>
    private double ValidationRecall(Network net, TrainingSet train, (int[] Users, int[] Items) validation)
    {
        var d = net.User.OutputSize;
        var u = Embed(net.User, train.UserItems, validation.Users);
        var v = Embed(net.Item, train.ItemUsers);
        var n = train.ItemCount;
        const int chunk = 256;
        var scores = new float[chunk * n];
        var hits = 0;
        for (var s = 0; s < validation.Users.Length; s += chunk)
        {
            var rows = Math.Min(chunk, validation.Users.Length - s);
            Blas.Sgemm(false, true, rows, n, d, 1f, u.AsSpan(s * d, rows * d), d, v, d, 0f, scores, n);
            for (var r = 0; r < rows; r++)
            {
                var row = scores.AsSpan(r * n, n);
                var user = validation.Users[s + r]; var target = validation.Items[s + r];
                foreach (var i in train.UserItems.RowIndices(user)) if (i != target) row[i] = float.NegativeInfinity;
                if (Array.IndexOf(TopK.Select(row, 10).Items, target) >= 0) hits++;
            }
        }
        return (double)hits / validation.Users.Length;
    }

    private static float[][] Snapshot(Network net) => net.Parameters().Select(p => (float[])p.Data.Clone()).ToArray();

    private static void Restore(Network net, float[][] values)
    {
        var parameters = net.Parameters();
        for (var i = 0; i < parameters.Count; i++) values[i].CopyTo(parameters[i].Data, 0);
    }

    /// <summary>What must match for a checkpoint to be resumed: data shape and every option that changes the network or the data order.</summary>
    private static string Fingerprint(TwoTowerOptions o, int users, int items, int pairs)
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"users={users};items={items};pairs={pairs};dim={o.Dim};tower={string.Join('x', o.Tower)};act={o.Activation};batch={o.BatchSize};epochs={o.Epochs};seed={o.Seed};uf={o.UserFeatures?.Columns};if={o.ItemFeatures?.Columns};val={o.ValidationUsers}");
    }

    private static void SaveCheckpoint(string path, Network net, List<Optimizer> optimizers, TrainingState state, string fingerprint, float[][]? best)
    {
        var file = new SafeTensorsFile();
        var named = net.NamedParameters().ToList();
        foreach (var (name, p) in named) file.Add(name, p.Data, p.Shape);
        foreach (var opt in optimizers) opt.SaveState(file, named);
        if (best is not null)
            for (var i = 0; i < named.Count; i++) file.Add("best." + named[i].Name, best[i], named[i].Parameter.Shape);
        file.Metadata["format"] = "researchkit.twotower";
        file.Metadata["fingerprint"] = fingerprint;
        file.Metadata["epoch"] = state.Epoch.ToString(CultureInfo.InvariantCulture);
        file.Metadata["best_epoch"] = state.BestEpoch.ToString(CultureInfo.InvariantCulture);
        file.Metadata["best_recall"] = state.BestRecall.ToString("R", CultureInfo.InvariantCulture);
        file.Metadata["history"] = JsonSerializer.Serialize(state.History.Select(h => new[] { h.Epoch, h.Loss, h.ExamplesPerSecond, double.IsNaN(h.ValidationRecall) ? -1 : h.ValidationRecall, double.IsNaN(h.CpuSeconds) ? -1 : h.CpuSeconds }));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        file.Save(path + ".tmp");                                   // write, then rename: never a half-written checkpoint
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Loads a checkpoint written with the same fingerprint; a different one is ignored (training restarts and overwrites it).</summary>
    private static TrainingState Resume(string path, Network net, List<Optimizer> optimizers, string fingerprint)
    {
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("fingerprint", out var saved) || saved != fingerprint) return new TrainingState();
        var named = net.NamedParameters().ToList();
        foreach (var (name, p) in named) file.GetFloat32(name, out _).CopyTo(p.Data, 0);
        foreach (var opt in optimizers) opt.LoadState(file, named);
        var history = JsonSerializer.Deserialize<double[][]>(file.Metadata["history"]) ?? [];
        return new TrainingState
        {
            Epoch = int.Parse(file.Metadata["epoch"], CultureInfo.InvariantCulture),
            BestEpoch = int.Parse(file.Metadata["best_epoch"], CultureInfo.InvariantCulture),
            BestRecall = double.Parse(file.Metadata["best_recall"], CultureInfo.InvariantCulture),
            History = history.Select(h => new TwoTowerEpoch((int)h[0], h[1], h[2], h[3] < 0 ? double.NaN : h[3], h.Length > 4 && h[4] >= 0 ? h[4] : double.NaN)).ToArray(),
            BestParameters = named.All(n => file.Contains("best." + n.Name)) ? named.Select(n => file.GetFloat32("best." + n.Name, out _)).ToArray() : null,
        };
    }
}
