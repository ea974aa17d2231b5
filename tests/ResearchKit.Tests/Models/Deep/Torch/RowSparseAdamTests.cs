using ResearchKit.Models.Deep.Torch;
using static TorchSharp.torch;

namespace ResearchKit.Tests.Models.Deep.Torch;

[Collection(ResearchKit.Tests.Models.Deep.TorchCollection.Name)]
public sealed class RowSparseAdamTests
{
    [Fact]
    public void Update_EveryRowTouched_MatchesTorchAdam()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var start = randn([5, 3], generator: generator);                       // (5, 3)
        var target = randn([5, 3], generator: generator);                      // (5, 3)
        var sparseTable = start.clone();
        var denseTable = new TorchSharp.Modules.Parameter(start.clone());
        var sparse = new RowSparseAdam(0.05);
        sparse.Add(sparseTable);
        using var dense = optim.Adam([denseTable], 0.05);
        var rows = arange(5, ScalarType.Int64);                                // (5)
        for (var step = 0; step < 10; step++)
        {
            var leaf = sparseTable.index_select(0, rows).requires_grad_(true); // (5, 3)
            (leaf - target).pow(2).sum().backward();
            sparse.Advance();
            sparse.Update(0, rows, leaf.grad!);

            dense.zero_grad();
            (denseTable - target).pow(2).sum().backward();
            dense.step();
        }
        var difference = (sparseTable - denseTable.detach()).abs().max().item<float>();
        Assert.True(difference < 1e-5f, $"max |sparse - dense| = {difference}");
        Assert.True((sparseTable - start).abs().max().item<float>() > 0.1f, "the table did not move");
    }

    [Fact]
    public void Update_SomeRowsTouched_LeavesTheOthersUnchanged()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var table = randn([6, 4], generator: new Generator(3));                // (6, 4)
        var before = table.clone();
        var sparse = new RowSparseAdam(0.1);
        sparse.Add(table);
        var rows = tensor(new long[] { 1, 4 });                                // (2)
        sparse.Advance();
        sparse.Update(0, rows, ones([2, 4]));
        var changed = (table - before).abs().sum(1).data<float>().ToArray();   // (6)
        Assert.Equal([false, true, false, false, true, false], changed.Select(c => c > 0).ToArray());
        // First Adam step moves each touched weight by η (m̂ = g, v̂ = g²).
        Assert.Equal(-0.1f, (table - before)[1, 0].item<float>(), 5);
    }
}
