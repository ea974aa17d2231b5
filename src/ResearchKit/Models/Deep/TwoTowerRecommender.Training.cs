using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ResearchKit.Models.Deep.Torch;
using ResearchKit.Numerics;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep;

/// <summary>Validation, early stopping and resumable checkpoints of <see cref="TwoTowerRecommender"/>.</summary>
public sealed partial class TwoTowerRecommender
{
    private const string CheckpointFile = "twotower.checkpoint";
    private const string CheckpointFormat = "researchkit.twotower.torchsharp.v1";

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
    private static double ValidationRecall(TwoTowerNetwork net, TrainingSet train, (int[] Users, int[] Items) validation, Device device)
    {
        var d = net.User.OutputSize;
        var u = Embed(net.User, train.UserItems, device, validation.Users);
        var v = Embed(net.Item, train.ItemUsers, device);
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

    /// <summary>The learned state (parameters and id-embedding tables, in <c>state_dict</c> order), copied to the host.</summary>
    private static float[][] Snapshot(TwoTowerNetwork net)
    {
        using var scope = NewDisposeScope();
        return net.state_dict().Values.Select(t => t.detach().cpu().contiguous().data<float>().ToArray()).ToArray();
    }

    private static void Restore(TwoTowerNetwork net, float[][] values)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var i = 0;
        foreach (var t in net.state_dict().Values) t.copy_(tensor(values[i++], t.shape, device: t.device));
    }

    /// <summary>
    /// Every option and data shape a resumed run must share with the one that wrote the checkpoint, as name=value pairs
    /// (feature matrices by a hash of their values). The device is not included: a run may resume on another one.
    /// </summary>
    private static string Fingerprint(TwoTowerOptions o, int users, int items, int pairs)
    {
        static string Features((float[] RowMajor, int Columns)? f) =>
            f is { } m ? $"{m.Columns}x{m.RowMajor.Length / m.Columns}:{Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(m.RowMajor.AsSpan())))[..16]}" : "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"users={users};items={items};pairs={pairs};dim={o.Dim};tower={string.Join('+', o.Tower)};activation={o.Activation};dropout={o.Dropout};" +
            $"epochs={o.Epochs};batch={o.BatchSize};lr={o.LearningRate};reg={o.WeightDecay};schedule={o.Schedule};temperature={o.Temperature};" +
            $"logq={o.LogQCorrection};negatives={o.RandomNegatives};iddropout={o.IdDropout};userfeatures={Features(o.UserFeatures)};" +
            $"itemfeatures={Features(o.ItemFeatures)};val={o.ValidationUsers};patience={o.Patience};seed={o.Seed}");
    }

    /// <summary>The settings that differ between two fingerprints, e.g. <c>lr: checkpoint 0.02, this run 0.01</c>.</summary>
    private static string Differences(string saved, string current)
    {
        static Dictionary<string, string> Parse(string f) => f.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var (a, b) = (Parse(saved), Parse(current));
        return string.Join("; ", b.Keys.Union(a.Keys).Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k}: checkpoint {a.GetValueOrDefault(k, "(none)")}, this run {b.GetValueOrDefault(k, "(none)")}"));
    }

    private static void SaveCheckpoint(string path, Run run, TrainingState state, string fingerprint, float[][]? best)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(CheckpointFormat);
            writer.Write(fingerprint);
            writer.Write(state.Epoch);
            writer.Write(state.BestEpoch);
            writer.Write(state.BestRecall);
            writer.Write(JsonSerializer.Serialize(state.History.Select(h => new[] { h.Epoch, h.Loss, h.ExamplesPerSecond, NanAsMinusOne(h.ValidationRecall), NanAsMinusOne(h.CpuSeconds) })));
            run.Net.save(writer);                                             // weights and id-embedding tables
            run.Dense?.save_state_dict(writer);                               // AdamW moments and step of the MLPs
            run.Sparse.Save(writer);                                          // lazy-Adam moments of the tables
            writer.Write(best is not null);
            if (best is not null)
            {
                var shapes = run.Net.state_dict().Values.Select(t => t.shape).ToList();
                for (var i = 0; i < best.Length; i++) TensorIO.Write(writer, best[i], shapes[i]);
            }
        }
        File.Move(temp, path, overwrite: true);                               // write, then rename: never a half-written checkpoint
    }

    private static double NanAsMinusOne(double x) => double.IsNaN(x) ? -1 : x;

    /// <summary>Loads a checkpoint written by a run with the same fingerprint; one written with other settings is an error.</summary>
    private static TrainingState Resume(string path, Run run, string fingerprint)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var format = reader.ReadString();
        if (format != CheckpointFormat) throw new InvalidDataException($"{path}: not a {CheckpointFormat} checkpoint (found '{format}'); delete it or choose another checkpoint directory.");
        var saved = reader.ReadString();
        if (saved != fingerprint)
            throw new InvalidOperationException($"{path} was written by a twotower run with other settings ({Differences(saved, fingerprint)}); " +
                "resume with the same settings, or delete the checkpoint / choose another checkpoint directory to start afresh.");
        var state = new TrainingState { Epoch = reader.ReadInt32(), BestEpoch = reader.ReadInt32(), BestRecall = reader.ReadDouble() };
        var history = JsonSerializer.Deserialize<double[][]>(reader.ReadString()) ?? [];
        state.History = history.Select(h => new TwoTowerEpoch((int)h[0], h[1], h[2], h[3] < 0 ? double.NaN : h[3], h[4] < 0 ? double.NaN : h[4])).ToArray();
        run.Net.load(reader);
        run.Dense?.load_state_dict(reader);
        run.Sparse.Load(reader);
        if (reader.ReadBoolean())
            state.BestParameters = run.Net.state_dict().Values.Select(t => TensorIO.Read(reader, t.shape)).ToArray();
        return state;
    }
}
