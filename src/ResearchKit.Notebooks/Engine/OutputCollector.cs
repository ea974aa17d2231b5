using System.Text;

namespace ResearchKit.Notebooks.Engine;

/// <summary>
/// The ordered outputs of one running submission. Writes may come from any thread the cell starts
/// (Parallel.For, tasks), so every append is locked; consecutive stream writes of the same name merge into one output.
/// </summary>
internal sealed class OutputCollector
{
    private readonly List<object> _items = []; // CellOutput or a StringBuilder for an open stream
    private readonly List<string> _streamNames = [];
    private readonly Lock _lock = new();

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (_lock)
        {
            if (_items.Count > 0 && _items[^1] is StringBuilder open && _streamNames[^1] == stream)
            {
                open.Append(text);
                return;
            }
            _items.Add(new StringBuilder(text));
            _streamNames.Add(stream);
        }
    }

    public void Add(CellOutput output)
    {
        lock (_lock)
        {
            _items.Add(output);
            _streamNames.Add("");
        }
    }

    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (_lock)
        {
            var result = new List<CellOutput>(_items.Count);
            for (var i = 0; i < _items.Count; i++)
                result.Add(_items[i] is StringBuilder sb ? new StreamOutput(_streamNames[i], sb.ToString()) : (CellOutput)_items[i]);
            return result;
        }
    }
}
