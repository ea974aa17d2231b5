using System.Security.Cryptography;
using System.Xml.Linq;
using ResearchKit.Models.Deep.Torch;
using ResearchKit.Tests.Shared;
using TorchSharp;

namespace ResearchKit.Tests.Models.Deep.Torch;

[Collection(ResearchKit.Tests.Models.Deep.TorchCollection.Name)]
public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_TestHost_RunsAMatrixProductWithTheKnownAnswer()
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.EnsureLoaded();                                      // idempotent
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);         // (2, 2)
        Assert.Equal([7f, 10f, 15f, 22f], a.matmul(a).data<float>().ToArray());
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(File.Exists(TorchRuntime.GlueLibraryPath));
        Assert.True(File.Exists(Path.Combine(TorchRuntime.LibTorchDirectory!, "libtorch_cpu.so")));
        Assert.Equal(TorchRuntime.UsesCompatCopy, TorchRuntime.GlueLibraryPath!.StartsWith(TorchRuntime.CompatCacheRoot, StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureLoaded_CompatCopy_LeavesTheShippedGlueUnchanged()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux() || !TorchRuntime.UsesCompatCopy) return;
        var source = new ElfVersionNeeds(File.ReadAllBytes(TorchRuntime.GlueSourcePath!), "source");
        var copy = new ElfVersionNeeds(File.ReadAllBytes(TorchRuntime.GlueLibraryPath!), "copy");
        Assert.Contains(source.Needs(), n => n.Version == "GLIBCXX_3.4.32" && !n.Weak);
        Assert.Contains(copy.Needs(), n => n.Version == "GLIBCXX_3.4.32" && n.Weak);
        var folder = Path.GetFileName(Path.GetDirectoryName(TorchRuntime.GlueLibraryPath))!;
        Assert.StartsWith(folder, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TorchRuntime.GlueSourcePath!))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void ResolveDevice_Cpu_IsTheCpu(string name) => Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice(name).type);

    [Fact]
    public void ResolveDevice_Auto_IsCudaExactlyWhenAvailable()
    {
        var expected = torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, TorchRuntime.ResolveDevice("auto").type);
        if (expected == DeviceType.CPU)
            Assert.Contains("-p:TorchDevice=cuda", Assert.Throws<NotSupportedException>(() => TorchRuntime.ResolveDevice("cuda")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveDevice_UnknownName_ThrowsNamingTheChoices() =>
        Assert.Contains("cpu, cuda or auto", Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu")).Message, StringComparison.Ordinal);

    [Fact]
    public void LibTorchVersion_MatchesThePinnedPackages()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot.Path, "Directory.Packages.props"));
        var pinned = props.Descendants("PackageVersion").Where(e => ((string?)e.Attribute("Include"))?.StartsWith("libtorch-cpu-", StringComparison.Ordinal) == true)
            .Select(e => (string?)e.Attribute("Version")).Distinct().ToList();
        Assert.Equal([TorchRuntime.LibTorchVersion], pinned);
    }
}
