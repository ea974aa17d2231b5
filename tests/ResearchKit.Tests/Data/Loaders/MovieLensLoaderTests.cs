using System.Text;
using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class MovieLensLoaderTests
{
    [Fact]
    public void Load_100k_RatingsGenresAndUsers()
    {
        using var dir = new TempDir();
        dir.Write("ml-100k/u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t881251000\n");
        var flags = (int[] on) => string.Join("|", Enumerable.Range(0, 19).Select(g => on.Contains(g) ? "1" : "0"));
        dir.Write("ml-100k/u.item",
            $"242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|{flags([5])}\n" +
            $"302|L.A. Confidential (1997)|01-Jan-1997||http://us.imdb.com/x|{flags([6, 10, 16])}\n" +
            $"1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/y|{flags([3, 4, 5])}\n", Encoding.Latin1);
        dir.Write("ml-100k/u.user", "196|49|M|writer|55105\n186|39|F|executive|00000\n");
        var data = DataSpec.Load($"movielens:{Path.Combine(dir.Root, "ml-100k")}");
        Assert.Equal("movielens-100k", data.Name);
        Assert.Equal(3, data.Interactions.Count);
        Assert.Equal(EventKind.Rating, data.Interactions.Kinds[2]);
        Assert.Equal(5f, data.Interactions.Values[2]);
        Assert.Equal(881251000L, data.Interactions.Timestamps[2]);
        Assert.Equal(["196", "186"], data.UserIds.Ids);
        Assert.Equal(["242", "302"], data.ItemIds.Ids);   // Toy Story has no ratings here
        var lac = data.ItemIds.ToDense("302");
        Assert.Equal("L.A. Confidential (1997)", data.Items!.Title[lac]);
        Assert.Equal(["Crime", "Film-Noir", "Thriller"], data.Items.Tags![lac].Select(t => data.Items.TagNames.ToExternal(t)));
        Assert.Equal("Crime", data.Items.CategoryNames.ToExternal(data.Items.Category[lac]));
        Assert.Equal(49f, data.Users!.Numeric("age")[0]);
        Assert.Equal("executive", data.Users.Categorical("occupation")[1]);
    }

    [Fact]
    public void Load_1M_DoubleColonLatin1()
    {
        using var dir = new TempDir();
        dir.Write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n", Encoding.Latin1);
        dir.Write("movies.dat", "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n2::Misérables, Les (1995)::Drama|Musical\n", Encoding.Latin1);
        dir.Write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n", Encoding.Latin1);
        var data = MovieLensLoader.Load(Path.Combine(dir.Root, "ratings.dat"));
        Assert.Equal("movielens-1m", data.Name);
        Assert.Equal(3, data.Interactions.Count);
        var peach = data.ItemIds.ToDense("661");
        Assert.Equal(["Animation", "Children's", "Musical"], data.Items!.Tags![peach].Select(t => data.Items.TagNames.ToExternal(t)));
        Assert.Equal("F", data.Users!.Categorical("gender")[0]);
        Assert.Equal(56f, data.Users.Numeric("age")[1]);
    }

    [Fact]
    public void Load_Latest_QuotedTitlesAndHalfStars()
    {
        using var dir = new TempDir();
        dir.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,11,3.5,964981247\n2,11,0.5,1445714835\n");
        dir.Write("movies.csv", "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n11,\"American President, The (1995)\",Comedy|Drama|Romance\n");
        var data = DataSpec.Load($"movielens:{dir.Root}");
        Assert.Equal("movielens-latest", data.Name);
        Assert.Equal(0.5f, data.Interactions.Values[2]);
        Assert.Equal("American President, The (1995)", data.Items!.Title[data.ItemIds.ToDense("11")]);
        Assert.Null(data.Users);
    }

    [Fact]
    public void Load_BadRatingRow_NamesLine_AndMissingFolderIsClear()
    {
        using var dir = new TempDir();
        dir.Write("u.data", "196\t242\t3\t881250949\n186\t302\tthree\t891717742\n");
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"movielens:{dir.Root}"));
        Assert.Equal(2, e.Line);
        Assert.Contains("u.data line 2, column '3'", e.Message, StringComparison.Ordinal);
        var skipped = DataSpec.Load($"movielens:{dir.Root}", new DataLoadOptions { SkipBadRows = true });
        Assert.Equal(1, skipped.Report!.BadRowsSkipped);
        var missing = Assert.Throws<FileNotFoundException>(() => DataSpec.Load($"movielens:{Path.Combine(dir.Root, "nope")}"));
        Assert.Contains("data/README.md", missing.Message, StringComparison.Ordinal);
    }
}
