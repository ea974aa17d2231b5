using System.Buffers.Binary;
using ResearchKit.Models;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Serialization;
using ResearchKit.Tests.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Reliability;

/// <summary>Model files that lie — flipped bytes, NaN, truncation, bad neighbour indices — are refused, naming the file.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-modelfile-").FullName;
    private readonly TrainingSet _train = CfFixtures.DataFor("itemknn");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Saved(string name)
    {
        var model = CfFixtures.Create(name);
        model.Fit(_train);
        var path = Path.Combine(_dir, name + ".safetensors");
        ((IPersistentRecommender)model).Save(path);
        return path;
    }

    // Rewrites a saved file through SafeTensorsFile with a change, re-stamping a valid checksum (a "clever" corruption).
    private static void Rewrite(string path, Action<SafeTensorsFile> change)
    {
        var file = SafeTensorsFile.Load(path);
        change(file);
        file.Metadata[ModelFile.ChecksumKey] = file.ContentChecksum(ModelFile.ChecksumKey);
        file.Save(path);
    }

    [Fact]
    public void Load_FlippedPayloadByte_ChecksumMismatchNamesFile()
    {
        var path = Saved("als");
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, _train));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    public void Load_TruncatedHeader_ClearErrorNamesFile(int keep)
    {
        var path = Saved("ease");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, _train));
        Assert.StartsWith(path + ": truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeaderLengthBeyondFile_ClearError()
    {
        var path = Saved("bpr");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 50_000_000);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, _train));
        Assert.Contains("truncated: the header is 50,000,000 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NaNWithValidChecksum_FinitenessCheckNamesTensor()
    {
        var path = Saved("als");
        Rewrite(path, f =>
        {
            var name = f.Names.First(n => f.Get(n).DType == SafeTensorDType.F32);
            var values = f.GetFloat32(name, out var shape);
            values[3] = float.NaN;
            f.Add(name, values, shape);
        });
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, _train));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("holds NaN at element 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ItemKnnNeighbourOutOfRange_InvalidDataNotIndexOutOfRange()
    {
        var path = Saved("itemknn");
        Rewrite(path, f =>
        {
            var items = f.GetInt32("neighbor_items", out var shape);
            items[0] = 1_000_000;
            f.Add("neighbor_items", items, shape);
        });
        var e = Assert.Throws<InvalidDataException>(() => ItemKnnRecommender.Load(path, _train));
        Assert.Contains("'neighbor_items' holds item 1000000 at element 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoChecksum_IsRefused()
    {
        var path = Saved("random");
        var file = SafeTensorsFile.Load(path);
        file.Metadata.Remove(ModelFile.ChecksumKey);
        file.Save(path);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, _train));
        Assert.Contains("has no checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_Intact_RoundTripsScores()
    {
        var path = Saved("mf");
        var loaded = ModelFile.Load(path, _train);
        Assert.Equal("mf", loaded.Name);
    }
}
