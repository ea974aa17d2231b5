using ResearchKit.Data;

namespace ResearchKit.Tests.Data;

public class IdMapTests
{
    [Fact]
    public void GetOrAdd_AssignsDenseIdsInFirstSeenOrder()
    {
        var map = new IdMap();
        Assert.Equal(0, map.GetOrAdd("b"));
        Assert.Equal(1, map.GetOrAdd(42L));
        Assert.Equal(0, map.GetOrAdd("b"));
        Assert.Equal(1, map.GetOrAdd("42"));
        Assert.Equal("42", map.ToExternal(1));
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void ToDense_UnknownId_ThrowsNamingId()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => new IdMap().ToDense("zz"));
        Assert.Contains("zz", e.Message, StringComparison.Ordinal);
    }
}
