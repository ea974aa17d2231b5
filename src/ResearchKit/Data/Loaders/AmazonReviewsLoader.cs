using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Loads Amazon review dumps in JSON lines (optionally .gz): the 2014/2018 format (<c>reviewerID</c>, <c>asin</c>,
/// <c>overall</c>, <c>unixReviewTime</c> in seconds) and the 2023 format (<c>user_id</c>, <c>parent_asin</c> or
/// <c>asin</c>, <c>rating</c>, <c>timestamp</c> in milliseconds). Each line becomes a <see cref="EventKind.Rating"/>.
/// Only top-level fields are read; nested values (images, helpful votes) are skipped without being materialised.
/// </summary>
public static class AmazonReviewsLoader
{
    private static readonly byte[][] UserKeys = ["user_id"u8.ToArray(), "reviewerID"u8.ToArray()];
    private static readonly byte[][] ItemKeys = ["parent_asin"u8.ToArray(), "asin"u8.ToArray()];
    private static readonly byte[][] RatingKeys = ["rating"u8.ToArray(), "overall"u8.ToArray()];
    private static readonly byte[][] TimeKeys = ["timestamp"u8.ToArray(), "unixReviewTime"u8.ToArray()];

    /// <summary>Value of the <c>metadataPath</c> argument that looks for the metadata file next to the reviews.</summary>
    public const string AutoMetadata = "auto";

    /// <summary>
    /// Loads the JSON-lines file at <paramref name="path"/>. With <paramref name="metadataPath"/> = <see cref="AutoMetadata"/>
    /// (the default) product metadata next to it (<see cref="AmazonMetadataLoader.FindNextTo"/>) fills the item catalog
    /// (title, brand, price, category); give a path to name the file, or null for none.
    /// </summary>
    public static Dataset Load(string path, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null,
        CancellationToken ct = default, string? metadataPath = AutoMetadata)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        using var lines = new JsonLinesReader(path, "Amazon reviews file", options.MaxLineLength);
        var tally = new LoadTally(path, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        var chars = new char[256];
        while (!tally.Full && lines.TryRead(out var json))
        {
            var line = lines.Line;
            tally.RowsRead++;
            if ((tally.RowsRead & 0xFFFF) == 0) { ct.ThrowIfCancellationRequested(); progress?.Report(new(lines.Progress.Position, lines.Progress.Length, tally.RowsRead)); }
            try
            {
                var review = Parse(json, path, line);
                log.Add(users.GetOrAdd(Decode(review.User, ref chars)), items.GetOrAdd(Decode(review.Item, ref chars)), review.Rating, review.Time, EventKind.Rating);
                tally.RowsLoaded++;
            }
            catch (CsvFormatException e) { tally.Bad(e); }
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(path, 0, null, "at least one JSON review line", tally.RowsRead == 0 ? "an empty file" : "only bad lines");
        var name = options.Name ?? "amazon-" + Path.GetFileName(path).Split('.')[0];
        var meta = metadataPath == AutoMetadata ? AmazonMetadataLoader.FindNextTo(path) : metadataPath;
        var metadata = meta is null ? null : AmazonMetadataLoader.Load(meta, items, ct);
        if (metadata is { Skipped: > 0 }) tally.Drop("metadata lines for products without reviews", metadata.Skipped);
        return new Dataset(name, log.Build(), users, items, metadata?.Catalog) { Report = tally.Report() };
    }

    private ref struct Review
    {
        public ReadOnlySpan<byte> User, Item;
        public float Rating;
        public long Time;
    }

    private static Review Parse(ReadOnlySpan<byte> json, string path, long line)
    {
        var review = new Review { Rating = float.NaN };
        int userRank = int.MaxValue, itemRank = int.MaxValue;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new CsvFormatException(path, line, null, "a JSON object per line", Encoding.UTF8.GetString(json[..Math.Min(40, json.Length)]));
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                int u = Rank(UserKeys, name), i = Rank(ItemKeys, name), r = Rank(RatingKeys, name), t = Rank(TimeKeys, name);
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) { reader.Skip(); continue; }
                if (u < userRank && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped) { review.User = reader.ValueSpan; userRank = u; }
                else if (i < itemRank && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped) { review.Item = reader.ValueSpan; itemRank = i; }
                else if (r < int.MaxValue)
                {
                    var v = Number(ref reader, path, line, "rating");
                    if (!TimeParsing.TryToValue(v, out review.Rating)) throw new CsvFormatException(path, line, "rating", TimeParsing.ExpectedValue, Encoding.UTF8.GetString(reader.ValueSpan));
                }
                else if (t < int.MaxValue)
                {
                    var v = Number(ref reader, path, line, "timestamp");
                    if (!TimeParsing.TryFromNumber(v, out review.Time)) throw new CsvFormatException(path, line, "timestamp", TimeParsing.Expected, Encoding.UTF8.GetString(reader.ValueSpan));
                }
            }
        }
        catch (JsonException e)
        {
            throw new CsvFormatException(path, line, null, "valid JSON (one object per line)", e.Message);
        }
        if (review.User.IsEmpty) throw new CsvFormatException(path, line, "user_id/reviewerID", "a user id field");
        if (review.Item.IsEmpty) throw new CsvFormatException(path, line, "parent_asin/asin", "an item id field");
        if (float.IsNaN(review.Rating)) throw new CsvFormatException(path, line, "rating/overall", "a rating field");
        return review;
    }

    private static int Rank(byte[][] keys, ReadOnlySpan<byte> name)
    {
        for (var k = 0; k < keys.Length; k++) if (name.SequenceEqual(keys[k])) return k;
        return int.MaxValue;
    }

    private static double Number(ref Utf8JsonReader reader, string path, long line, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d)) return d;
        if (reader.TokenType == JsonTokenType.String && Utf8Parser.TryParse(reader.ValueSpan, out double s, out var used) && used == reader.ValueSpan.Length) return s;
        throw new CsvFormatException(path, line, field, "a number", Encoding.UTF8.GetString(reader.ValueSpan));
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] chars)
    {
        if (chars.Length < utf8.Length) chars = new char[utf8.Length * 2];
        var n = Encoding.UTF8.GetChars(utf8, chars);
        return chars.AsSpan(0, n);
    }
}
