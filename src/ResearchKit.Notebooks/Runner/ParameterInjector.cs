using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResearchKit.Notebooks.Ipynb;

namespace ResearchKit.Notebooks.Runner;

/// <summary>
/// Papermill-style parameters: the cell tagged <c>parameters</c> declares the knobs with literal defaults
/// (<c>var epochs = 5;</c>, <c>int users = 2000;</c>, <c>string data = "synthetic";</c>); overrides become a new cell
/// tagged <c>injected-parameters</c> right after it that re-declares each overridden variable with the original's type.
/// </summary>
public static class ParameterInjector
{
    /// <summary>The tag of the cell holding the defaults.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the runner inserts.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>The declared parameters of a parameters cell: name → C# type keyword (int, double, string, …).</summary>
    public static IReadOnlyDictionary<string, string> DeclaredParameters(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<VariableDeclarationSyntax>())
            foreach (var variable in declaration.Variables)
                result[variable.Identifier.Text] = TypeOf(declaration.Type, variable.Initializer?.Value);
        return result;
    }

    /// <summary>
    /// Inserts the override cell after the <c>parameters</c> cell (replacing an earlier injected cell). Throws
    /// <see cref="ArgumentException"/> for a notebook without a parameters cell, an unknown name (listing the known
    /// ones) or a value that does not parse as the parameter's type.
    /// </summary>
    public static NotebookCell? Inject(NotebookDocument notebook, IReadOnlyDictionary<string, string> overrides, string notebookName)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(overrides);
        notebook.Cells.RemoveAll(c => c.Tags.Contains(InjectedTag));
        if (overrides.Count == 0) return null;
        var index = notebook.Cells.FindIndex(c => c.IsCode && c.Tags.Contains(ParametersTag));
        if (index < 0)
            throw new ArgumentException($"{notebookName}: parameters were given ({string.Join(", ", overrides.Keys)}) but no cell is tagged '{ParametersTag}'.");
        var declared = DeclaredParameters(notebook.Cells[index].Source);
        var lines = new List<string> { "// Parameters injected by the runner (kit notebooks -p name=value)." };
        foreach (var (name, value) in overrides)
        {
            if (!declared.TryGetValue(name, out var type))
                throw new ArgumentException($"{notebookName}: unknown parameter '{name}'; the parameters cell declares: {string.Join(", ", declared.Keys)}.");
            lines.Add($"{type} {name} = {Literal(name, type, value, notebookName)};");
        }
        var id = InjectedTag;
        for (var n = 2; notebook.Cells.Any(c => c.Id == id); n++) id = $"{InjectedTag}-{n}";
        var cell = NotebookCell.CSharp(id, string.Join('\n', lines), InjectedTag);
        notebook.Cells.Insert(index + 1, cell);
        return cell;
    }

    /// <summary>The C# literal of <paramref name="value"/> as a <paramref name="type"/>.</summary>
    public static string Literal(string name, string type, string value, string notebookName = "notebook")
    {
        var inv = CultureInfo.InvariantCulture;
        string Bad() => $"{notebookName}: parameter '{name}' is {type}; '{value}' is not a valid {type}.";
        return type switch
        {
            "int" => int.TryParse(value, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : throw new ArgumentException(Bad()),
            "long" => long.TryParse(value, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + "L" : throw new ArgumentException(Bad()),
            "double" => double.TryParse(value, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? DoubleLiteral(d) : throw new ArgumentException(Bad()),
            "float" => float.TryParse(value, NumberStyles.Float, inv, out var f) && float.IsFinite(f) ? f.ToString("R", inv) + "f" : throw new ArgumentException(Bad()),
            "decimal" => decimal.TryParse(value, NumberStyles.Float, inv, out var m) ? m.ToString(inv) + "m" : throw new ArgumentException(Bad()),
            "bool" => bool.TryParse(value, out var b) ? (b ? "true" : "false") : throw new ArgumentException(Bad()),
            "string" => SymbolDisplay.FormatLiteral(value, quote: true),
            _ => throw new ArgumentException($"{notebookName}: parameter '{name}' cannot be overridden: it is not declared with a literal of type int, long, double, float, decimal, bool or string."),
        };
    }

    private static string DoubleLiteral(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }

    private static string TypeOf(TypeSyntax declared, ExpressionSyntax? initializer)
    {
        if (!declared.IsVar) return declared.ToString();
        var literal = initializer is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } neg ? neg.Operand : initializer;
        return literal is LiteralExpressionSyntax lit ? lit.Token.Value switch
        {
            int => "int",
            long => "long",
            double => "double",
            float => "float",
            decimal => "decimal",
            bool => "bool",
            string => "string",
            _ => "?",
        } : "?";
    }
}
