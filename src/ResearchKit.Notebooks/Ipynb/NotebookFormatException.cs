namespace ResearchKit.Notebooks.Ipynb;

/// <summary>An .ipynb file that is not a readable nbformat 4 notebook; the message names the file and the field.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);
