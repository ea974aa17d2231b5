namespace ResearchKit.Tests.Models.Deep;

/// <summary>
/// Tests that train with TorchSharp run one after another: LibTorch's thread count is process-wide, and the
/// determinism tests change it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
