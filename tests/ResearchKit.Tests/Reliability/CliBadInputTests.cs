using ResearchKit.Tests.Cli;

namespace ResearchKit.Tests.Reliability;

/// <summary>
/// The <c>kit</c> entry point on bad input, as a process: exit code 2, one clear line naming the file/line/field or
/// the argument, and no .NET stack trace.
/// </summary>
public sealed class CliBadInputTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    private static void AssertBadInput((int ExitCode, string Out, string Error) run, params string[] expected)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; stderr: {run.Error}");
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Error, StringComparison.Ordinal);
        foreach (var e in expected) Assert.Contains(e, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_InfiniteRating_NamesFileLineAndColumn()
    {
        var path = files.WithField("cli-inf.csv", 5, 2, "Infinity");
        AssertBadInput(KitProcess.Run(files.Root, "data", $"csv:{path}?value=rating&time=time"),
            $"{path} line 5, column 'rating'", "finite");
    }

    [Fact]
    public void Data_TruncatedGzip_IsAnErrorNotHalfTheRows()
    {
        AssertBadInput(KitProcess.Run(files.Root, "data", $"csv:{files.TruncatedGz}?value=rating&time=time"), files.TruncatedGz, "ends early");
    }

    [Fact]
    public void Data_NotGzip_ClearErrorWithoutStackTrace()
    {
        AssertBadInput(KitProcess.Run(files.Root, "data", $"csv:{files.NotGz}"), files.NotGz, "gzip");
    }

    [Fact]
    public void Data_Fifo_RefusedAtOnce()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = BadInputFiles.MakeFifo(files.Root);
        AssertBadInput(KitProcess.Run(files.Root, "data", $"csv:{fifo}"), fifo, "not a regular file");
    }

    [Fact]
    public void Data_KCoreKeepsNothing_ExitNonZero()
    {
        AssertBadInput(KitProcess.Run(files.Root, "data", $"csv:{files.Good}", "--k-core", "500"), "keeps nothing");
    }

    [Fact]
    public void Data_ToShopOverAFile_RefusedBeforeLoading()
    {
        var file = files.Write("not-a-folder", "x");
        var run = KitProcess.Run(files.Root, "data", $"csv:{files.Good}", "--to-shop", file);
        AssertBadInput(run, $"{file}: is a file; expected a folder");
        Assert.DoesNotContain("rows loaded", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_ToShop_WritesFilesTheKitReadsBack()
    {
        var dir = Path.Combine(files.Root, "shop-out");
        var run = KitProcess.Run(files.Root, "data", $"csv:{files.Good}?value=rating&time=time", "--to-shop", dir);
        Assert.True(run.ExitCode == 0, run.Error);
        var back = KitProcess.Run(files.Root, "data", $"shop:{dir}");
        Assert.True(back.ExitCode == 0, back.Error);
        Assert.Contains("40 of 40 rows loaded", back.Out, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(dir));   // no temporary folder left behind
    }

    [Theory]
    [InlineData("1000000", "--k")]
    [InlineData("0", "--k must be ≥ 1")]
    [InlineData("99999999999", "99999999999")]   // beyond int: a parse error, not an OverflowException
    public void Experiment_KOutOfRange_ClearError(string k, string expected)
    {
        AssertBadInput(KitProcess.Run(files.Root, "experiment", "--data", "synthetic:users=60,items=30,seed=1", "--models", "pop", "--k", k,
            "--out", Path.Combine(files.Root, "k.json")), expected);
    }

    [Fact]
    public void Experiment_KAboveItems_NamesTheItemCount()
    {
        AssertBadInput(KitProcess.Run(files.Root, "experiment", "--data", "synthetic:users=60,items=30,seed=1", "--models", "pop", "--k", "31",
            "--out", Path.Combine(files.Root, "k31.json")), "number of items (30)");
    }

    [Fact]
    public void Experiment_OutIsAFolder_RefusedBeforeAnyFit()
    {
        var run = KitProcess.Run(files.Root, "experiment", "--data", "synthetic:users=60,items=30,seed=1", "--models", "pop,itemknn", "--out", files.Root);
        AssertBadInput(run, $"{files.Root}: is a folder; expected a file path");
        Assert.DoesNotContain("kit: data:", run.Error, StringComparison.Ordinal);   // nothing was loaded
    }

    [Fact]
    public void Experiment_RecsOutIsAFile_RefusedBeforeAnyFit()
    {
        var file = files.Write("recs-file", "x");
        AssertBadInput(KitProcess.Run(files.Root, "experiment", "--data", "synthetic:users=60,items=30,seed=1", "--models", "pop",
            "--out", Path.Combine(files.Root, "r.json"), "--recs-out", file), $"{file}: is a file; expected a folder");
    }

    [Fact]
    public void Experiment_TestEqualToTrain_IsAnError()
    {
        AssertBadInput(KitProcess.Run(files.Root, "experiment", "--data", $"csv:{files.Good}", "--test", $"csv:{files.Good}", "--models", "pop",
            "--out", Path.Combine(files.Root, "same.json")), "is also in the training set");
    }

    [Fact]
    public void Evaluate_OutIsAFolder_RefusedBeforeReading()
    {
        var recs = files.Write("recs.csv", "user,item,rank\nu1,i1,1\n");
        AssertBadInput(KitProcess.Run(files.Root, "evaluate", "--recs", recs, "--truth", recs, "--out", files.Root), "is a folder");
    }

    [Fact]
    public void Evaluate_InfiniteScore_NamesFileLineAndColumn()
    {
        var recs = files.Write("inf-recs.csv", "user,item,score\nu1,i1,0.5\nu1,i2,Infinity\n");
        var truth = files.Write("inf-truth.csv", "user,item\nu1,i1\nu1,i2\n");
        AssertBadInput(KitProcess.Run(files.Root, "evaluate", "--recs", recs, "--truth", truth, "--k", "1"), $"{recs} line 3, column 'score'");
    }

    [Fact]
    public void Evaluate_FifoRecs_RefusedAtOnce()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = BadInputFiles.MakeFifo(files.Root);
        var truth = files.Write("fifo-truth.csv", "user,item\nu1,i1\n");
        AssertBadInput(KitProcess.Run(files.Root, "evaluate", "--recs", fifo, "--truth", truth, "--k", "1"), "not a regular file");
    }

    [Fact]
    public void Data_SyntheticHugeUsers_BoundedClearError()
    {
        AssertBadInput(KitProcess.Run(files.Root, "data", "synthetic:users=2000000000"), "Users must be in [1, 10000000]");
    }
}
