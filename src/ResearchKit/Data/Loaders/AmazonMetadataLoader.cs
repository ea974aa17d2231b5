using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Reads Amazon product metadata (JSON lines, optionally .gz) into an <see cref="ItemCatalog"/> for the items of a
/// loaded review set. Two formats:
/// <list type="bullet">
/// <item>2018 (<c>meta_Category.json.gz</c>): <c>asin</c>, <c>title</c>, <c>brand</c>, <c>price</c> as text
/// ("$12.99", a range "$5.00 - $9.00" gives its lower end, "" or text without a number is unknown),
/// <c>category</c> (path, most general first), <c>main_cat</c>;</item>
/// <item>2023 (<c>meta_Category.jsonl.gz</c>): <c>parent_asin</c>, <c>title</c>, <c>store</c> (the brand),
/// <c>price</c> (number or null), <c>categories</c>, <c>main_category</c>.</item>
/// </list>
/// The category is the second level of the path when there is one (the first is usually the file's own department,
/// the same for every product), else the first level, else the main category. Products not in the review set are
/// skipped and counted in <see cref="AmazonMetadata.Skipped"/>.
/// </summary>
public static class AmazonMetadataLoader
{
    /// <summary>
    /// Attributes for the items of <paramref name="itemIds"/> from the metadata file at <paramref name="path"/>.
    /// A malformed line raises <see cref="CsvFormatException"/> with the file and line.
    /// </summary>
    public static AmazonMetadata Load(string path, IdMap itemIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        using var lines = new JsonLinesReader(path, "Amazon metadata file");
        var catalog = new ItemCatalog(itemIds.Count);
        long matched = 0, skipped = 0;
        var path2 = new List<string>(4);
        while (lines.TryRead(out var json))
        {
            if ((lines.Line & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var product = Parse(json, path, lines.Line, path2);
            if (!itemIds.TryGetDense(product.Id!, out var item)) { skipped++; continue; }   // Parse has checked the id
            matched++;
            if (product.Title is { Length: > 0 } title) catalog.Title[item] = title;
            if (product.Brand is { Length: > 0 } brand) catalog.Brand[item] = catalog.BrandNames.GetOrAdd(brand);
            catalog.Price[item] = product.Price;
            var category = path2.Count > 1 ? path2[1] : path2.Count == 1 ? path2[0] : product.MainCategory;
            if (category is { Length: > 0 }) catalog.Category[item] = catalog.CategoryNames.GetOrAdd(category);
        }
        return new AmazonMetadata(catalog, matched, skipped);
    }

    /// <summary>
    /// The metadata file that belongs to the reviews at <paramref name="reviewsPath"/>, if one lies next to it:
    /// <c>meta_</c> + the reviews' name without extensions and without a 5-core <c>_5</c> suffix, as .jsonl, .json,
    /// .jsonl.gz or .json.gz (e.g. <c>Electronics_5.json.gz</c> → <c>meta_Electronics.json.gz</c>).
    /// </summary>
    public static string? FindNextTo(string reviewsPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(reviewsPath))!;
        var name = Path.GetFileName(reviewsPath);
        foreach (var ext in new[] { ".gz", ".jsonl", ".json" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        if (name.StartsWith("meta_", StringComparison.OrdinalIgnoreCase)) return null;
        if (name.EndsWith("_5", StringComparison.Ordinal)) name = name[..^2];
        foreach (var ext in new[] { ".jsonl", ".json", ".jsonl.gz", ".json.gz" })
        {
            var candidate = Path.Combine(dir, "meta_" + name + ext);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private record struct Product(string? Id, int IdRank, string? Title, string? Brand, float Price, string? MainCategory);

    private static Product Parse(ReadOnlySpan<byte> json, string path, long line, List<string> categoryPath)
    {
        var p = new Product(null, int.MaxValue, null, null, float.NaN, null);
        categoryPath.Clear();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new CsvFormatException(path, line, null, "a JSON object per line (the 2014 metadata files are Python literals: convert them to JSON first)", Encoding.UTF8.GetString(json[..Math.Min(40, json.Length)]));
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "parent_asin" or "asin" when reader.TokenType == JsonTokenType.String:
                        var rank = name == "parent_asin" ? 0 : 1;
                        if (rank < p.IdRank) p = p with { Id = reader.GetString(), IdRank = rank };
                        break;
                    case "title" when reader.TokenType == JsonTokenType.String: p = p with { Title = reader.GetString() }; break;
                    case "brand" or "store" when reader.TokenType == JsonTokenType.String: p = p with { Brand = p.Brand is { Length: > 0 } && name == "store" ? p.Brand : reader.GetString()?.Trim() }; break;
                    case "price": p = p with { Price = Price(ref reader) }; break;
                    case "main_cat" or "main_category" when reader.TokenType == JsonTokenType.String: p = p with { MainCategory = reader.GetString() }; break;
                    case "category" or "categories" when reader.TokenType == JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType == JsonTokenType.String) { if (reader.GetString() is { Length: > 0 } c) categoryPath.Add(c); }
                            else reader.Skip();
                        }
                        break;
                    default:
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new CsvFormatException(path, line, null, "valid JSON (one object per line)", e.Message);
        }
        if (p.Id is null) throw new CsvFormatException(path, line, "parent_asin/asin", "a product id field");
        return p;
    }

    // 12.99, "12.99", "$12.99", "$1,299.00", "$5.00 - $9.00" (lower end); anything else is unknown (NaN).
    private static float Price(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number)) return (float)number;
        if (reader.TokenType != JsonTokenType.String) return float.NaN;
        var text = reader.GetString()!.AsSpan().Trim();
        var start = text.IndexOfAnyInRange('0', '9');
        if (start < 0) return float.NaN;
        var end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or ',')) end++;
        var digits = text[start..end].ToString().Replace(",", "", StringComparison.Ordinal);
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (float)value : float.NaN;
    }
}

/// <summary>Result of <see cref="AmazonMetadataLoader.Load"/>.</summary>
/// <param name="Catalog">Attributes per item of the review set (missing where a product had no metadata line).</param>
/// <param name="Matched">Metadata lines whose product is in the review set.</param>
/// <param name="Skipped">Metadata lines for other products.</param>
public sealed record AmazonMetadata(ItemCatalog Catalog, long Matched, long Skipped);
