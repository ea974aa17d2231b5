namespace ResearchKit.Data;

/// <summary>
/// Item attributes indexed by dense item id. Every column is optional: a loader fills what its source has.
/// Missing prices are <see cref="float.NaN"/>; missing categories / brands are -1; missing titles are null.
/// Categories and brands are dense codes into <see cref="CategoryNames"/> / <see cref="BrandNames"/>.
/// </summary>
public sealed class ItemCatalog
{
    /// <summary>Creates a catalog for <paramref name="count"/> items with every attribute missing.</summary>
    public ItemCatalog(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Category = new int[count];
        Brand = new int[count];
        Price = new float[count];
        Title = new string?[count];
        Array.Fill(Category, -1);
        Array.Fill(Brand, -1);
        Array.Fill(Price, float.NaN);
    }

    /// <summary>Number of items.</summary>
    public int Count { get; }

    /// <summary>Category code per item (-1 = unknown).</summary>
    public int[] Category { get; }

    /// <summary>Brand code per item (-1 = unknown).</summary>
    public int[] Brand { get; }

    /// <summary>Price per item (NaN = unknown).</summary>
    public float[] Price { get; }

    /// <summary>Title per item (null = unknown).</summary>
    public string?[] Title { get; }

    /// <summary>Names of the category codes.</summary>
    public IdMap CategoryNames { get; } = new();

    /// <summary>Names of the brand codes.</summary>
    public IdMap BrandNames { get; } = new();

    /// <summary>Optional multi-label genres / tags per item (e.g. MovieLens genres); null when the source has none.</summary>
    public int[][]? Tags { get; set; }

    /// <summary>Names of the tag codes.</summary>
    public IdMap TagNames { get; } = new();

    /// <summary>True when at least one item has a known category.</summary>
    public bool HasCategories => Array.Exists(Category, c => c >= 0);

    /// <summary>True when at least one item has a known price.</summary>
    public bool HasPrices => Array.Exists(Price, p => !float.IsNaN(p));

    /// <summary>Returns a catalog with room for <paramref name="count"/> items, copying this one's attributes.</summary>
    public ItemCatalog Resize(int count)
    {
        var c = new ItemCatalog(count);
        var n = Math.Min(count, Count);
        Array.Copy(Category, c.Category, n);
        Array.Copy(Brand, c.Brand, n);
        Array.Copy(Price, c.Price, n);
        Array.Copy(Title, c.Title, n);
        foreach (var name in CategoryNames.Ids) c.CategoryNames.GetOrAdd(name);
        foreach (var name in BrandNames.Ids) c.BrandNames.GetOrAdd(name);
        foreach (var name in TagNames.Ids) c.TagNames.GetOrAdd(name);
        if (Tags is not null)
        {
            c.Tags = new int[count][];
            for (var i = 0; i < count; i++) c.Tags[i] = i < Tags.Length ? Tags[i] : [];
        }
        return c;
    }
}
