using System.Text;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Loads the UCI Online Retail data set (and Online Retail II) saved as CSV: InvoiceNo / Invoice, StockCode,
/// Description, Quantity, InvoiceDate, UnitPrice / Price, CustomerID / Customer ID, Country. Each line becomes a
/// <see cref="EventKind.Purchase"/> of StockCode by CustomerID with value = Quantity at InvoiceDate.
/// Cancellations (invoice numbers starting with 'C'), rows with quantity ≤ 0 and rows without a customer id are
/// dropped and counted in <see cref="LoadReport.Dropped"/>. Descriptions and the latest unit price fill the catalog,
/// Country the user table. The file is read as UTF-8, falling back to Latin-1 (how Excel exports it) when it is not.
/// </summary>
public static class OnlineRetailLoader
{
    /// <summary>Report key for dropped cancellation lines.</summary>
    public const string Cancelled = "cancelled invoice (C…)";
    /// <summary>Report key for lines without a customer id.</summary>
    public const string MissingCustomer = "missing CustomerID";
    /// <summary>Report key for lines with quantity ≤ 0 that are not cancellations (adjustments).</summary>
    public const string NonPositiveQuantity = "quantity ≤ 0";

    /// <summary>Loads the CSV at <paramref name="path"/> (or the single .csv in a folder).</summary>
    public static Dataset Load(string path, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        var file = Directory.Exists(path) ? Directory.GetFiles(path, "*.csv").Order().FirstOrDefault()
            ?? throw new FileNotFoundException($"{path}: no .csv file in the folder. Save 'Online Retail.xlsx' as CSV first (see data/README.md).") : path;
        if (options.Encoding is not null) return LoadWith(file, options.Encoding, options, progress, ct);
        try { return LoadWith(file, CsvLoader.StrictUtf8, options, progress, ct); }
        catch (CsvFormatException e) when (e.InnerException is DecoderFallbackException)
        {
            return LoadWith(file, Encoding.Latin1, options, progress, ct);
        }
    }

    private static Dataset LoadWith(string file, Encoding encoding, DataLoadOptions options, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var tally = new LoadTally(file, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        var titles = new List<string?>(); var prices = new List<float>(); var countries = new List<string?>();
        using var csv = new CsvReader(file, ",", '"', true, encoding, options.MaxLineLength);
        int Col(string a, string b) => csv.IndexOf(a) is var i and >= 0 ? i : csv.Require(b);
        int invoice = Col("InvoiceNo", "Invoice"), stock = csv.Require("StockCode"), description = csv.Require("Description"),
            quantity = csv.Require("Quantity"), date = csv.Require("InvoiceDate"), price = Col("UnitPrice", "Price"),
            customer = Col("CustomerID", "Customer ID"), country = csv.Require("Country");
        var need = new[] { invoice, stock, description, quantity, date, price, customer, country }.Max() + 1;
        while (!tally.Full && csv.ReadRow())
        {
            tally.Row(csv, progress, ct);
            try
            {
                csv.RequireFields(need);
                var inv = csv[invoice].Trim();
                if (inv.Length > 0 && (inv[0] == 'C' || inv[0] == 'c')) { tally.Drop(Cancelled); continue; }
                var cust = csv[customer].Trim();
                if (cust.IsEmpty) { tally.Drop(MissingCustomer); continue; }
                if (cust.EndsWith(".0")) cust = cust[..^2];   // pandas/Excel exports write 17850.0
                var qty = csv.GetSingle(quantity);
                if (qty <= 0) { tally.Drop(NonPositiveQuantity); continue; }
                var t = TimeParsing.Read(csv, date, "InvoiceDate");
                var unit = csv.GetSingle(price);
                var u = users.GetOrAdd(cust);
                var i = items.GetOrAdd(csv.GetId(stock));
                if (i == titles.Count) { titles.Add(null); prices.Add(float.NaN); }
                if (u == countries.Count) countries.Add(null);
                var desc = csv[description].Trim();
                if (titles[i] is null && !desc.IsEmpty) titles[i] = desc.ToString();
                prices[i] = unit;
                countries[u] ??= csv[country].Trim().ToString();
                log.Add(u, i, qty, t, EventKind.Purchase);
                tally.RowsLoaded++;
            }
            catch (CsvFormatException e) { tally.Bad(e); }
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(file, 0, null, "at least one purchase line with a customer id", "none");
        var catalog = new ItemCatalog(items.Count);
        for (var i = 0; i < items.Count; i++) { catalog.Title[i] = titles[i]; catalog.Price[i] = prices[i]; }
        var table = new UserTable(users.Count);
        var countryColumn = table.Categorical("country");
        for (var u = 0; u < users.Count; u++) countryColumn[u] = countries[u];
        return new Dataset(options.Name ?? "onlineretail", log.Build(), users, items, catalog, table) { Report = tally.Report() };
    }
}
