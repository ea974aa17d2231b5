using System.Text;
using ResearchKit.Serialization;

namespace ResearchKit.Tests.Serialization;

public class SafeTensorsFileTests
{
    // Assembled by hand from the format description: u64 LE header length (144 = 141 bytes of JSON + 3 spaces),
    // the JSON header, then F32 [1, -2] and I32 [7] little-endian.
    private const string FixtureJson =
        "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";

    private static byte[] Fixture()
    {
        var bytes = new List<byte> { 144, 0, 0, 0, 0, 0, 0, 0 };
        bytes.AddRange(Encoding.UTF8.GetBytes(FixtureJson));
        bytes.AddRange("   "u8.ToArray());
        bytes.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F }); // 1.0f
        bytes.AddRange(new byte[] { 0x00, 0x00, 0x00, 0xC0 }); // -2.0f
        bytes.AddRange(new byte[] { 0x07, 0x00, 0x00, 0x00 }); // 7
        return [.. bytes];
    }

    [Fact]
    public void Read_HandAssembledFixture_GivesValuesShapesAndMetadata()
    {
        var file = SafeTensorsFile.Read(new MemoryStream(Fixture()));
        Assert.Equal([1f, -2f], file.GetFloat32("a", out var shapeA));
        Assert.Equal([2], shapeA);
        Assert.Equal([7], file.GetInt32("b", out var shapeB));
        Assert.Equal([1, 1], shapeB);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Write_SameContent_ReproducesFixtureBytes()
    {
        var file = new SafeTensorsFile();
        file.Metadata["format"] = "pt";
        file.Add("a", [1f, -2f], 2);
        file.Add("b", new[] { 7 }, 1, 1);
        var ms = new MemoryStream();
        file.Write(ms);
        Assert.Equal(Fixture(), ms.ToArray());
        Assert.Equal(0, (ms.Length - 12) % 8); // data starts 8-byte aligned
    }

    [Fact]
    public void SaveLoad_RoundTrip_PreservesEverything()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            var f = new SafeTensorsFile();
            var m = Enumerable.Range(0, 12).Select(i => i * 0.5f - 3f).ToArray();
            f.Add("w", m, 3, 4);
            f.Add("ids", new[] { 5, -1, 9 }, 3);
            f.Add("d", new[] { Math.PI }, 1);
            f.Add("empty", ReadOnlySpan<float>.Empty, 0, 4);
            f.Metadata["model"] = "als";
            f.Save(path);
            var g = SafeTensorsFile.Load(path);
            Assert.Equal(m, g.GetFloat32("w", out var s));
            Assert.Equal([3, 4], s);
            Assert.Equal([5, -1, 9], g.GetInt32("ids", out _));
            Assert.Equal([Math.PI], g.GetFloat64("d", out _));
            Assert.Empty(g.GetFloat32("empty", out var se));
            Assert.Equal([0, 4], se);
            Assert.Equal("als", g.Metadata["model"]);
            Assert.Equal(["w", "ids", "d", "empty"], g.Names);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Add_ShapeMismatch_ThrowsNamingTensor()
    {
        var e = Assert.Throws<ArgumentException>(() => new SafeTensorsFile().Add("w", [1f, 2f, 3f], 2, 2));
        Assert.Contains("'w'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsInvalidData()
    {
        var bytes = Fixture()[..^2];
        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void GetFloat32_WrongDType_Throws()
    {
        var file = SafeTensorsFile.Read(new MemoryStream(Fixture()));
        Assert.Throws<InvalidDataException>(() => file.GetFloat32("b", out _));
        Assert.Throws<KeyNotFoundException>(() => file.GetFloat32("zz", out _));
    }
}
