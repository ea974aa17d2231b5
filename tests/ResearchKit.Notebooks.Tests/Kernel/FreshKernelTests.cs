using System.Diagnostics;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Kernel;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Notebooks.Tests.Kernel;

/// <summary>
/// A new user's first cells: a copy of this checkout as a clone would have it (tracked and unignored files only, no
/// build outputs), the library built once in it, then a fresh kernel that loads the kit exactly as the committed
/// notebooks do and runs data → model → metric.
/// </summary>
public sealed class FreshKernelTests
{
    [Fact]
    public async Task FreshKernel_CleanCopyOfRepository_LoadsKitTheDocumentedWayAndEvaluatesAModel()
    {
        // The copy holds a full build (about 1.4 GB): remove it whatever the outcome, after the kernel has exited.
        using var copy = new TempFolder("rk-clone-");
        await LoadKitAndEvaluateAsync(copy.Path);
    }

    private static async Task LoadKitAndEvaluateAsync(string copy)
    {
        foreach (var file in Git("ls-files", "-co", "--exclude-standard").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var from = Path.Combine(RepoRoot.Path, file);
            if (!File.Exists(from)) continue; // deleted in the work tree
            var to = Path.Combine(copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
        Assert.False(Directory.Exists(Path.Combine(copy, "artifacts")), "a clean copy has no staged kit");
        Run("dotnet", copy, "build", Path.Combine("src", "ResearchKit", "ResearchKit.csproj"), "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly");

        var notebook = IpynbReader.Load(Path.Combine(copy, "notebooks", "00_quick_start.ipynb"));
        var loadCell = notebook.Cells.First(c => c.IsCode).Source; // the documented way, as committed
        await using var kernel = await KernelSession.StartAsync(KernelTool.Find(copy), Path.Combine(copy, "notebooks"), TimeSpan.FromMinutes(3));
        var load = await kernel.SubmitAsync(loadCell, "csharp", TimeSpan.FromMinutes(2));
        Assert.True(load.Succeeded, load.Error);
        var run = await kernel.SubmitAsync("""
            var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 300, Items = 120, Seed = 7 });
            var split = Splits.Stratified(shop.Dataset, 0.75, 7);
            var result = Experiment.Run(shop.Dataset.Name, split.Train, split.Test, ExperimentModel.FromList("pop,itemknn"), new ExperimentOptions { Seed = 7 });
            Console.Write(result.Models.Count == 2 && result.Models.All(m => m.Metrics["ndcg@10"] > 0) ? "ok" : "no metrics");
            """, "csharp", TimeSpan.FromMinutes(2));
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal("ok", Assert.IsType<StreamOutput>(run.Outputs.Single()).Text);
    }

    private static string Git(params string[] args) => Run("git", RepoRoot.Path, args);

    private static string Run(string file, string directory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {output}{err.Result}");
        return output;
    }
}
