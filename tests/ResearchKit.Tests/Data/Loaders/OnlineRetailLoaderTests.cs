using System.Text;
using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class OnlineRetailLoaderTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    [Fact]
    public void Load_DropsCancellationsAndMissingCustomers_WithCounts()
    {
        using var dir = new TempDir();
        var path = dir.Write("retail.csv", Header +
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n" +
            "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom\n" +
            "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n" +
            "536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n" +
            "536370,22728,\"ALARM CLOCK BAKELIKE PINK, SMALL\",24,2010-12-01 08:45:00,3.75,12583,France\n" +
            "536371,22728,ALARM CLOCK BAKELIKE PINK,-2,12/1/2010 9:00,3.75,12583,France\n");
        var data = DataSpec.Load($"onlineretail:{path}");
        Assert.Equal(3, data.Interactions.Count);
        Assert.Equal(["17850", "12583"], data.UserIds.Ids);
        Assert.All(data.Interactions.Kinds.ToArray(), k => Assert.Equal(EventKind.Purchase, k));
        Assert.Equal(24f, data.Interactions.Values[2]);
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero).ToUnixTimeSeconds(), data.Interactions.Timestamps[0]);
        Assert.Equal(1, data.Report!.Dropped[OnlineRetailLoader.Cancelled]);
        Assert.Equal(1, data.Report.Dropped[OnlineRetailLoader.MissingCustomer]);
        Assert.Equal(1, data.Report.Dropped[OnlineRetailLoader.NonPositiveQuantity]);
        var clock = data.ItemIds.ToDense("22728");
        Assert.Equal("ALARM CLOCK BAKELIKE PINK, SMALL", data.Items!.Title[clock]);
        Assert.Equal(3.75f, data.Items.Price[clock]);
        Assert.Equal("France", data.Users!.Categorical("country")[1]);
    }

    [Fact]
    public void Load_Latin1File_FallsBack_AndOnlineRetailIIHeaderWorks()
    {
        using var dir = new TempDir();
        var path = dir.Write("ii.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n489434,85048,CAFÉ LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n", Encoding.Latin1);
        var data = OnlineRetailLoader.Load(path);
        Assert.Equal("CAFÉ LIGHTS", data.Items!.Title[0]);
        Assert.Equal("13085", data.UserIds.ToExternal(0));
    }

    [Fact]
    public void Load_MissingColumn_IsClearError()
    {
        using var dir = new TempDir();
        var path = dir.Write("x.csv", "InvoiceNo,StockCode,Quantity\n1,2,3\n");
        var e = Assert.Throws<CsvFormatException>(() => OnlineRetailLoader.Load(path));
        Assert.Contains("Description", e.Message, StringComparison.Ordinal);
    }
}
