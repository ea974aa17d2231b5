using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using ResearchKit.Fusion;
using ResearchKit.Serialization;

namespace ResearchKit.Tests.Fusion;

public class TreeEnsembleTests
{
    private sealed class Scored
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Score_CopiedFastTreeRanker_MatchesMlNetPredictions()
    {
        const int features = 5, groups = 40, perGroup = 15;
        var rng = new Random(1);
        var rows = new List<RankRow>();
        for (var g = 1; g <= groups; g++)
            for (var r = 0; r < perGroup; r++)
            {
                var x = Enumerable.Range(0, features).Select(_ => (float)rng.NextDouble()).ToArray();
                rows.Add(new RankRow { GroupId = (uint)g, Features = x, Label = x[0] + (0.5f * x[3]) > 0.9f ? 1 : 0 });
            }
        var ml = new MLContext(3);
        var schema = SchemaDefinition.Create(typeof(RankRow));
        schema[nameof(RankRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        schema[nameof(RankRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), groups);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var model = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = "Label", FeatureColumnName = "Features", RowGroupColumnName = "GroupId",
            NumberOfTrees = 20, NumberOfLeaves = 6, MinimumExampleCountPerLeaf = 5, NumberOfThreads = 1,
        }).Fit(data);
        var expected = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Score).ToArray();

        var trees = TreeEnsemble.From(model.Model.TrainedTreeEnsemble);
        var file = new SafeTensorsFile();
        trees.Save(file, "t.");
        var loaded = TreeEnsemble.Load(file, "t.", features);
        Assert.Equal(20, loaded.Trees);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], trees.Score(rows[i].Features), 1e-4);
            Assert.Equal(trees.Score(rows[i].Features), loaded.Score(rows[i].Features));
        }
        // The planted rule is learned: relevant rows outscore irrelevant ones on average.
        var relevant = rows.Select((r, i) => (r, i)).Where(p => p.r.Label > 0).Average(p => expected[p.i]);
        var irrelevant = rows.Select((r, i) => (r, i)).Where(p => p.r.Label == 0).Average(p => expected[p.i]);
        Assert.True(relevant > irrelevant + 0.5, $"relevant {relevant}, irrelevant {irrelevant}");
    }
}
