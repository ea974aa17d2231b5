using System.Text;
using ResearchKit.Data;

namespace ResearchKit.Tests.Data.Loaders;

public class MovieLensReleasesTests
{
    private static string[] TagsOf(Dataset data, string movie) =>
        [.. data.Items!.Tags![data.ItemIds.ToDense(movie)].Select(t => data.Items.TagNames.ToExternal(t))];

    [Fact]
    public void Load_10M_DoubleColonWithoutUsersAndTagsDat()
    {
        using var dir = new TempDir();
        dir.Write("ml-10M100K/ratings.dat", "1::122::5::838985046\n1::185::4.5::838983525\n2::122::3::838983392\n", Encoding.Latin1);
        dir.Write("ml-10M100K/movies.dat", "122::Boomerang (1992)::Comedy|Romance\n185::Net, The (1995)::Action|Crime|Thriller\n", Encoding.Latin1);
        dir.Write("ml-10M100K/tags.dat", "15::122::dating::1138537770\n20::122::Comedy::1188263867\n20::999::ignored::1188263867\n", Encoding.Latin1);
        var data = DataSpec.Load($"movielens:{Path.Combine(dir.Root, "ml-10M100K")}");
        Assert.Equal("movielens-10m", data.Name);
        Assert.Equal(4.5f, data.Interactions.Values[1]);
        Assert.Null(data.Users);
        Assert.Equal(["Comedy", "Romance", "dating"], TagsOf(data, "122"));
        Assert.Equal("Comedy", data.Items!.CategoryNames.ToExternal(data.Items.Category[data.ItemIds.ToDense("122")]));
    }

    [Theory]
    [InlineData("ml-20m", "movielens-20m")]
    [InlineData("ml-25m", "movielens-25m")]
    [InlineData("ml-32m", "movielens-32m")]
    [InlineData("ml-latest-small", "movielens-latest")]
    public void Load_CsvReleases_HeaderNoGenresAndTagsCsv(string folder, string name)
    {
        using var dir = new TempDir();
        dir.Write($"{folder}/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964981247\n2,1,0.5,1445714835\n");
        dir.Write($"{folder}/movies.csv", "movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n2,\"Lost, The (2020)\",(no genres listed)\n");
        dir.Write($"{folder}/tags.csv", "userId,movieId,tag,timestamp\n2,1,pixar,1445714994\n3,1,\"fun, clever\",1445714995\n2,1,pixar,1445714996\n");
        var data = DataSpec.Load($"movielens:{Path.Combine(dir.Root, folder, "ratings.csv")}");
        Assert.Equal(name, data.Name);
        Assert.Equal(["Animation", "Comedy", "pixar", "fun, clever"], TagsOf(data, "1"));   // user tags in order of first appearance
        Assert.Empty(TagsOf(data, "2"));
        Assert.Equal(-1, data.Items!.Category[data.ItemIds.ToDense("2")]);
        Assert.False(data.Items.TagNames.TryGetDense("(no genres listed)", out _));
        Assert.False(data.Items.CategoryNames.TryGetDense("(no genres listed)", out _));
    }
}
