using ResearchKit.Data;
using ResearchKit.Data.Export;
using ResearchKit.Data.Synthetic;
using ResearchKit.Tests.Data.Loaders;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Tests.Data.Export;

public class ShopCsvTests
{
    /// <summary>
    /// data/sample/ must be exactly what the generator makes with <see cref="SyntheticShopOptions.Sample"/>.
    /// After a deliberate generator change, regenerate with KIT_REGENERATE_SAMPLE=1 and commit the files.
    /// </summary>
    [Fact]
    public void CommittedSample_EqualsGeneratorOutput()
    {
        var shop = SyntheticShop.Generate(SyntheticShopOptions.Sample).Dataset;
        var sample = Path.Combine(RepoRoot.Path, "data", "sample");
        if (Environment.GetEnvironmentVariable("KIT_REGENERATE_SAMPLE") == "1") ShopCsv.Write(shop, sample);
        using var dir = new TempDir();
        ShopCsv.Write(shop, dir.Root);
        foreach (var file in new[] { ShopCsv.EventsFile, ShopCsv.ItemsFile, ShopCsv.UsersFile })
        {
            var committed = Path.Combine(sample, file);
            Assert.True(File.Exists(committed), $"{committed} is missing; run the tests with KIT_REGENERATE_SAMPLE=1.");
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.Root, file))),
                $"{committed} differs from the generator's output; regenerate with KIT_REGENERATE_SAMPLE=1 if the change is intended.");
            Assert.True(new FileInfo(committed).Length < 4_000_000, $"{file} should stay small.");
        }
    }

    [Fact]
    public void WriteThenLoad_RoundTripsLogCatalogAndUsers()
    {
        using var dir = new TempDir();
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 150, Items = 80, Seed = 2 }).Dataset;
        ShopCsv.Write(shop, dir.Root);
        var back = DataSpec.Load($"shop:{dir.Root}");
        Assert.Equal(shop.Interactions.Count, back.Interactions.Count);
        Assert.Equal(shop.Interactions.Kinds.ToArray(), back.Interactions.Kinds.ToArray());
        Assert.Equal(shop.Interactions.Timestamps.ToArray(), back.Interactions.Timestamps.ToArray());
        var item = shop.Interactions.Items[5];
        var backItem = back.ItemIds.ToDense(shop.ItemIds.ToExternal(item));
        Assert.Equal(shop.Items!.Title[item], back.Items!.Title[backItem]);
        Assert.Equal(shop.Items.Price[item], back.Items.Price[backItem], 2);
        Assert.Equal(shop.Items.CategoryNames.ToExternal(shop.Items.Category[item]), back.Items.CategoryNames.ToExternal(back.Items.Category[backItem]));
        var user = shop.Interactions.Users[0];
        var backUser = back.UserIds.ToDense(shop.UserIds.ToExternal(user));
        Assert.Equal(shop.Users!.Categorical("region")[user], back.Users!.Categorical("region")[backUser]);
        Assert.Equal(shop.Users.Numeric("age")[user], back.Users.Numeric("age")[backUser]);
    }
}
