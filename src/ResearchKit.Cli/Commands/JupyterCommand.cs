using System.CommandLine;
using ResearchKit.Notebooks.Kernel;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit jupyter install [--path DIR]</c>: registers the pinned .NET Interactive kernel with Jupyter in a folder the
/// user chooses (default out/jupyter/kernels), listening on localhost only; prints the JUPYTER_PATH to use.
/// </summary>
internal static class JupyterCommand
{
    public static Command Create()
    {
        var path = new Option<string?>("--path") { Description = "Kernels folder to write the kernelspecs into (default: out/jupyter/kernels under the repository)." };
        var install = new Command("install", "Write the .NET Interactive kernelspecs (.net-csharp, .net-fsharp, .net-powershell) for Jupyter.") { path };
        install.SetAction(result =>
        {
            try
            {
                var root = RepoRoot.Find();
                var target = Path.GetFullPath(result.GetValue(path) ?? Path.Combine(root, "out", "jupyter", "kernels"));
                var specs = JupyterKernelSpec.Install(KernelTool.Find(root), target);
                foreach (var spec in specs) Console.WriteLine(spec);
                var parent = Path.GetFileName(target) == "kernels" ? Path.GetDirectoryName(target) : null;
                Console.Error.WriteLine(parent is null
                    ? $"kit jupyter: installed {specs.Count} kernelspecs in {target}; Jupyter finds kernels in <dir>/kernels for each dir on JUPYTER_PATH, so use a folder named 'kernels'."
                    : $"kit jupyter: installed {specs.Count} kernelspecs; run Jupyter with JUPYTER_PATH={parent} (e.g. JUPYTER_PATH={parent} jupyter nbconvert --to notebook --execute notebooks/00_quick_start.ipynb).");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"kit jupyter: {e.Message}");
                return 1;
            }
        });
        return new Command("jupyter", "Register the notebook kernel with Jupyter (JupyterLab, nbconvert, nbclient).") { install };
    }
}
