using System.CommandLine;
using ResearchKit.Models.Deep.Torch;
using TorchSharp;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit torch [--device cpu|cuda|auto]</c>: loads TorchSharp the way the deep models do (with the libstdc++
/// compatibility step where the system needs it), runs one small matrix product on the chosen device and says which
/// libraries and device were used. A quick check of a machine before training.
/// </summary>
internal static class TorchCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto (CUDA where available).", DefaultValueFactory = _ => "auto" };
        var command = new Command("torch", "Load TorchSharp, run a small tensor op, and show the libraries and device used.") { device };
        command.SetAction(result => CliErrors.Guard("torch", () =>
        {
            var chosen = TorchRuntime.ResolveDevice(result.GetValue(device)!);
            Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, LibTorch {TorchRuntime.LibTorchVersion}");
            if (TorchRuntime.LibTorchDirectory is { } dir) Console.WriteLine($"libtorch: {dir}");
            if (TorchRuntime.GlueLibraryPath is { } glue) Console.WriteLine($"glue: {glue}{(TorchRuntime.UsesCompatCopy ? " (compatibility copy: the system libstdc++ lacks a version the original needs)" : "")}");
            Console.WriteLine($"cuda available: {torch.cuda.is_available()}; device: {chosen.type.ToString().ToLowerInvariant()}; threads: {torch.get_num_threads()}");
            using var scope = torch.NewDisposeScope();
            var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2], device: chosen);   // (2, 2)
            var product = a.matmul(a).cpu();                                             // (2, 2): [[7, 10], [15, 22]]
            Console.WriteLine($"[[1,2],[3,4]]² = [[{product[0, 0].item<float>()},{product[0, 1].item<float>()}],[{product[1, 0].item<float>()},{product[1, 1].item<float>()}]]");
            return 0;
        }));
        return command;
    }
}
