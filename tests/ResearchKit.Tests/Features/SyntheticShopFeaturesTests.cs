using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;
using ResearchKit.Features;
using ResearchKit.Features.Decomposition;
using ResearchKit.Features.Transforms;

namespace ResearchKit.Tests.Features;

/// <summary>Features on the kit's synthetic shop: invariants, leakage on a realistic log, and planted structure recovered.</summary>
public class SyntheticShopFeaturesTests
{
    private static readonly SyntheticShop Shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 800, Items = 300, Seed = 7 });
    private static readonly DataSplit Split = Splits.Temporal(Shop.Dataset, 0.8);

    [Fact]
    public void Build_OnShop_CountsAndSharesAreConsistent()
    {
        var users = UserFeatures.Build(Split.Train);
        var items = ItemFeatures.Build(Split.Train);
        Assert.Equal(Shop.Dataset.UserCount, users.Rows);
        Assert.Equal(Shop.Dataset.ItemCount, items.Rows);
        Assert.Equal(Split.Train.Interactions.Count, users.Column("frequency").Sum());
        var shares = users.Columns.Where(c => c.StartsWith("cat_share:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Shop.Dataset.Items!.CategoryNames.Count, shares.Length);
        for (var u = 0; u < users.Rows; u++)
        {
            double sum = 0;
            foreach (var c in shares) sum += users[u, c];
            Assert.Equal(1.0, sum, 4);
        }
        Assert.All(users.Column("price_pct_mean").Where(v => !float.IsNaN(v)), v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(users.Columns, c => c.StartsWith("attr:region=", StringComparison.Ordinal));
        Assert.All(items.Column("price_bucket").Where(v => !float.IsNaN(v)), v => Assert.InRange(v, 0f, 4f));
    }

    [Fact]
    public void Build_MovingAndAddingTestEvents_LeavesShopFeaturesUnchanged()
    {
        var log = Shop.Dataset.Interactions;
        // Every row after the training log's last timestamp is test period (Temporal cuts by time).
        var cut = long.MinValue;
        foreach (var t in Split.Train.Interactions.Timestamps) cut = Math.Max(cut, t + 1);
        var before = new InteractionsBuilder(); var mutated = new InteractionsBuilder();
        for (var r = 0; r < log.Count; r++)
        {
            var t = log.Timestamps[r];
            before.Add(log.Users[r], log.Items[r], log.Values[r], t, log.Kinds[r]);
            // Test period: shift later by a week and turn every view into a purchase, plus one extra event each.
            if (t >= cut)
            {
                mutated.Add(log.Users[r], log.Items[r], log.Values[r], t + 7 * 86_400, EventKind.Purchase);
                mutated.Add(log.Users[r], (log.Items[r] + 1) % Shop.Dataset.ItemCount, 1f, t + 60, EventKind.Cart);
            }
            else mutated.Add(log.Users[r], log.Items[r], log.Values[r], t, log.Kinds[r]);
        }
        Dataset TrainOf(Interactions all)
        {
            var keep = new bool[all.Count];
            for (var r = 0; r < all.Count; r++) keep[r] = all.Timestamps[r] < cut;
            return Shop.Dataset.WithInteractions(all.Where(keep), "train");
        }
        var a = TrainOf(before.Build()); var b = TrainOf(mutated.Build());
        Assert.Equal(UserFeatures.Build(a).Data.ToArray(), UserFeatures.Build(b).Data.ToArray());
        Assert.Equal(ItemFeatures.Build(a).Data.ToArray(), ItemFeatures.Build(b).Data.ToArray());
        Assert.Equal(UserFeatures.Build(a).Data.ToArray(), UserFeatures.Build(Split.Train.WithInteractions(Split.Train.Interactions, "train")).Data.ToArray());
    }

    [Fact]
    public void PriceSensitivity_CorrelatesNegativelyWithPlantedBeta()
    {
        var pct = UserFeatures.Build(Shop.Dataset).Column("price_pct_mean");
        var beta = Shop.PriceSensitivity;
        var xs = new List<double>(); var ys = new List<double>();
        for (var u = 0; u < pct.Length; u++) if (!float.IsNaN(pct[u])) { xs.Add(pct[u]); ys.Add(beta[u]); }
        double mx = xs.Average(), my = ys.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < xs.Count; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) * (xs[i] - mx); syy += (ys[i] - my) * (ys[i] - my); }
        var r = sxy / Math.Sqrt(sxx * syy);
        Assert.True(r < -0.1, $"corr(price percentile bought, planted β) = {r:F3}, expected clearly negative");
    }

    [Fact]
    public void Pipeline_ImputeScalePca_OnShopUsers()
    {
        var users = UserFeatures.Build(Split.Train);
        var pipeline = new FeaturePipeline(new Imputer(ImputeStrategy.Median), new Log1pTransformer(), new StandardScaler(), new VarianceThreshold(), new Pca(8));
        var z = pipeline.FitTransform(users);
        Assert.Equal(8, z.ColumnCount);
        var pca = (Pca)pipeline.Steps[^1];
        for (var j = 1; j < 8; j++) Assert.True(pca.ExplainedVarianceRatio[j] <= pca.ExplainedVarianceRatio[j - 1] + 1e-9);
        Assert.InRange(pca.ExplainedVarianceRatio.Sum(), 0.2, 1.0);
        Assert.DoesNotContain(z.Data.ToArray(), float.IsNaN);
        Assert.Equal(5, z.Provenance.Steps.Count);
    }
}
