using ResearchKit.Data;
using ResearchKit.Features;

namespace ResearchKit.Tests.Features;

/// <summary>Features are fitted on the training log only: nothing after the temporal cut can change them.</summary>
public class LeakageTests
{
    private const long Cut = 10 * TinyShop.Day;

    private static readonly (int, int, long, EventKind)[] TestEvents =
    [
        (0, 1, Cut + 100, EventKind.View),
        (1, 2, Cut + 2 * TinyShop.Day, EventKind.Purchase),
        (2, 3, Cut + 3 * TinyShop.Day, EventKind.Cart),
    ];

    /// <summary>A temporal split at a fixed cut time, as <c>temporal</c> splits do.</summary>
    private static Dataset TrainPart(IEnumerable<(int, int, long, EventKind)> all) =>
        TinyShop.Build(all.Where(e => e.Item3 <= Cut), "tiny-train");

    private static void AssertIdentical(FeatureSet a, FeatureSet b)
    {
        Assert.Equal(a.Columns, b.Columns);
        var x = a.Data; var y = b.Data;
        Assert.Equal(x.Length, y.Length);
        for (var i = 0; i < x.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(x[i]) == BitConverter.SingleToInt32Bits(y[i]),
                $"{a.Columns[i % a.ColumnCount]} of row {i / a.ColumnCount}: {x[i]} != {y[i]}");
    }

    [Fact]
    public void Build_ShiftingOrAddingTestEvents_LeavesTrainingFeaturesUnchanged()
    {
        var original = TinyShop.TrainEvents.Concat(TestEvents).ToArray();
        var shifted = TinyShop.TrainEvents.Concat(TestEvents.Select(e => (e.Item1, e.Item2, e.Item3 + 5 * TinyShop.Day, EventKind.Purchase))).ToArray();
        var added = original.Concat([(2, 0, Cut + 1, EventKind.Purchase), (0, 3, Cut + 50 * TinyShop.Day, EventKind.View)]).ToArray();

        var users = UserFeatures.Build(TrainPart(original));
        var items = ItemFeatures.Build(TrainPart(original));
        foreach (var variant in new[] { shifted, added, TinyShop.TrainEvents })
        {
            AssertIdentical(users, UserFeatures.Build(TrainPart(variant)));
            AssertIdentical(items, ItemFeatures.Build(TrainPart(variant)));
        }
    }

    [Fact]
    public void Build_OnFullLog_DiffersFromTrain_SoTheLeakageTestCanFail()
    {
        var all = TinyShop.Build(TinyShop.TrainEvents.Concat(TestEvents));
        var leaky = UserFeatures.Build(all);
        var clean = UserFeatures.Build(TrainPart(TinyShop.TrainEvents.Concat(TestEvents)));
        Assert.NotEqual(clean.Column("recency_days"), leaky.Column("recency_days"));
        Assert.NotEqual(ItemFeatures.Build(TrainPart(TinyShop.TrainEvents.Concat(TestEvents))).Column("log_count"), ItemFeatures.Build(all).Column("log_count"));
    }
}
