namespace ResearchKit.Tests.Cli;

public sealed class TorchCommandTests
{
    [Fact]
    public void Torch_Cpu_LoadsTorchSharpAndPrintsTheKnownProduct()
    {
        var (code, stdout, error) = KitProcess.Run(Path.GetTempPath(), "torch", "--device", "cpu");
        Assert.True(code == 0, error + stdout);
        Assert.Contains("[[1,2],[3,4]]² = [[7,10],[15,22]]", stdout, StringComparison.Ordinal);
        Assert.Contains("device: cpu", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Torch_CudaWithoutCuda_ExitsTwoNamingTheBuildSwitch()
    {
        var (_, probe, _) = KitProcess.Run(Path.GetTempPath(), "torch");
        if (!probe.Contains("cuda available: False", StringComparison.Ordinal)) return;   // a CUDA build on a GPU machine
        var (code, _, error) = KitProcess.Run(Path.GetTempPath(), "torch", "--device", "cuda");
        Assert.Equal(2, code);
        Assert.Contains("-p:TorchDevice=cuda", error, StringComparison.Ordinal);
    }
}
