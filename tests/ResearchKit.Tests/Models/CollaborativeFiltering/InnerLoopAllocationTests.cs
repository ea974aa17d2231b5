using ResearchKit.Models;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public class AllocationCollection;

/// <summary>Measures process-wide allocation, so it runs alone (no other test allocating meanwhile).</summary>
[Collection(nameof(AllocationCollection))]
public class InnerLoopAllocationTests
{
    [Theory]
    [InlineData("als(factors=8,iterations=1,threads=1)", "als(factors=8,iterations=5,threads=1)")]
    [InlineData("bpr(factors=8,iterations=1,threads=1)", "bpr(factors=8,iterations=5,threads=1)")]
    [InlineData("mf(factors=8,iterations=1)", "mf(factors=8,iterations=5)")]
    public void Fit_ExtraIterations_AllocateNothingPerInteraction(string one, string five)
    {
        // A larger data set so that per-interaction allocation would dominate: 2000 users × 100 items (≈ 50k pairs).
        var train = Bigger();
        _ = train.UserItems; _ = train.ItemUsers;
        long Measure(string spec)
        {
            var model = ModelRegistry.Create(spec);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            model.Fit(train);
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        Measure(one); // warm up the JIT
        var extra = Measure(five) - Measure(one);
        var perInteraction = extra / (4.0 * train.UserItems.Nnz);
        Assert.True(perInteraction < 1.0, $"{five}: {extra} extra bytes over 4 extra iterations = {perInteraction:F2} B per interaction");
    }

    private static TrainingSet Bigger()
    {
        var rng = new Random(1);
        var b = new ResearchKit.Data.InteractionsBuilder();
        for (var u = 0; u < 2000; u++)
            for (var i = 0; i < 100; i++)
                if (i % 2 == u % 2 && rng.NextDouble() < 0.5) b.Add(u, i, 1 + rng.Next(5));
        return CfFixtures.Wrap("bigger", b.Build(), 2000, 100);
    }
}
